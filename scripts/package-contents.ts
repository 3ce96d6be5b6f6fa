/**
 * What the published npm package may hold, and why each file is there. package.json `files` (set in
 * .projenrc.ts) decides what npm packs; test/package/tarball.test.ts and the consumer check hold every
 * packed file against this list, so anything else a working copy holds (cdk.out/, bench/, scripts/,
 * examples/, logs, the test oracle) fails them instead of reaching users.
 */
export const PACKAGE_CONTENTS: ReadonlyArray<{ readonly pattern: RegExp; readonly why: string }> = [
  { pattern: /^package\.json$/, why: 'npm' },
  { pattern: /^(README\.md|LICENSE)$/, why: 'shown by the registry; the license travels with the code' },
  { pattern: /^API\.md$/, why: 'the API reference the README links to' },
  { pattern: /^docs\/.+\.md$/, why: 'the pages the README links to' },
  { pattern: /^\.jsii$/, why: 'the jsii assembly: the other languages\' packages are built from it, jsii libraries that depend on this one read it' },
  { pattern: /^lib\/.+\.(js|d\.ts)$/, why: 'the compiled library, its types and the `cdk-ecr-access` command (lib/cli.js)' },
  // jsii packages carry their non-jsii runtime dependencies inside (bundledDependencies); yaml has none of its own
  { pattern: /^node_modules\/yaml\//, why: 'bundled: `cdk-ecr-access check` reads CloudFormation templates written in YAML' },
  // not in the tarball: npm links the bundled package's command there when it installs the package
  { pattern: /^node_modules\/\.bin\/yaml$/, why: 'the link npm makes on install to the bundled yaml\'s own command' },
];

/** The files (paths relative to the package root, `/`-separated) that the package may not hold. */
export function outsidePackageContents(files: readonly string[]): string[] {
  return files.filter((file) => !PACKAGE_CONTENTS.some(({ pattern }) => pattern.test(file)));
}
