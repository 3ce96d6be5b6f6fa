/**
 * The packed library in fresh CDK apps, as a user meets it: one app with the newest aws-cdk-lib 2.x on
 * the registry and one with the oldest the package claims (its peer ranges' floors). Each installs
 * `dist/js/*.tgz` with aws-cdk-lib, constructs, TypeScript and the pinned CDK CLI from the npm registry
 * into a temporary directory, type-checks an app written the way the README shows plus every example
 * (imports rewritten to 'cdk-ecr-access'), runs `cdk synth` on the app, checks the templates and the
 * access report, runs the package's `cdk-ecr-access` command (report and diagnose) and synthesizes every
 * example. The first app also checks that the package holds only the library (scripts/package-contents.ts).
 * Offline-safe: no AWS calls, telemetry and notices off. Run after `npx projen package:js`.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as semver from 'semver';
import { outsidePackageContents } from './package-contents';

const root = path.join(__dirname, '..');
const tarball = readdirSync(path.join(root, 'dist', 'js')).find((f) => f.endsWith('.tgz'));
if (!tarball) throw new Error('no dist/js/*.tgz: run `npx projen package:js` first');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const cliVersion = pkg.devDependencies['aws-cdk'];
const tsVersion = pkg.devDependencies.typescript;
const floorOf = (name: string) => semver.minVersion(pkg.peerDependencies[name])!.version;

/**
 * Both ends of the aws-cdk-lib range the package claims, each in its own app: replacing aws-cdk-lib in
 * place leaves its bundled dependencies half-installed (npm), so the second app is installed fresh too.
 */
const CDK_LIBS = [
  { label: 'newest aws-cdk-lib 2.x', cdkLib: '^2', constructs: '^10' },
  { label: 'oldest aws-cdk-lib the package claims', cdkLib: floorOf('aws-cdk-lib'), constructs: floorOf('constructs') },
];
const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts'));
const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' };

const started = Date.now();
for (const [index, { label, cdkLib, constructs }] of CDK_LIBS.entries()) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ecr-access-consumer-'));
  console.log(`${label}: consumer app in ${dir}`);
  installApp(dir, [`aws-cdk-lib@${cdkLib}`, `constructs@${constructs}`]);
  const installed = (name: string) => JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  if (!semver.satisfies(installed('aws-cdk-lib'), cdkLib)) throw new Error(`installed aws-cdk-lib ${installed('aws-cdk-lib')}, not ${cdkLib}`);
  console.log(`  cdk-ecr-access ${installed('cdk-ecr-access')} with aws-cdk-lib ${installed('aws-cdk-lib')}, constructs ${installed('constructs')}, aws-cdk ${installed('aws-cdk')}`);
  if (index === 0) checkPackageContents(path.join(dir, 'node_modules', 'cdk-ecr-access'));
  checkApp(dir);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`consumer check passed in ${((Date.now() - started) / 1000).toFixed(0)}s: with aws-cdk-lib ${CDK_LIBS.map((c) => c.cdkLib).join(' and ')}, `
  + `the README app synthesized by the CDK CLI with its access report, the cdk-ecr-access command, ${examples.length} examples type-checked and synthesized against the package`);

/** Run a command in the app; on failure print its output and stop (the app's directory stays for a look). */
function run(dir: string, cmd: string, args: string[]) {
  const commandStarted = Date.now();
  const result = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed in ${dir}:\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
  console.log(`  ${path.basename(cmd)} ${args.slice(0, 2).join(' ')} … ok (${((Date.now() - commandStarted) / 1000).toFixed(1)}s)`);
  return result.stdout;
}

/** A CDK app with the packed package, the given aws-cdk-lib and constructs, an app as the README writes it, and every example. */
function installApp(dir: string, cdkPackages: string[]) {
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, undefined, 2));
  run(dir, 'npm', ['install', '--no-audit', '--no-fund', path.join(root, 'dist', 'js', tarball!), ...cdkPackages,
    `aws-cdk@${cliVersion}`, `typescript@${tsVersion}`, '@types/node@^20']);
  writeFileSync(path.join(dir, 'app.ts'), `
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrAccessReport, PushableRepository } from 'cdk-ecr-access';

const app = new App();
Validations.of(app).addPlugins(new EcrAccessReport());
const stack = new Stack(app, 'Consumer', { env: { account: '111111111111', region: 'us-east-1' } });
const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
const ciRole = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
repository.grantPush(ciRole);
repository.allowAccountPull('222222222222');
app.synth();
`);
  for (const file of examples) {
    const source = readFileSync(path.join(root, 'examples', file), 'utf8').replace(/from '\.\.\/src'/g, "from 'cdk-ecr-access'");
    writeFileSync(path.join(dir, file), source);
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
    include: ['*.ts'],
  }, undefined, 2));
}

/** The installed package holds the library and nothing else, and its jsii assembly names the public types. */
function checkPackageContents(packageDir: string) {
  const files = (readdirSync(packageDir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/'))
    .filter((f) => statSync(path.join(packageDir, f)).isFile());
  const outside = outsidePackageContents(files);
  if (outside.length > 0) throw new Error(`the package holds files outside scripts/package-contents.ts: ${outside.join(', ')}`);
  for (const file of ['lib/index.js', 'lib/index.d.ts', 'lib/cli.js', '.jsii']) {
    if (!files.includes(file)) throw new Error(`the package lacks ${file}`);
  }
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(packageDir, f)).size, 0);
  console.log(`  the package holds ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB installed, none outside the allow-list`);
  const assembly = JSON.parse(readFileSync(path.join(packageDir, '.jsii'), 'utf8'));
  for (const type of ['PushableRepository', 'EcrActions', 'EcrCiPrincipal', 'CiProvider', 'EcrAccessChecks', 'EcrRegistry', 'EcrAccessReport'].map((name) => `cdk-ecr-access.${name}`)) {
    if (!assembly.types[type]) throw new Error(`.jsii lacks ${type}`);
  }
}

/** Type-check, synthesize and inspect the app and the examples against the app's aws-cdk-lib. */
function checkApp(dir: string) {
  run(dir, path.join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']);

  run(dir, path.join(dir, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '--app', 'node app.js', '--output', 'cdk.out']);
  const template = JSON.parse(readFileSync(path.join(dir, 'cdk.out', 'Consumer.template.json'), 'utf8'));
  const resources = Object.values<{ Type: string; Properties: Record<string, unknown> }>(template.Resources);
  const repo = resources.find((r) => r.Type === 'AWS::ECR::Repository');
  if (!repo || repo.Properties.ImageTagMutability !== 'IMMUTABLE' || !repo.Properties.RepositoryPolicyText || !repo.Properties.LifecyclePolicy) {
    throw new Error(`unexpected repository in the consumer's template: ${JSON.stringify(repo)}`);
  }
  const policies = resources.filter((r) => r.Type === 'AWS::IAM::Policy').map((r) => JSON.stringify(r.Properties.PolicyDocument));
  if (!policies.some((p) => p.includes('ecr:GetAuthorizationToken')) || !policies.some((p) => p.includes('ecr:InitiateLayerUpload'))) {
    throw new Error(`the consumer's CI role lacks login or push: ${policies.join('\n')}`);
  }

  // the access report is in the assembly, and the package's command reads it back and explains an error
  if (!readFileSync(path.join(dir, 'cdk.out', 'ecr-access-report.md'), 'utf8').includes('| role Consumer/CiRole (111111111111) | L |')) {
    throw new Error('cdk.out/ecr-access-report.md lacks the CI role\'s row');
  }
  const bin = path.join(dir, 'node_modules', '.bin', 'cdk-ecr-access');
  if (!/^role Consumer\/CiRole \(111111111111\)\s+L\s+W/m.test(run(dir, bin, ['report', 'cdk.out']))) throw new Error('`cdk-ecr-access report` lacks the CI role\'s push');
  const diagnosis = JSON.parse(run(dir, bin, ['diagnose', '--json',
    'User: arn:aws:iam::111111111111:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action']));
  if (diagnosis.action !== 'ecr:GetAuthorizationToken') throw new Error(`unexpected diagnosis: ${JSON.stringify(diagnosis)}`);

  // every example runs against the installed package, each in its own app (one process loads aws-cdk-lib once)
  const scripts = JSON.stringify(examples.map((file) => file.replace(/\.ts$/, '.js')));
  const examplesStarted = Date.now();
  execFileSync(process.execPath, ['-e', `const { App } = require('aws-cdk-lib');
for (const js of ${scripts}) { const app = new App({ outdir: 'cdk.out.' + js }); require('./' + js).build(app); app.synth(); }`], { cwd: dir, env });
  console.log(`  ${examples.length} examples synthesized … ok (${((Date.now() - examplesStarted) / 1000).toFixed(1)}s)`);
}
