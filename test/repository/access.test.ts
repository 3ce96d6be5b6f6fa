import { App, Environment, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrActions, EcrCiPrincipal, EcrWarnings, PushableRepository } from '../../src';
import { identityPolicyDocument } from '../../src/policy/statements';
import { grantOnRepository } from '../../src/repository/grant-on-repository';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LAMBDA_PULL, LOGIN, MANAGE_STORAGE_CLASS, PULL, PUSH, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { CI_ACCOUNT, crossAccountPull, kmsEncrypted, lambdaPull, organizationPull, ORG_ID, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, sameAccountPush, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Every access decision here comes from @cloud-copilot/iam-simulate, an IAM evaluator we did not
// write, run on the synthesized identity and repository policies.


async function expectDecisions(oracle: AccessOracle, principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], expected: Decision, context?: Record<string, string>) {
  for (const action of actions) {
    await expect(oracle.decide(principal, action, target, context)).resolves.toEqual(expected);
  }
}

describe('same-account push (oracle)', () => {
  const { app, repository, sibling, ci } = sameAccountPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const role = oracle.principal(ci);
  const repo = oracle.repository(repository);

  test('allowed: login, and every push action on its repository', async () => {
    await expectDecisions(oracle, role, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, role, repo, PUSH, 'Allowed');
  });

  test('denied: the sibling repository, destructive and admin actions, other accounts\' repositories', async () => {
    await expectDecisions(oracle, role, oracle.repository(sibling), PUSH, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repo, DESTRUCTIVE, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, oracle.externalRepository(`arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/team-a/api`), PUSH, 'ImplicitlyDenied');
  });

  test('login on a repository ARN is not even a valid request: it only exists on "*"', async () => {
    await expect(oracle.decide(role, 'ecr:GetAuthorizationToken', repo)).resolves.toEqual('Invalid');
  });
});

describe('cross-account pull (oracle)', () => {
  const { app, stack, repository, sibling, puller, accountPolicy } = crossAccountPull();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const role = oracle.principal(puller);
  const repo = oracle.repository(repository);

  test('allowed: the workload role logs in and pulls across accounts', async () => {
    await expectDecisions(oracle, role, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, role, repo, PULL, 'Allowed');
  });

  test('denied: push, the sibling repository, destructive actions', async () => {
    await expectDecisions(oracle, role, repo, PUSH_ONLY, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, oracle.repository(sibling), PULL, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repo, DESTRUCTIVE, 'ImplicitlyDenied');
  });

  test('both sides are needed: without the repository policy the same identity policy is denied', async () => {
    const withoutRepositoryPolicy = { ...repo, policy: undefined };
    await expectDecisions(oracle, role, withoutRepositoryPolicy, PULL, 'ImplicitlyDenied');
  });

  test('another role of the workload account, without the identity grant, is denied', async () => {
    const stranger = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/other`, []);
    await expectDecisions(oracle, stranger, repo, PULL, 'ImplicitlyDenied');
  });

  test('allowAccountPull: a principal of that account with the returned identity policy pulls; without it, or from another account, it does not', async () => {
    const identity = oracle.document(stack, accountPolicy);
    const ciRole = oracle.external(`arn:aws:iam::${CI_ACCOUNT}:role/builder`, [identity]);
    await expectDecisions(oracle, ciRole, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, ciRole, repo, PULL, 'Allowed');
    await expectDecisions(oracle, ciRole, repo, ['ecr:PutImage'], 'ImplicitlyDenied');
    await expectDecisions(oracle, oracle.external(`arn:aws:iam::${CI_ACCOUNT}:role/builder`, []), repo, PULL, 'ImplicitlyDenied');
    await expectDecisions(oracle, oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/builder`, [identity]), repo, PULL, 'ImplicitlyDenied');
  });
});

describe('organization pull (oracle)', () => {
  const { app, stack, repository, identityPolicy } = organizationPull();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const repo = oracle.repository(repository);
  const identity = oracle.document(stack, identityPolicy);
  const member = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/app`, [identity]);

  test('allowed: a member account\'s principal with the identity policy', async () => {
    await expectDecisions(oracle, member, repo, PULL, 'Allowed', { 'aws:PrincipalOrgID': ORG_ID });
  });

  test('denied: outside the organization, pushing, deleting', async () => {
    await expectDecisions(oracle, member, repo, PULL, 'ImplicitlyDenied', { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' });
    await expectDecisions(oracle, member, repo, ['ecr:PutImage', ...DESTRUCTIVE], 'ImplicitlyDenied', { 'aws:PrincipalOrgID': ORG_ID });
  });
});

describe('Lambda pull (oracle)', () => {
  const { app, repository } = lambdaPull();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const repo = oracle.repository(repository);
  const lambda = oracle.external('lambda.amazonaws.com');
  const call = (account: string, fn: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:lambda:${REGION}:${account}:function:${fn}` });

  test('allowed: the named functions of the listed accounts', async () => {
    await expectDecisions(oracle, lambda, repo, LAMBDA_PULL, 'Allowed', call(REGISTRY_ACCOUNT, 'api-orders'));
    await expectDecisions(oracle, lambda, repo, LAMBDA_PULL, 'Allowed', call(WORKLOAD_ACCOUNT, 'api-users'));
  });

  test('denied: another account\'s function (confused deputy), another function name, push', async () => {
    await expectDecisions(oracle, lambda, repo, LAMBDA_PULL, 'ImplicitlyDenied', call(OTHER_ACCOUNT, 'api-orders'));
    await expectDecisions(oracle, lambda, repo, LAMBDA_PULL, 'ImplicitlyDenied', call(REGISTRY_ACCOUNT, 'billing'));
    await expectDecisions(oracle, lambda, repo, ['ecr:PutImage'], 'ImplicitlyDenied', call(REGISTRY_ACCOUNT, 'api-orders'));
  });
});

describe('KMS-encrypted pull and push (oracle)', () => {
  const { app, repository, role } = kmsEncrypted();
  const oracle = new AccessOracle(new SynthesizedApp(app));

  test('allowed: pull and push; denied: delete', async () => {
    const principal = oracle.principal(role);
    const repo = oracle.repository(repository);
    await expectDecisions(oracle, principal, repo, [...PULL, ...PUSH], 'Allowed');
    await expectDecisions(oracle, principal, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, principal, repo, DESTRUCTIVE, 'ImplicitlyDenied');
  });
});

describe('imported role in another account (oracle)', () => {
  test('the repository side written here plus the identity policy from the warning allow exactly the push', async () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: 'team-a/api' });
    const external = iam.Role.fromRoleArn(stack, 'ExternalCi', `arn:aws:iam::${CI_ACCOUNT}:role/ci`);
    repository.grantPush(external);

    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    // what the warning tells the other account to attach, from the same statement builders
    const identity = oracle.document(stack, identityPolicyDocument([...EcrActions.LOGIN, ...EcrActions.PUSH], [repository.repositoryArn]));
    const ci = oracle.external(`arn:aws:iam::${CI_ACCOUNT}:role/ci`, [identity]);
    await expectDecisions(oracle, ci, repo, PUSH, 'Allowed');
    await expectDecisions(oracle, ci, repo, PULL.filter((a) => !PUSH.includes(a)), 'ImplicitlyDenied');
    // the repository policy names that role, not its account: another role with the same identity policy is denied
    const otherRole = oracle.external(`arn:aws:iam::${CI_ACCOUNT}:role/intruder`, [identity]);
    await expectDecisions(oracle, otherRole, repo, PUSH, 'ImplicitlyDenied');
  });
});

describe('a principal whose ARN exists only after deployment', () => {
  const provider = () => CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] });
  /** A repository of the registry account, imported in one stack; the principal in another stack (of another environment, or none). */
  function importedAndGranted(principalEnv: Environment | undefined, make: (stack: Stack) => iam.IGrantable) {
    const app = new App();
    const importer = new Stack(app, 'Importer', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const repository = ecr.Repository.fromRepositoryArn(importer, 'Shared', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/base/node`);
    const holder = new Stack(app, 'Ci', { env: principalEnv });
    const grantee = make(holder);
    if (EcrCiPrincipal.isEcrCiPrincipal(grantee)) grantee.allowPull(repository);
    else grantOnRepository(repository, grantee, [...EcrActions.LOGIN, ...EcrActions.PULL]);
    return { app, importer, holder };
  }

  test.each([
    ['EcrCiPrincipal, another environment', { account: CI_ACCOUNT, region: REGION }, (s: Stack) => new EcrCiPrincipal(s, 'Ci', { provider: provider() }), 'Ci/Ci/Role', 'role', 'roleName'],
    ['EcrCiPrincipal, environment-agnostic stack', undefined, (s: Stack) => new EcrCiPrincipal(s, 'Ci', { provider: provider() }), 'Ci/Ci/Role', 'role', 'roleName'],
    ['iam.Role, another environment', { account: CI_ACCOUNT, region: REGION }, (s: Stack) => new iam.Role(s, 'Builder', { assumedBy: new iam.AccountRootPrincipal() }), 'Ci/Builder', 'role', 'roleName'],
    ['iam.User, another environment', { account: CI_ACCOUNT, region: 'eu-west-1' }, (s: Stack) => new iam.User(s, 'Robot'), 'Ci/Robot', 'user', 'userName'],
  ])('%s: synth warns with the roleName advice instead of crashing', (_name, env, make, path, kind, nameProp) => {
    // GIVEN a grant whose warning names a principal of another stack with a generated name
    const { app, importer } = importedAndGranted(env, make);
    // WHEN
    const synth = () => app.synth();
    // THEN
    expect(synth).not.toThrow();
    const warnings = Annotations.fromStack(importer).findWarning('/Importer/Shared', Match.stringLikeRegexp(EcrWarnings.REPOSITORY_POLICY_REQUIRED));
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    expect(message).toContain(`'${path}'`);
    expect(message).toMatch(new RegExp(`give it a fixed name \\(${nameProp}\\)`));
    const statement = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1)).Statement[0];
    expect(statement).toMatchObject({ Action: PULL, Effect: 'Allow' });
    expect(statement.Principal.AWS).toMatch(new RegExp(`:iam::(${CI_ACCOUNT}|<account of stack 'Ci'>):${kind}/<name CloudFormation generates for ${path}>$`));
  });

  test('a named role of another environment is written out, with no advice', () => {
    const { app, importer } = importedAndGranted({ account: CI_ACCOUNT, region: REGION },
      (s) => new EcrCiPrincipal(s, 'Ci', { provider: provider(), roleName: 'acme-ci' }));
    app.synth();
    const message = Annotations.fromStack(importer).findWarning('/Importer/Shared', Match.stringLikeRegexp(EcrWarnings.REPOSITORY_POLICY_REQUIRED))[0].entry.data as string;
    expect(message).not.toContain('give it a fixed name');
    const statement = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1)).Statement[0];
    expect(statement.Principal).toEqual({ AWS: `arn:aws:iam::${CI_ACCOUNT}:role/acme-ci` });
  });
});

describe('storage class management (oracle)', () => {
  // GIVEN an operator role of the registry account and one of a workload account, both allowed to archive and restore
  const app = new App();
  const stack = registryStack(app);
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const sibling = new PushableRepository(stack, 'Billing', { repositoryName: 'team-a/billing' });
  const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
  const remote = new iam.Role(workload, 'RemoteOperator', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'remote-operator' });
  // WHEN
  repository.grantManageStorageClass(operator);
  repository.grantManageStorageClass(remote);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const repo = oracle.repository(repository);

  test('allowed: archive, restore and list archived images of its repository, also from another account', async () => {
    await expectDecisions(oracle, oracle.principal(operator), repo, MANAGE_STORAGE_CLASS, 'Allowed');
    await expectDecisions(oracle, oracle.principal(remote), repo, MANAGE_STORAGE_CLASS, 'Allowed');
  });

  test('denied: the sibling repository, pull, push, delete and admin, another account\'s repository, and login (not needed)', async () => {
    const role = oracle.principal(operator);
    await expectDecisions(oracle, role, oracle.repository(sibling), MANAGE_STORAGE_CLASS, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, repo, [...PULL, ...PUSH, ...DESTRUCTIVE], 'ImplicitlyDenied');
    await expectDecisions(oracle, role, oracle.externalRepository(`arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/team-a/api`), MANAGE_STORAGE_CLASS, 'ImplicitlyDenied');
    await expectDecisions(oracle, role, '*', LOGIN, 'ImplicitlyDenied');
  });

  test('the other account\'s role needs the repository policy too: another role of that account is denied', async () => {
    const stranger = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/stranger`, [oracle.document(workload, new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: MANAGE_STORAGE_CLASS, resources: [repository.repositoryArn] })],
    }))]);
    await expectDecisions(oracle, stranger, repo, MANAGE_STORAGE_CLASS, 'ImplicitlyDenied');
  });

  test('the grant is the named set, exactly', () => {
    expect([...EcrActions.MANAGE_STORAGE_CLASS].sort()).toEqual(MANAGE_STORAGE_CLASS);
  });
});
