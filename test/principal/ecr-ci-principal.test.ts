import { App, Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { gitHubPush, threeAccounts } from './ci-scenarios';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LOGIN, PULL, PUSH, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { CI_ACCOUNT, logicalIdOf, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Every access decision here comes from @cloud-copilot/iam-simulate, an IAM evaluator we did not
// write, run on the synthesized identity and repository policies; the expected action lists are
// AWS's documented ones (test/helpers/expected-actions.ts), not the library's own sets.

const CREATE = ['ecr:CreateRepository', 'ecr:DescribeRepositories'];

/** The statements of each identity policy in the stack, by the policy's construct id (after synth: the role's statements are packed then). */
function policyStatements(stack: Stack): Record<string, unknown[]> {
  Stage.of(stack)!.synth();
  const out: Record<string, unknown[]> = {};
  for (const policy of stack.node.findAll().filter((c): c is iam.Policy => c instanceof iam.Policy)) {
    out[policy.node.id] = stack.resolve(policy.document.toJSON()).Statement;
  }
  return out;
}

async function expectDecisions(oracle: AccessOracle, principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], expected: Decision) {
  for (const action of actions) {
    await expect(oracle.decide(principal, action, target).then((d) => `${action}: ${d}`)).resolves.toEqual(`${action}: ${expected}`);
  }
}

describe('GitHub Actions CI role in the registry account (oracle)', () => {
  const { app, api, billing, base, ci } = gitHubPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const role = oracle.principal(ci.role);
  const repository = (name: string, account = REGISTRY_ACCOUNT) => oracle.externalRepository(`arn:aws:ecr:${REGION}:${account}:repository/${name}`);

  test('allowed: login, push to the repository it builds, pull its base image', async () => {
    await expectDecisions(oracle, role, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, role, oracle.repository(api), PUSH, 'Allowed');
    await expectDecisions(oracle, role, repository(base.repositoryName), PULL, 'Allowed');
  });

  test('allowed: create and describe repositories under team-a/', async () => {
    await expectDecisions(oracle, role, repository('team-a/x'), CREATE, 'Allowed');
    await expectDecisions(oracle, role, repository('team-a/nested/y'), CREATE, 'Allowed');
  });

  test('denied: creating outside the prefix, in another account, or a look-alike prefix', async () => {
    await expectDecisions(oracle, role, repository('team-b/x'), CREATE, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repository('team-ab/x'), CREATE, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repository('x'), CREATE, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repository('team-a/x', OTHER_ACCOUNT), CREATE, 'ImplicitlyDenied');
  });

  test('denied: pushing to the base image it only pulls, or to a repository created under the prefix', async () => {
    await expectDecisions(oracle, role, repository(base.repositoryName), PUSH_ONLY, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repository('team-a/x'), PUSH_ONLY, 'ImplicitlyDenied');
  });

  test('denied: the sibling repository, and pulling layers from the repository it pushes to', async () => {
    await expectDecisions(oracle, role, oracle.repository(billing), [...PUSH, ...PULL], 'ImplicitlyDenied');
    // push includes BatchGetImage (manifests), not layer downloads
    await expectDecisions(oracle, role, oracle.repository(api), ['ecr:GetDownloadUrlForLayer'], 'ImplicitlyDenied');
  });

  test('denied: deleting images or repositories, changing repository policies, lifecycle or tag mutability', async () => {
    for (const target of [oracle.repository(api), repository(base.repositoryName), repository('team-a/x')]) {
      await expectDecisions(oracle, role, target, [...DESTRUCTIVE, 'ecr:DeleteRepositoryPolicy', 'ecr:PutImageScanningConfiguration'], 'ImplicitlyDenied');
    }
  });

  test('denied: registry-level actions, which only `*` can grant', async () => {
    await expectDecisions(oracle, role, '*', ['ecr:PutRegistryPolicy', 'ecr:PutReplicationConfiguration', 'ecr:CreatePullThroughCacheRule', 'ecr:DescribeRegistry'], 'ImplicitlyDenied');
  });

  test('login is the only statement on "*"', () => {
    const statements = role.identityPolicies.flatMap((p) => p.Statement);
    const onStar = statements.filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    expect(onStar).toEqual([{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }]);
  });
});

describe('three accounts: the CI account pushes to the registry account, a workload account pulls (oracle)', () => {
  const { app, api, billing, ci, taskRole } = threeAccounts();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const role = oracle.principal(ci.role);
  const repo = oracle.repository(api);

  test('allowed: the CI role logs in and pushes across accounts', async () => {
    expect(role.account).toBe(CI_ACCOUNT);
    await expectDecisions(oracle, role, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, role, repo, PUSH, 'Allowed');
  });

  test('both sides are written: without the repository policy, the same identity policy is denied', async () => {
    await expectDecisions(oracle, role, { ...repo, policy: undefined }, PUSH, 'ImplicitlyDenied');
  });

  test('denied: another role of the CI account (without the role\'s tag), the sibling repository, deleting', async () => {
    const stranger = oracle.external(`arn:aws:iam::${CI_ACCOUNT}:role/other`, role.identityPolicies);
    await expectDecisions(oracle, stranger, repo, PUSH, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, oracle.repository(billing), PUSH, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repo, DESTRUCTIVE, 'ImplicitlyDenied');
  });

  test('the workload role pulls and cannot push', async () => {
    const workload = oracle.principal(taskRole);
    expect(workload.account).toBe(WORKLOAD_ACCOUNT);
    await expectDecisions(oracle, workload, repo, PULL, 'Allowed');
    await expectDecisions(oracle, workload, repo, PUSH_ONLY, 'ImplicitlyDenied');
  });
});

describe('a repository imported from another account', () => {
  function build() {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const shared = ecr.Repository.fromRepositoryArn(stack, 'Shared', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api`);
    const ci = new EcrCiPrincipal(stack, 'Ci', {
      provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }),
      roleName: 'acme-api-ci',
      push: [shared],
    });
    return { app, stack, shared, ci };
  }

  test('writes the identity side and warns with the statement the repository owner must add', async () => {
    const { app, stack, shared, ci } = build();
    expect(policyStatements(stack)).toEqual({
      EcrLoginPolicy: [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }],
      DefaultPolicy: [{ Action: PUSH, Effect: 'Allow', Resource: shared.repositoryArn }],
    });
    const warnings = Annotations.fromStack(stack).findWarning('/Ci/Shared', Match.stringLikeRegexp('cdk-ecr-access:repositoryPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    const statement = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1)).Statement[0];
    // a named role: the owner can paste the statement before this stack is deployed
    expect(statement).toEqual({ Action: PUSH, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CI_ACCOUNT}:role/acme-api-ci` } });

    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    await expectDecisions(oracle, role, oracle.externalRepository(shared.repositoryArn), PUSH, 'ImplicitlyDenied');
    const withStatement = oracle.externalRepository(shared.repositoryArn, { Version: '2012-10-17', Statement: [statement] });
    await expectDecisions(oracle, role, withStatement, PUSH, 'Allowed');
    await expectDecisions(oracle, role, withStatement, DESTRUCTIVE, 'ImplicitlyDenied');
  });
});

const github = CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] });

describe('outputs the pipeline needs (opt-in)', () => {
  test('none by default: CloudFormation allows 200 outputs per stack, and a stack may hold hundreds of principals', () => {
    // GIVEN
    const stack = registryStack(new App(), 'Ci');
    // WHEN
    for (let i = 0; i < 150; i++) new EcrCiPrincipal(stack, `Ci${i}`, { provider: github });
    // THEN
    expect(Template.fromStack(stack).toJSON().Outputs).toBeUndefined();
  });

  test('with outputs: the role ARN and the registry it logs in to, under ids made of the principal\'s path in its stack', () => {
    // GIVEN
    const stack = registryStack(new App(), 'Ci');
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    const ci = new EcrCiPrincipal(new Construct(stack, 'Team-A'), 'GitHub', { provider: github, push: [api], outputs: true });
    // THEN
    const outputs = Template.fromStack(stack).toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(['TeamAGitHubRegistryUris', 'TeamAGitHubRoleArn']);
    expect(outputs.TeamAGitHubRoleArn.Value).toEqual({ 'Fn::GetAtt': [logicalIdOf(ci.role), 'Arn'] });
    expect(outputs.TeamAGitHubRegistryUris.Value).toEqual({ 'Fn::Join': ['', [`${REGISTRY_ACCOUNT}.dkr.ecr.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] });
  });

  test('registries of several accounts, comma-separated, each once', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: '333333333333', region: REGION } });
    const a = ecr.Repository.fromRepositoryArn(stack, 'A', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api`);
    const b = ecr.Repository.fromRepositoryArn(stack, 'B', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/web`);
    const base = ecr.Repository.fromRepositoryArn(stack, 'Base', 'arn:aws:ecr:eu-west-1:444444444444:repository/base/node');
    new EcrCiPrincipal(stack, 'Ci', { provider: github, push: [a, b], pull: [base], outputs: true });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const output = Template.fromStack(stack).toJSON().Outputs.CiRegistryUris;
    expect(oracle.synthesized.resolve(oracle.synthesized.stackOf(stack), output.Value))
      .toBe(`${REGISTRY_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com,444444444444.dkr.ecr.eu-west-1.amazonaws.com`);
  });

  test('without grants, the registry of the principal\'s own account and region', () => {
    const stack = registryStack(new App(), 'Ci');
    new EcrCiPrincipal(stack, 'Ci', { provider: github, outputs: true });
    expect(Template.fromStack(stack).toJSON().Outputs.CiRegistryUris.Value)
      .toEqual({ 'Fn::Join': ['', [`${REGISTRY_ACCOUNT}.dkr.ecr.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] });
  });
});

describe('the role', () => {
  test('name, session duration, boundary and a description saying who assumes it', () => {
    const stack = registryStack(new App(), 'Ci');
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] })] });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github, roleName: 'acme-api-ci', maxSessionDuration: Duration.hours(2), permissionsBoundary: boundary });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-api-ci',
      MaxSessionDuration: 7200,
      PermissionsBoundary: { Ref: Match.stringLikeRegexp('^Boundary') },
      Description: 'ECR push and pull for GitHub Actions acme/api (branches main)',
    });
    expect(ci.grantPrincipal).toBe(ci.role);
    expect(ci.roleArn).toBe(ci.role.roleArn);
  });

  test('a principal with no grants has no policy at all (not even login)', () => {
    const stack = registryStack(new App(), 'Ci');
    new EcrCiPrincipal(stack, 'Ci', { provider: github });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('an IGrantable: a repository can grant to it directly', () => {
    const stack = registryStack(new App(), 'Ci');
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: 'team-a/api' });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
    repository.grantPull(ci);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^CiRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' })]) },
    });
  });

  test('the cross-account repository policy names the CI account and the role\'s tag (aws-cdk-lib\'s mechanism for in-app roles)', () => {
    const { registry, ci } = threeAccounts();
    const tag = Template.fromStack(Stack.of(ci)).findResources('AWS::IAM::Role');
    const roleTag = (Object.values(tag)[0] as any).Properties.Tags.find((t: any) => t.Key === 'aws-cdk:id').Value;
    Template.fromStack(registry).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'team-a/api',
      RepositoryPolicyText: {
        Statement: [{
          Action: PUSH,
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:root']] } },
          Condition: { StringEquals: { 'aws:PrincipalTag/aws-cdk:id': roleTag } },
        }, Match.objectLike({ Action: Match.arrayWith(['ecr:GetDownloadUrlForLayer']) })],
      },
    });
  });
});

describe('allowCreateRepositories', () => {
  test('CreateRepository and DescribeRepositories on repository/<prefix>*, and login', () => {
    const stack = registryStack(new App(), 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
    ci.allowCreateRepositories('team-a/');
    const prefixArn = `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/*`;
    expect(policyStatements(stack)).toEqual({
      EcrLoginPolicy: [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }],
      DefaultPolicy: [{ Action: ['ecr:CreateRepository', 'ecr:DescribeRepositories'], Effect: 'Allow', Resource: prefixArn }],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('cdk-nag\'s wildcard finding is acknowledged for exactly that ARN, with the reason; not where the ARN is known only at deploy time', () => {
    const stack = registryStack(new App(), 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
    ci.allowCreateRepositories('team-a/');
    const acknowledgements = (c: EcrCiPrincipal) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    const acknowledged = acknowledgements(ci).flatMap((m) => Object.entries(m.data));
    expect(acknowledged).toEqual([[
      `AwsSolutions-IAM5[Resource::arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/*]`,
      'allowCreateRepositories(\'team-a/\'): the CI creates repositories whose names it chooses at run time, all under this namespace.',
    ]]);

    const agnostic = new EcrCiPrincipal(new Stack(new App(), 'Agnostic'), 'Ci', { provider: github });
    agnostic.allowCreateRepositories('team-a/');
    expect(acknowledgements(agnostic)).toEqual([]);
  });

  test('with push: the push set on the same prefix (oracle: pushes to team-a/x, not team-b/x)', async () => {
    const app = new App();
    const stack = registryStack(app, 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
    ci.allowCreateRepositories('team-a/', { push: true });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    const repository = (name: string) => oracle.externalRepository(`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/${name}`);
    for (const action of [...PUSH, 'ecr:CreateRepository']) {
      await expect(oracle.decide(role, action, repository('team-a/x'))).resolves.toBe('Allowed');
      await expect(oracle.decide(role, action, repository('team-b/x'))).resolves.toBe('ImplicitlyDenied');
    }
    await expect(oracle.decide(role, 'ecr:DeleteRepository', repository('team-a/x'))).resolves.toBe('ImplicitlyDenied');
  });

  test.each([
    ['a namespace without its /: team-a/ only, not team-ab/ or team-a2', 'team-a', ['team-a/x', 'team-a/x/y'], ['team-ab/x', 'team-a2', 'team-a']],
    ['a text pattern written with its *: every name starting with sandbox-', 'sandbox-*', ['sandbox-x', 'sandbox-x/y'], ['sandbox', 'sandboxx', 'team-a/sandbox-x']],
  ])('%s (oracle)', async (_name, namespace, allowed, denied) => {
    // GIVEN
    const app = new App();
    const ci = new EcrCiPrincipal(registryStack(app, 'Ci'), 'Ci', { provider: github });
    // WHEN
    ci.allowCreateRepositories(namespace);
    // THEN
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    const repository = (name: string) => oracle.externalRepository(`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/${name}`);
    for (const name of allowed) await expect(oracle.decide(role, 'ecr:CreateRepository', repository(name)).then((d) => `${name}: ${d}`)).resolves.toBe(`${name}: Allowed`);
    for (const name of denied) await expect(oracle.decide(role, 'ecr:CreateRepository', repository(name)).then((d) => `${name}: ${d}`)).resolves.toBe(`${name}: ImplicitlyDenied`);
    Annotations.fromStack(Stack.of(ci)).hasNoWarning('*', Match.anyValue());
  });
});

describe('pull requests that could publish images', () => {
  const prs = CiProvider.gitHubActions({ owner: 'acme', repository: 'api', pullRequests: true });

  test('a role pull requests can assume, that pushes: one warning', () => {
    const stack = registryStack(new App(), 'Ci');
    const repository = new PushableRepository(stack, 'Repo');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: prs, push: [repository] });
    ci.allowCreateRepositories('team-a/');
    const warnings = Annotations.fromStack(stack).findWarning('/Ci/Ci', Match.stringLikeRegexp('cdk-ecr-access:pullRequestsCanPush'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/includes pull-request runs, and this role may push images[^]*Give pull requests a separate role that only pulls/);
  });

  test('a role pull requests can assume, that only pulls: no warning', () => {
    const stack = registryStack(new App(), 'Ci');
    new EcrCiPrincipal(stack, 'Ci', { provider: prs, pull: [new PushableRepository(stack, 'Repo')] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
