import { readFileSync } from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const lines = (file: string) => read(file).split('\n').map((line) => line.trim());

describe('one pipeline: GitHub runs what .ci/run runs', () => {
  test('.ci/run runs the README\'s test command exactly', () => {
    expect(read('README.md')).toContain('npm ci && npm test');
    expect(lines('.ci/run')).toContain('npm ci && npm test');
  });

  test('the build workflow\'s build job runs .ci/run on the whole history (the commit check reads back to its baseline)', () => {
    // GIVEN
    const build = lines('.github/workflows/build.yml');
    const buildJob = build.slice(build.indexOf('build:'), build.findIndex((line, i) => i > build.indexOf('build:') && line === 'package-js:'));

    // THEN
    expect(buildJob).toContain('run: .ci/run');
    expect(buildJob).toContain('fetch-depth: 0');
    expect(buildJob).not.toContain('run: npx projen build');
  });

  test.each([
    ['npm', 'Publish to npm'],
    ['PyPI', 'Publish to PyPI'],
    ['Maven Central', 'Publish to Maven Central'],
    ['NuGet', 'Publish to NuGet Gallery'],
    ['Go', 'Publish to GitHub Go Module Repository'],
  ])('the release workflow publishes to %s', (_registry, jobName) => {
    expect(lines('.github/workflows/release.yml')).toContain(`name: ${jobName}`);
  });
});
