import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { outsidePackageContents } from '../../scripts/package-contents';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The files `npm pack` would put in the tarball of the package in `dir`, without writing it. */
function packedFiles(dir: string): string[] {
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return report.files.map((file: { path: string }) => file.path).sort();
}

/** What the library's files are, and what a working copy holds beside them after a build, a test run and an example synth. */
const LIBRARY = ['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'docs/checks.md',
  'lib/index.js', 'lib/index.d.ts', 'lib/cli.js', 'lib/cli.d.ts', 'lib/checks/rules/public-repository.js', 'lib/checks/rules/public-repository.d.ts'];
const WORKING_COPY = ['src/index.ts', 'lib/index.ts', 'lib/tsconfig.tsbuildinfo', 'tsconfig.tsbuildinfo', 'test/package/tarball.test.ts',
  'cdk.out/manifest.json', 'cdk.out/Platform.template.json', 'bench/scale.ts', 'scripts/consumer-check.ts', 'examples/registry.ts',
  '.ci/run', 'rosetta/default.ts-fixture', '.jsii.tabl.json', 'npm-debug.log', 'synth.log', 'dist/js/cdk-ecr-access@0.0.0.jsii.tgz',
  'coverage/lcov.info', 'test-reports/junit.xml', 'tsconfig.json', 'tsconfig.dev.json', '.projenrc.ts', '.projen/tasks.json',
  '.eslintrc.json', '.github/workflows/build.yml', 'CONTRIBUTING.md', 'docs/images/flow.svg', '.npmrc'];

describe('the npm package holds only the library', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ecr-access-pack-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('package.json `files` packs the library and nothing else a working copy holds', () => {
    // GIVEN this package.json's packing fields in a directory that holds the library and a working copy's clutter
    const { name, version, main, types, bin, files } = pkg;
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version, main, types, bin, files }));
    for (const file of [...LIBRARY, ...WORKING_COPY].filter((f) => f !== 'package.json')) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), 'x');
    }

    // WHEN
    const packed = packedFiles(dir);

    // THEN
    expect(packed).toEqual([...LIBRARY].sort());
    expect(outsidePackageContents(packed)).toEqual([]);
  });

  test('the allow-list refuses every file of a working copy that is not the library', () => {
    expect(outsidePackageContents(WORKING_COPY)).toEqual(WORKING_COPY);
  });

  test('this working copy packs nothing outside the allow-list', () => {
    // WHEN npm lists what it would pack from the repository as it is now (built or not)
    const packed = packedFiles(root);

    // THEN
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'API.md']));
    expect(outsidePackageContents(packed)).toEqual([]);
  });
});
