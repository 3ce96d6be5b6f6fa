import { App, CfnParameter, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../../src';
import { stackTemplates, SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LOGIN, PULL, PUSH, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { libraryScaleApp } from '../helpers/scale-app';
import { CI_ACCOUNT, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Namespace grants: one statement on repository/<prefix>* instead of one ARN per repository, asked
// for directly (allowPushToNamespace / allowPullFromNamespace) or by folding per-repository grants
// (foldIntoNamespaces, an explicit opt-in). Access decisions come from the independent evaluator.

const github = CiProvider.gitHubActions({ owner: 'acme', repository: 'platform', branches: ['main'] });
const arnOf = (name: string, account = REGISTRY_ACCOUNT, region = REGION) => `arn:aws:ecr:${region}:${account}:repository/${name}`;
/** A repository imported by name: its ARN as aws-cdk-lib writes it (the partition known at deploy time). */
const importedArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/${name}`]] });

/** The DefaultPolicy statements of the CI role, as synthesized. */
function defaultPolicy(stack: Stack): unknown[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const [, policy] = Object.entries<any>(policies).find(([id]) => /RoleDefaultPolicy/.test(id))!;
  return policy.Properties.PolicyDocument.Statement;
}

async function expectDecisions(
  oracle: AccessOracle, principal: PrincipalUnderTest, targets: RepositoryUnderTest[], actions: readonly string[], expected: Decision,
) {
  for (const target of targets) {
    for (const action of actions) {
      await expect(oracle.decide(principal, action, target).then((d) => `${target.name} ${action}: ${d}`)).resolves.toBe(`${target.name} ${action}: ${expected}`);
    }
  }
}

/** team-a/ pushed as a namespace, base/ pulled as a namespace, in the registry account. */
function namespaceGrants() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
  ci.allowPushToNamespace('team-a/');
  ci.allowPullFromNamespace('base/');
  return { app, stack, ci };
}

describe('allowPushToNamespace / allowPullFromNamespace', () => {
  test('one statement per namespace on repository/<prefix>*, login once, nothing else', () => {
    const { stack } = namespaceGrants();
    expect(defaultPolicy(stack)).toEqual([
      { Action: PUSH, Effect: 'Allow', Resource: arnOf('team-a/*') },
      { Action: PULL, Effect: 'Allow', Resource: arnOf('base/*') },
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('EcrLoginPolicy'),
      PolicyDocument: { Statement: [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }] },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('snapshot: namespace grants and folded grants', () => {
    const { app } = namespaceGrants();
    expect(stackTemplates(app)).toMatchSnapshot();
    expect(stackTemplates(libraryScaleApp({ repositories: 6, principals: 1, perNamespace: 3 }).app)).toMatchSnapshot();
  });

  test('cdk-nag\'s wildcard finding is acknowledged for exactly each namespace ARN', () => {
    const { ci } = namespaceGrants();
    const acknowledged = ci.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data));
    expect(acknowledged).toEqual([`AwsSolutions-IAM5[Resource::${arnOf('team-a/*')}]`, `AwsSolutions-IAM5[Resource::${arnOf('base/*')}]`]);
  });

  describe('oracle', () => {
    const { app, ci } = namespaceGrants();
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    const repo = (name: string, account?: string) => oracle.externalRepository(arnOf(name, account));

    test('allowed: login, push anywhere under team-a/ (nested too), pull anywhere under base/', async () => {
      await expect(oracle.decide(role, LOGIN[0], '*')).resolves.toBe('Allowed');
      await expectDecisions(oracle, role, [repo('team-a/api'), repo('team-a/nested/web')], PUSH, 'Allowed');
      await expectDecisions(oracle, role, [repo('base/node'), repo('base/python')], PULL, 'Allowed');
    });

    test('denied: team-b/x, the sibling prefix team-ab/x, base/ pushes, other accounts, deletes', async () => {
      await expectDecisions(oracle, role, [repo('team-b/x'), repo('team-ab/x'), repo('team-a'), repo('x/team-a/y')], [...PUSH, ...PULL], 'ImplicitlyDenied');
      await expectDecisions(oracle, role, [repo('base/node')], PUSH_ONLY, 'ImplicitlyDenied');
      await expectDecisions(oracle, role, [repo('team-a/api', OTHER_ACCOUNT), repo('base/node', OTHER_ACCOUNT)], [...PUSH, ...PULL], 'ImplicitlyDenied');
      await expectDecisions(oracle, role, [repo('team-a/api'), repo('base/node')], [...DESTRUCTIVE, 'ecr:CreateRepository'], 'ImplicitlyDenied');
      // push is not pull: the layer download stays denied under team-a/
      await expectDecisions(oracle, role, [repo('team-a/api')], ['ecr:GetDownloadUrlForLayer'], 'ImplicitlyDenied');
    });
  });

  test('a namespace in another account: identity side on that account\'s ARN, and a warning with the registry-policy statement', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github, roleName: 'platform-ci', outputs: true });
    ci.allowPushToNamespace('team-a/', { account: REGISTRY_ACCOUNT, region: 'eu-west-1' });
    expect(defaultPolicy(stack)).toEqual([{ Action: PUSH, Effect: 'Allow', Resource: arnOf('team-a/*', REGISTRY_ACCOUNT, 'eu-west-1') }]);
    const warnings = Annotations.fromStack(stack).findWarning('/Ci/Ci', Match.stringLikeRegexp('cdk-ecr-access:repositoryPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    expect(message).toMatch(/The repositories under 'team-a\/' are in account 111111111111, and this role is in account 333333333333/);
    const statement = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1)).Statement[0];
    expect(statement).toEqual({
      Action: PUSH, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CI_ACCOUNT}:role/platform-ci` }, Resource: arnOf('team-a/*', REGISTRY_ACCOUNT, 'eu-west-1'),
    });
    // the registry outputs name the other account's registry
    const outputs = Template.fromStack(stack).toJSON().Outputs;
    const uris = outputs.CiRegistryUris.Value;
    expect(JSON.stringify(uris)).toContain(`${REGISTRY_ACCOUNT}.dkr.ecr.eu-west-1.`);
  });

  test('a namespace in another account, for a role without a name: the placeholder, and the roleName advice', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
    // WHEN
    ci.allowPullFromNamespace('team-a/', { account: REGISTRY_ACCOUNT });
    // THEN
    const [warning] = Annotations.fromStack(stack).findWarning('/Ci/Ci', Match.stringLikeRegexp('cdk-ecr-access:repositoryPolicyRequired'));
    const message = warning.entry.data as string;
    expect(message).toContain('The role\'s name is generated when stack \'Ci\' is deployed, so the statement cannot name it yet: give it a fixed name (roleName) '
      + 'so that the owner can add the statement before you deploy, or put in its ARN once it exists:\n');
    const statement = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1)).Statement[0];
    expect(statement.Principal).toEqual({ AWS: `arn:aws:iam::${CI_ACCOUNT}:role/<name CloudFormation generates for Ci/Ci/Role>` });
  });

  test.each([
    ['an empty namespace', '', /namespace: got '': would cover every repository of the account/],
    ['a wildcard before the end', 'team-a/*/api', /namespace: got 'team-a\/\*\/api': holds a wildcard before its end[^]*Fix: use 'team-a\/\*' for the names that start with 'team-a\/', or 'team-a\/' for the namespace/],
    ['upper case', 'Team-A/', /namespace: got 'Team-A\/': is not a repository namespace/],
  ])('refuses %s, naming the method, the value and the fix', (_name, namespace, message) => {
    const { ci } = namespaceGrants();
    expect(() => ci.allowPushToNamespace(namespace)).toThrow(new RegExp(`^Invalid EcrCiPrincipal.allowPushToNamespace\\(\\) at 'Ci/Ci'[^]*${message.source}`));
    expect(() => ci.allowPullFromNamespace(namespace)).toThrow(/^Invalid EcrCiPrincipal.allowPullFromNamespace\(\)/);
  });

  test('refuses a bad account and region together; deploy-time values are not checked', () => {
    const { stack, ci } = namespaceGrants();
    expect(() => ci.allowPullFromNamespace('base/', { account: '1234', region: 'us-east-1a' })).toThrow(
      /\(2 problems\):\n {2}- options.account: got '1234': is not an AWS account id[^]*\n {2}- options.region: got 'us-east-1a': is not an AWS region name. Fix: use the region 'us-east-1' \(the letter at the end names an Availability Zone\)/);
    const account = new CfnParameter(stack, 'Account').valueAsString;
    expect(() => ci.allowPullFromNamespace('shared/', { account })).not.toThrow();
  });

  test.each(['team-a', 'team-a/', 'team-a/*'])('%s: the same grant on repository/team-a/*, no warning', (namespace) => {
    // GIVEN
    const stack = registryStack(new App(), 'Ci');
    // WHEN
    new EcrCiPrincipal(stack, 'Ci', { provider: github }).allowPushToNamespace(namespace);
    // THEN
    expect(defaultPolicy(stack)).toEqual([{ Action: PUSH, Effect: 'Allow', Resource: arnOf('team-a/*') }]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('foldIntoNamespaces (opt-in)', () => {
  test('grants on repositories under a listed prefix become one grant on the prefix; others keep their ARN', () => {
    const stack = registryStack(new App(), 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github, foldIntoNamespaces: ['team-a/'] });
    for (const name of ['team-a/api', 'team-a/web', 'team-a/worker']) ci.allowPush(ecr.Repository.fromRepositoryName(stack, name, name));
    ci.allowPull(ecr.Repository.fromRepositoryName(stack, 'Base', 'base/node'));
    // an owned repository with a name folds too; one whose name CloudFormation generates cannot
    ci.allowPush(new PushableRepository(stack, 'Owned', { repositoryName: 'team-a/owned' }));
    const unnamed = new PushableRepository(stack, 'Unnamed');
    ci.allowPush(unnamed);
    expect(defaultPolicy(stack)).toEqual([
      { Action: PUSH, Effect: 'Allow', Resource: [{ 'Fn::GetAtt': [stack.resolve((unnamed.node.defaultChild as ecr.CfnRepository).logicalId), 'Arn'] }, arnOf('team-a/*')] },
      { Action: PULL, Effect: 'Allow', Resource: importedArn('base/node') },
    ]);
  });

  test('without the opt-in each repository is listed, packed in one statement and sorted', () => {
    const stack = registryStack(new App(), 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
    for (const name of ['team-a/web', 'team-a/api']) ci.allowPush(ecr.Repository.fromRepositoryName(stack, name, name));
    expect(defaultPolicy(stack)).toEqual([{ Action: PUSH, Effect: 'Allow', Resource: [importedArn('team-a/api'), importedArn('team-a/web')] }]);
  });

  test('refuses bad namespaces with the other props\' problems', () => {
    const stack = registryStack(new App(), 'Ci');
    expect(() => new EcrCiPrincipal(stack, 'Bad', { provider: github, foldIntoNamespaces: ['', 'Team/'], roleName: 'a b' })).toThrow(
      /\(3 problems\)[^]*foldIntoNamespaces\[0\]: got '': would cover every repository[^]*foldIntoNamespaces\[1\]: got 'Team\/': is not a repository namespace/);
  });

  test.each([
    ['a namespace without its /: team-a/ repositories only', 'team-a', ['team-a/api'], ['team-ab/api'], 'team-a/*'],
    ['a text pattern with its *: the names starting with the text', 'team-*', ['team-a/api', 'team-ab/api'], ['base/node'], 'team-*'],
  ])('%s', (_name, namespace, folded, kept, pattern) => {
    // GIVEN
    const stack = registryStack(new App(), 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github, foldIntoNamespaces: [namespace] });
    // WHEN
    for (const name of [...folded, ...kept]) ci.allowPush(ecr.Repository.fromRepositoryName(stack, name, name));
    // THEN
    expect(defaultPolicy(stack)).toEqual([{ Action: PUSH, Effect: 'Allow', Resource: [...kept.map(importedArn), arnOf(pattern)] }]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('repositories of another account: the identity side names the prefix there, each repository policy is still written (oracle)', async () => {
    const app = new App();
    const registry = registryStack(app);
    const ciStack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const api = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
    const web = new PushableRepository(registry, 'Web', { repositoryName: 'team-a/web' });
    const ci = new EcrCiPrincipal(ciStack, 'Ci', { provider: github, foldIntoNamespaces: ['team-a/'], push: [api, web] });
    expect(defaultPolicy(ciStack)).toEqual([{ Action: PUSH, Effect: 'Allow', Resource: arnOf('team-a/*') }]);
    for (const name of ['team-a/api', 'team-a/web']) {
      Template.fromStack(registry).hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        RepositoryPolicyText: { Statement: [Match.objectLike({ Action: PUSH, Condition: { StringEquals: { 'aws:PrincipalTag/aws-cdk:id': Match.anyValue() } } })] },
      });
    }
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    await expectDecisions(oracle, role, [oracle.repository(api), oracle.repository(web)], PUSH, 'Allowed');
    // a repository of the namespace whose policy does not allow the role: the identity side alone is not enough
    await expectDecisions(oracle, role, [oracle.externalRepository(arnOf('team-a/other'))], ['ecr:PutImage'], 'ImplicitlyDenied');
  });

  describe('oracle: the scale app, small (40 repositories in team-a/, one principal)', () => {
    const { app, principals, repositories } = libraryScaleApp({ repositories: 40, principals: 1, perNamespace: 40 });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(principals[0]);
    const granted = repositories.map((r) => oracle.externalRepository(arnOf(r.repositoryName)));

    test('one statement on team-a/*, whatever the number of repositories', () => {
      const statements = role.identityPolicies.flatMap((p) => p.Statement);
      expect(statements).toEqual([
        { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
        { Action: PUSH, Effect: 'Allow', Resource: arnOf('team-a/*') },
      ]);
    });

    test('allowed: every push action on every one of the repositories', async () => {
      expect(granted).toHaveLength(40);
      await expectDecisions(oracle, role, granted, ['ecr:PutImage'], 'Allowed');
      await expectDecisions(oracle, role, [granted[0], granted[39]], PUSH, 'Allowed');
    });

    test('denied: team-b/x, team-ab/x, another account, deletes and policy changes', async () => {
      await expectDecisions(oracle, role, [oracle.externalRepository(arnOf('team-b/x')), oracle.externalRepository(arnOf('team-ab/x'))], PUSH, 'ImplicitlyDenied');
      await expectDecisions(oracle, role, [oracle.externalRepository(arnOf('team-a/service-0', OTHER_ACCOUNT))], PUSH, 'ImplicitlyDenied');
      await expectDecisions(oracle, role, [granted[0]], DESTRUCTIVE, 'ImplicitlyDenied');
    });
  });
});
