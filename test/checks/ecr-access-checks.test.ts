import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aspectFindings, pluginFindings, Reported, ruleIds } from './findings';
import { twoAccountApp } from './fixtures';
import { build } from '../../examples/checks';
import { EcrAccessChecks, EcrActions, EcrCheckLevel, PushableRepository } from '../../src';
import { templatesFromAssembly } from '../../src/analysis/assembly-templates';
import { knownRuleIds, runChecks } from '../../src/checks/run-checks';
import { grantOnRepository } from '../../src/repository/grant-on-repository';
import { crossAccountPull, kmsEncrypted, lambdaPull, organizationPull, REGION, registryStack, REGISTRY_ACCOUNT, sameAccountPush, WORKLOAD_ACCOUNT } from '../helpers/scenarios';
import * as ciScenarios from '../principal/ci-scenarios';

// The two ways to run the checks (Aspect, policy-validation plugin) over one engine: same findings,
// same suppressions, synth fails on errors, and nothing a user can write makes them throw.

/** An app with one of each seed mistake, in two accounts. */
function mistakes() {
  const { app, stack: registry, workload, repository, taskRole: role } = twoAccountApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.PULL, 'ecs:DeleteRepository'], resources: [repository.repositoryArn, 'arn:aws:ecs:us-east-1:123456789012:repository/*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: [repository.repositoryArn] }));
  repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:GetAuthorizationToken', 'ecr:UploadLayerPart'] }));
  const admin = new iam.User(registry, 'Admin');
  admin.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
  return { app, registry, workload, repository, role, admin };
}

function summary(findings: Reported[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.level} ${f.path}`).sort();
}

const EXPECTED_MISTAKES = [
  'cross-account-without-repository-policy error Workload/TaskRole/DefaultPolicy/Resource',
  'ecr-wildcard-without-condition warning Registry/Admin/DefaultPolicy/Resource',
  'incomplete-push error Registry/Api/Resource',
  'invalid-repository-arn error Workload/TaskRole/DefaultPolicy/Resource',
  'missing-login error Workload/TaskRole/DefaultPolicy/Resource',
  'public-principal-without-condition error Registry/Api/Resource',
  'registry-action-in-repository-policy error Registry/Api/Resource',
  'registry-action-on-repository-arn error Workload/TaskRole/DefaultPolicy/Resource',
  'unknown-action error Workload/TaskRole/DefaultPolicy/Resource',
];

describe('both adapters, one engine', () => {
  test('the Aspect and the validation plugin report the same findings at the same constructs', () => {
    // GIVEN
    const { app } = mistakes();
    // WHEN / THEN
    expect(summary(aspectFindings(app))).toEqual(EXPECTED_MISTAKES);
    expect(summary(pluginFindings(app))).toEqual(EXPECTED_MISTAKES);
  });

  test('Aspect: errors are error annotations (cdk synth fails), warnings carry the rule id', () => {
    // GIVEN
    const { app, workload, registry } = mistakes();
    Aspects.of(app).add(new EcrAccessChecks());
    // WHEN
    app.synth();
    // THEN
    Annotations.fromStack(workload).hasError('/Workload/TaskRole/DefaultPolicy/Resource', Match.stringLikeRegexp('^\\[cdk-ecr-access:unknown-action\\] \'ecs:DeleteRepository\''));
    Annotations.fromStack(registry).hasWarning('/Registry/Admin/DefaultPolicy/Resource', Match.stringLikeRegexp('cdk-ecr-access:ecr-wildcard-without-condition'));
  });

  test('Aspect added to one stack reports that stack only, but reads the whole app', () => {
    // GIVEN
    const { app, workload } = mistakes();
    Aspects.of(workload).add(new EcrAccessChecks());
    // WHEN
    const assembly = app.synth();
    const messages = assembly.stacks.flatMap((s) => s.messages).filter((m) => String(m.entry.data).startsWith('[cdk-ecr-access:'));
    // THEN
    expect(new Set(messages.map((m) => m.id.split('/')[1]))).toEqual(new Set(['Workload']));
    // the cross-account rule needs the registry stack's repository policy to decide
    expect(messages.some((m) => String(m.entry.data).includes('cross-account-without-repository-policy'))).toBe(true);
  });

  test('validation plugin: Validations.of(app).addPlugins fails synth on errors with a report', () => {
    // GIVEN
    const { app } = mistakes();
    Validations.of(app).addPlugins(new EcrAccessChecks());
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // WHEN
      const assembly = app.synth();
      // THEN
      const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
      const plugin = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'EcrAccessChecks');
      expect(plugin.conclusion).toEqual('failure');
      const unknown = plugin.violations.find((v: { ruleName: string }) => v.ruleName === 'unknown-action');
      expect(unknown).toMatchObject({ severity: 'error', suggestedFix: "Write 'ecr:DeleteRepository'." });
      expect(unknown.description).toMatch(/^'ecs:DeleteRepository' in statement 0 of the inline policy of 'Workload\/TaskRole\/DefaultPolicy' is not an Amazon ECS action/);
      expect(unknown.violatingConstructs[0]).toMatchObject({
        constructPath: 'Workload/TaskRole/DefaultPolicy/Resource',
        cloudFormationResource: { propertyPaths: ['Properties/PolicyDocument/Statement/0/Action/3'] },
      });
      expect(process.exitCode).toEqual(1);
    } finally {
      process.exitCode = undefined;
      errors.mockRestore();
    }
  });

  test('validation plugin: a clean app passes', () => {
    // GIVEN
    const { app } = sameAccountPush();
    // WHEN
    const report = new EcrAccessChecks().validate({ templatePaths: app.synth().stacks.map((s) => s.templateFullPath), appConstruct: app });
    // THEN
    // (the role's EcrLoginPolicy, its DefaultPolicy and its trust policy)
    expect(report).toEqual({ success: true, violations: [], metadata: { summary: '3 policies checked: no findings' } });
  });

  test('nested stages: the plugin reads every stage\'s templates; the Aspect checks the stage it is added to', () => {
    // GIVEN
    const app = new App();
    const stage = new Stage(app, 'Prod', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const stack = new Stack(stage, 'Registry');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthToken'], resources: ['*'] }));
    Aspects.of(stage).add(new EcrAccessChecks());
    // WHEN / THEN
    expect(ruleIds(pluginFindings(app))).toEqual(['unknown-action']);
    const messages = app.synth().stacksRecursively.flatMap((s) => s.messages).map((m) => String(m.entry.data));
    expect(messages.filter((m) => m.startsWith('[cdk-ecr-access:unknown-action]'))).toHaveLength(1);
  });
});

describe('our own constructs with default props: no finding', () => {
  test.each([
    ['same-account push', sameAccountPush],
    ['cross-account pull (grantPull to another account\'s role, allowAccountPull)', crossAccountPull],
    ['organization pull', organizationPull],
    ['Lambda pull', lambdaPull],
    ['KMS-encrypted, mutable latest', kmsEncrypted],
  ])('%s', (_, scenario) => {
    const { app } = scenario();
    expect(aspectFindings(app)).toEqual([]);
    expect(pluginFindings(app)).toEqual([]);
  });

  test('allowAccountPush, and grantOnRepository on repositories imported from this and another account', () => {
    // GIVEN
    const app = new App();
    const registry = registryStack(app);
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' }).allowAccountPush(WORKLOAD_ACCOUNT);
    const role = new iam.Role(workload, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    grantOnRepository(ecr.Repository.fromRepositoryName(workload, 'Local', 'team-b/local'), role, [...EcrActions.LOGIN, ...EcrActions.PULL]);
    const remote = ecr.Repository.fromRepositoryArn(workload, 'Remote', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api`);
    grantOnRepository(remote, role, [...EcrActions.LOGIN, ...EcrActions.PUSH]);
    // WHEN / THEN
    expect(aspectFindings(app)).toEqual([]);
  });

  test('aws-cdk-lib\'s own cross-account grant (account root + aws:PrincipalTag/aws-cdk:id condition)', () => {
    // GIVEN
    const app = new App();
    const registry = registryStack(app);
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const repository = new ecr.Repository(registry, 'Plain', { repositoryName: 'team-a/plain' });
    repository.grantPullPush(new iam.Role(workload, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() }));
    // the case is aws-cdk-lib's tag-conditioned statement: without it, the test would prove nothing
    const policy = JSON.stringify(registry.resolve((repository.node.defaultChild as ecr.CfnRepository).repositoryPolicyText));
    expect(policy).toContain('aws:PrincipalTag/aws-cdk:id');
    // WHEN / THEN
    expect(aspectFindings(app)).toEqual([]);
  });

  test.each(Object.entries(ciScenarios).filter(([name]) => !name.endsWith('Claims') && !name.endsWith('_ARN')))(
    'EcrCiPrincipal: %s (pinned trust, login on "*")',
    (_, scenario) => {
      const { app } = (scenario as () => { app: App })();
      expect(aspectFindings(app)).toEqual([]);
    },
  );

  // every example is also synthesized with the checks as a validation plugin in test/examples/examples.test.ts

  test('the checks do not change what is synthesized', () => {
    // GIVEN
    const template = (withChecks: boolean) => {
      const { app } = crossAccountPull();
      if (withChecks) Aspects.of(app).add(new EcrAccessChecks());
      return app.synth().stacks.map((s) => s.template);
    };
    // WHEN / THEN
    expect(template(true)).toEqual(template(false));
  });
});

describe('acknowledgments', () => {
  test('examples/checks.ts is clean because its deliberate Deny is acknowledged: without that, it warns there', () => {
    // GIVEN
    const app = new App();
    build(app);
    // WHEN / THEN
    expect(pluginFindings(app)).toEqual([]);
    const templates = templatesFromAssembly(app.synth().stacks.map((s) => s.templateFullPath), app);
    const findings = runChecks({ ...templates, acknowledgments: [] }, { enabled: new Set(knownRuleIds()), levels: new Map() });
    expect(findings.map((f) => `${f.ruleId} ${f.resource.path}`)).toEqual(['deny-shadows-grant ChecksAtSynth/ReleaseFreeze/Resource']);
  });

  function twoRoles() {
    const app = new App();
    const stack = registryStack(app);
    const guarded = new iam.Role(stack, 'Guarded', { assumedBy: new iam.AccountRootPrincipal() });
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    for (const role of [guarded, other]) role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
    return { app, stack, guarded, other };
  }

  test('EcrAccessChecks.acknowledge on a construct silences that rule there and below, in both modes', () => {
    // GIVEN
    const { app, guarded } = twoRoles();
    EcrAccessChecks.acknowledge(guarded, 'ecr-wildcard-without-condition', 'break-glass administrator role');
    // WHEN / THEN
    expect(aspectFindings(app).map((f) => f.path)).toEqual(['Registry/Other/DefaultPolicy/Resource']);
    expect(pluginFindings(app).map((f) => f.path)).toEqual(['Registry/Other/DefaultPolicy/Resource']);
  });

  test('Validations.of(scope).acknowledge with the qualified id works the same, on a stack', () => {
    // GIVEN
    const { app, stack } = twoRoles();
    Validations.of(stack).acknowledge({ id: 'cdk-ecr-access:ecr-wildcard-without-condition', reason: 'sandbox account' });
    // WHEN / THEN
    expect(aspectFindings(app)).toEqual([]);
    expect(pluginFindings(app)).toEqual([]);
  });

  test('on the app: the Aspect and the plugin read the construct tree', () => {
    // GIVEN
    const { app } = twoRoles();
    EcrAccessChecks.acknowledge(app, 'ecr-wildcard-without-condition', 'sandbox app');
    // WHEN / THEN
    expect(aspectFindings(app)).toEqual([]);
    expect(pluginFindings(app)).toEqual([]);
  });

  test('another rule\'s acknowledgment does not silence this one', () => {
    // GIVEN
    const { app, guarded } = twoRoles();
    EcrAccessChecks.acknowledge(guarded, 'deny-shadows-grant', 'guardrail');
    // WHEN / THEN
    expect(aspectFindings(app)).toHaveLength(2);
  });

  test('an acknowledgment without a reason does not count, and the finding says so', () => {
    // GIVEN
    const { app, guarded } = twoRoles();
    Validations.of(guarded).acknowledge({ id: 'cdk-ecr-access:ecr-wildcard-without-condition', reason: ' ' });
    // WHEN
    const findings = aspectFindings(app);
    // THEN
    expect(findings).toHaveLength(2);
    expect(findings[0].text).toContain("(An acknowledgment without a reason at 'Registry/Guarded' does not count.)");
  });

  test('EcrAccessChecks.acknowledge refuses an unknown rule and an empty reason, naming both', () => {
    // GIVEN
    const { guarded } = twoRoles();
    // WHEN / THEN
    expect(() => EcrAccessChecks.acknowledge(guarded, 'unknown-actions', '')).toThrow(
      /Invalid EcrAccessChecks.acknowledge\(\) at 'Registry\/Guarded' \(2 problems\):\n {2}- ruleId: got 'unknown-actions': is not a rule of EcrAccessChecks\. Fix: use one of: unknown-action, .*\n {2}- reason: got '': is empty/);
  });
});

describe('props', () => {
  test('disabledRules and ruleLevels', () => {
    // GIVEN
    const { app } = mistakes();
    // WHEN
    const findings = aspectFindings(app, {
      disabledRules: ['unknown-action', 'invalid-repository-arn'],
      ruleLevels: { 'ecr-wildcard-without-condition': EcrCheckLevel.ERROR, 'missing-login': EcrCheckLevel.INFO },
    });
    const ids = ruleIds(findings);
    // THEN
    expect(ids).not.toContain('unknown-action');
    expect(ids).not.toContain('invalid-repository-arn');
    expect(findings.find((f) => f.ruleId === 'ecr-wildcard-without-condition')!.level).toEqual('error');
    expect(findings.find((f) => f.ruleId === 'missing-login')!.level).toEqual('info');
    expect(new EcrAccessChecks({ disabledRules: ['not-checked'] }).ruleIds).not.toContain('not-checked');
  });

  test('unknown rule ids are refused, all at once', () => {
    expect(() => new EcrAccessChecks({ disabledRules: ['unknown-actions'], ruleLevels: { 'policy-sizes': EcrCheckLevel.INFO } })).toThrow(
      /Invalid EcrAccessChecks props \(2 problems\):\n {2}- disabledRules: got 'unknown-actions'.*\n {2}- ruleLevels: got 'policy-sizes'/);
  });
});

describe('the checks never throw', () => {
  /** Writes templates the way a cloud assembly holds them and runs the plugin on them. */
  function runOnTemplates(templates: Record<string, unknown>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'checks-weird-'));
    const artifacts: Record<string, unknown> = {};
    for (const [name, template] of Object.entries(templates)) {
      writeFileSync(path.join(dir, `${name}.template.json`), typeof template === 'string' ? template : JSON.stringify(template));
      artifacts[name] = { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: `${name}.template.json` } };
    }
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '53.0.0', artifacts }));
    return new EcrAccessChecks().validate({ templatePaths: Object.keys(templates).map((n) => path.join(dir, `${n}.template.json`)), appConstruct: new App() });
  }

  const weird = {
    Resources: {
      NoProperties: { Type: 'AWS::IAM::Policy' },
      NullDocument: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: null } },
      StatementNotObject: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: ['Allow everything'] }, Roles: 'not-a-list' } },
      DeployTimePolicies: { Type: 'AWS::IAM::Role', Properties: { Policies: { 'Fn::If': ['c', [], []] }, ManagedPolicyArns: { Ref: 'Arns' } } },
      NumbersEverywhere: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: { Effect: 1, Principal: 7, Action: 3 } }, Policies: [{}, null, { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: [1, null], Resource: { 'Fn::If': ['c', '*', '*'] } }] } }], ManagedPolicyArns: 'x' } },
      UnknownIntrinsics: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: { 'Fn::FindInMap': ['m', 'k', 'v'] }, RepositoryPolicyText: { 'Fn::If': ['c', {}, {}] } } },
      BadJsonText: { Type: 'AWS::ECR::Repository', Properties: { RepositoryPolicyText: '{not json' } },
      Cycle: { Type: 'AWS::IAM::User', Properties: { UserName: { 'Fn::GetAtt': ['Cycle', 'Arn'] }, Groups: [{ 'Fn::ImportValue': { 'Fn::ImportValue': 'x' } }] } },
      Registry: { Type: 'AWS::ECR::RegistryPolicy', Properties: { PolicyText: { Statement: [{ Effect: 'Allow', Principal: { AWS: { Ref: 'Nothing' } }, Action: { 'Fn::Split': [',', { Ref: 'Param' }] }, Resource: { 'Fn::Sub': ['arn:${AWS::Partition}:ecr:${R}:*:repository/*', { R: { Ref: 'AWS::Region' } }] } }] } } },
    },
    Outputs: { Bad: { Value: { Ref: 'Cycle' }, Export: { Name: { 'Fn::Join': [':', 7] } } } },
  };

  test('malformed and deploy-time values are reported as not checked, with the resource', () => {
    // WHEN
    const report = runOnTemplates({ Weird: weird, Unreadable: '{ this is not json' });
    // THEN
    expect(report.success).toBe(true);
    const notChecked = report.violations.filter((v) => v.ruleName === 'not-checked');
    expect(notChecked.map((v) => v.violatingResources[0].resourceLogicalId ?? v.violatingResources[0].constructPath).sort()).toEqual([
      'BadJsonText', 'DeployTimePolicies', 'NoProperties', 'NullDocument', 'NumbersEverywhere', 'NumbersEverywhere', 'NumbersEverywhere', 'NumbersEverywhere',
      'Registry', 'StatementNotObject', 'Unreadable', 'UnknownIntrinsics',
    ].sort());
    expect(notChecked.every((v) => v.severity === 'warning' && v.description.startsWith('Not checked: '))).toBe(true);
  });

  test('a template that cannot be read is named, with the reason', () => {
    // GIVEN one template that is not JSON, and one the manifest lists that is not there
    const report = runOnTemplates({ Unreadable: '{ this is not json' });
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'checks-missing-')), 'Gone.template.json');
    // WHEN
    const gone = new EcrAccessChecks().validate({ templatePaths: [missing], appConstruct: new App() });
    // THEN
    expect(report.violations.map((v) => v.description.split(' Why:')[0])).toEqual([
      expect.stringMatching(/^Not checked: the resource could not be resolved \(.*Unreadable\.template\.json is not valid JSON \(.+\)\)\.$/),
    ]);
    expect(gone.violations.map((v) => v.description.split(' Why:')[0])).toEqual([
      `Not checked: the resource could not be resolved (cannot read ${missing}: no such file).`,
    ]);
  });

  test('the Aspect on constructs with escape-hatch overrides of every kind', () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const cfnRole = role.node.defaultChild as iam.CfnRole;
    cfnRole.addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Principal', 42);
    cfnRole.addPropertyOverride('Policies', [{ PolicyName: 'x', PolicyDocument: 'not a document' }]);
    new ecr.CfnRepository(stack, 'Raw').addPropertyOverride('RepositoryPolicyText', { Statement: { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage', Condition: {} } });
    // WHEN
    const findings = aspectFindings(app);
    // THEN
    expect(summary(findings)).toEqual([
      // BatchGetImage alone, to everyone: a manifest without its layers
      'incomplete-pull warning Registry/Raw',
      'not-checked warning Registry/Role/Resource',
      'public-principal-without-condition error Registry/Raw',
    ]);
  });

  test('a rule that throws on one resource is reported as not checked there, and the others still run', () => {
    // GIVEN
    const app = new App();
    const role = new iam.Role(registryStack(app), 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DeleteRepository', ...EcrActions.PULL], resources: ['*'] }));
    const original = Set.prototype.has;
    // missing-login asks `has` of the actions a principal may call: make that fail
    const spy = jest.spyOn(Set.prototype, 'has').mockImplementation(function (this: Set<unknown>, value: unknown) {
      if (value === 'ecr:GetAuthorizationToken' && new Error().stack!.includes('missing-login')) throw new Error('boom');
      return original.call(this, value);
    });
    try {
      // WHEN
      const findings = aspectFindings(app);
      // THEN
      expect(summary(findings)).toEqual(['not-checked warning Registry/Role/Resource', 'unknown-action error Registry/Role/DefaultPolicy/Resource']);
      expect(findings.find((f) => f.ruleId === 'not-checked')!.text).toContain('Not checked: rule missing-login stopped on this resource (boom).');
    } finally {
      spy.mockRestore();
    }
  });
});
