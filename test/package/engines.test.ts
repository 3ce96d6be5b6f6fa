import { readFileSync } from 'fs';
import * as path from 'path';
import * as semver from 'semver';

const root = path.join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

interface LockedPackage {
  readonly version?: string;
  readonly engines?: { readonly node?: string } | readonly string[];
}

describe('the Node versions this package and its toolchain claim', () => {
  test('users: the package claims what the oldest aws-cdk-lib it supports claims', () => {
    // GIVEN the development dependency is the supported floor (the peer range's minimum)
    const pkg = readJson('package.json');
    const cdk = readJson('node_modules/aws-cdk-lib/package.json');
    expect(cdk.version).toBe(semver.minVersion(pkg.peerDependencies['aws-cdk-lib'])?.version);

    // THEN a user's app needs no newer Node for this library than for aws-cdk-lib itself
    expect(pkg.engines.node).toBe(cdk.engines.node);
  });

  test('contributors: every locked package accepts the Node floor devEngines declares', () => {
    // GIVEN
    const pkg = readJson('package.json');
    const floor = semver.minVersion(pkg.devEngines.runtime.version)?.version;
    const packages: Record<string, LockedPackage> = readJson('package-lock.json').packages;

    // WHEN
    const refusing = Object.entries(packages)
      .filter(([, locked]) => !Array.isArray(locked.engines))
      .map(([location, locked]) => ({ location, version: locked.version, node: (locked.engines as { node?: string } | undefined)?.node }))
      .filter(({ node }) => node !== undefined && !semver.satisfies(floor!, node));

    // THEN `npm ci` (engine-strict) installs on the floor: raise the floor or pin the package otherwise
    expect(refusing).toEqual([]);
  });
});
