import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as M from './messages';
import { diagnose, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LAMBDA_PULL, LOGIN, PULL, PUSH } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';

// Two proofs that a diagnosis's fix is right:
// 1. it is the policy the library's own grant writes (the cdk snippet it prints): one source of truth;
// 2. applied to the denied request, the independent IAM evaluator turns the denial into Allowed, and
//    nothing more than the task's actions (other repositories, other principals, destructive actions
//    stay denied).

const oracle = new AccessOracle(new SynthesizedApp(new App()));

async function decideAll(principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], context?: Record<string, string>): Promise<Decision[]> {
  return Promise.all(actions.map((action) => oracle.decide(principal, action, target, context)));
}

/** A stack's resources with every intrinsic resolved to what AWS would see. */
function resolvedResources(app: App, stack: Stack, type: string): any[] {
  const synthesized = new SynthesizedApp(app);
  const info = synthesized.stackOf(stack);
  return synthesized.resources(type).filter((r) => r.info === info).map((r) => synthesized.resolve(info, r.resource.Properties));
}

function sortStatements(statements: any[]): string[] {
  return statements.map((statement) => JSON.stringify(statement)).sort();
}

const allowed = (actions: readonly string[]) => actions.map(() => 'Allowed');
const denied = (actions: readonly string[]) => actions.map(() => 'ImplicitlyDenied');

describe('the fix is what the grant writes', () => {
  test('cross-account role, repository side: repository.grantPush(Role.fromRoleArn(...))', () => {
    const d = diagnose(M.PYTORCH_CROSS_ACCOUNT);
    const app = new App();
    const stack = new Stack(app, 'Registry', { env: { account: d.resourceAccount, region: d.region } });
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: d.repositoryName });
    repository.grantPush(iam.Role.fromRoleArn(stack, 'Caller', d.policyPrincipalArn!));

    const [repo] = resolvedResources(app, stack, 'AWS::ECR::Repository');
    expect(repo.RepositoryPolicyText).toEqual(d.fix!.repositoryPolicy);
    // and the identity policy the grant asks the other account for is the one the diagnosis prints for 'both'
    const both = diagnose(M.PYTORCH_CROSS_ACCOUNT.replace(/ because no resource-based policy allows the \S+ action/, ''));
    expect(both.missingPolicy).toBe('both');
    const warning = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('identityPolicyRequired'))[0];
    const printed = JSON.parse(/(\{[\s\S]*\})/.exec(String(warning.entry.data))![1]);
    expect(printed).toEqual(both.fix!.identityPolicy);
  });

  test('another account\'s root: repository.allowAccountPush(account)', () => {
    const d = diagnose(M.ROOT_CROSS_ACCOUNT_PUSH);
    const app = new App();
    const stack = new Stack(app, 'Registry', { env: { account: d.resourceAccount, region: d.region } });
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: d.repositoryName });
    repository.allowAccountPush(d.callerAccount!);
    const [repo] = resolvedResources(app, stack, 'AWS::ECR::Repository');
    expect(repo.RepositoryPolicyText).toEqual(d.fix!.repositoryPolicy);
  });

  test('same account, identity side: repository.grantPush(role)', () => {
    const d = diagnose(M.SAGEMAKER_PUSH_LOG);
    const app = new App();
    const stack = new Stack(app, 'Registry', { env: { account: d.resourceAccount, region: d.region } });
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: d.repositoryName });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grantPush(role);
    // the grant may spread the statements over policies (login in a policy of its own): compare the statements
    const written = resolvedResources(app, stack, 'AWS::IAM::Policy').flatMap((policy) => policy.PolicyDocument.Statement);
    expect(sortStatements(written)).toEqual(sortStatements(d.fix!.identityPolicy.Statement));
  });

  test('Lambda: repository.allowLambdaPull()', () => {
    const d = diagnose(M.LAMBDA_CFN_WITH_IMAGE);
    const app = new App();
    const stack = new Stack(app, 'Registry', { env: { account: d.resourceAccount, region: d.region } });
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: d.repositoryName });
    repository.allowLambdaPull();
    const [repo] = resolvedResources(app, stack, 'AWS::ECR::Repository');
    expect(repo.RepositoryPolicyText).toEqual(d.fix!.repositoryPolicy);
  });
});

describe('the fix turns the denial into Allowed (oracle)', () => {
  test('cross-account push, repository side missing: with the fix the role pushes; others still cannot', async () => {
    const d = diagnose(M.PYTORCH_CROSS_ACCOUNT);
    // the caller's own side is in place (the message says only the repository side is missing)
    const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: PUSH, Resource: `arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/${d.repositoryName}` }] };
    const caller = oracle.external(d.policyPrincipalArn!, [identity]);
    const repositoryArn = `arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/${d.repositoryName}`;

    expect(await decideAll(caller, oracle.externalRepository(repositoryArn), [d.action!])).toEqual(['ImplicitlyDenied']);
    const fixed = oracle.externalRepository(repositoryArn, d.fix!.repositoryPolicy);
    expect(await decideAll(caller, fixed, PUSH)).toEqual(allowed(PUSH));
    expect(await decideAll(caller, fixed, DESTRUCTIVE)).toEqual(denied(DESTRUCTIVE));
    const otherRole = oracle.external(`arn:aws:iam::${d.callerAccount}:role/someone-else`, [identity]);
    expect(await decideAll(otherRole, fixed, [d.action!])).toEqual(['ImplicitlyDenied']);
  });

  test('cross-account, side unknown (both): both documents together allow, either alone does not', async () => {
    const d = diagnose(M.DECODED_MESSAGE);
    expect(d.missingPolicy).toBe('both');
    const repositoryArn = `arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/${d.repositoryName}`;
    const withIdentity = oracle.external(d.policyPrincipalArn!, [d.fix!.identityPolicy]);
    const withoutIdentity = oracle.external(d.policyPrincipalArn!, []);
    const withPolicy = oracle.externalRepository(repositoryArn, d.fix!.repositoryPolicy);
    const withoutPolicy = oracle.externalRepository(repositoryArn);

    expect(await decideAll(withIdentity, withPolicy, PUSH)).toEqual(allowed(PUSH));
    expect(await decideAll(withIdentity, '*', LOGIN)).toEqual(allowed(LOGIN));
    expect(await decideAll(withIdentity, withoutPolicy, PUSH)).toEqual(denied(PUSH));
    expect(await decideAll(withoutIdentity, withPolicy, PUSH)).toEqual(denied(PUSH));
    const sibling = oracle.externalRepository(`arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/team-a/billing`, d.fix!.repositoryPolicy);
    expect(await decideAll(withIdentity, sibling, PUSH)).toEqual(denied(PUSH));
  });

  test('another account\'s root: the repository fix lets that account\'s principals (with their identity side) push', async () => {
    const d = diagnose(M.ROOT_CROSS_ACCOUNT_PUSH);
    const repositoryArn = `arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/${d.repositoryName}`;
    const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: PUSH, Resource: repositoryArn }] };
    const roleThere = oracle.external(`arn:aws:iam::${d.callerAccount}:role/ci`, [identity]);
    const roleElsewhere = oracle.external('arn:aws:iam::999999999999:role/ci', [identity]);
    const fixed = oracle.externalRepository(repositoryArn, d.fix!.repositoryPolicy);
    expect(await decideAll(roleThere, oracle.externalRepository(repositoryArn), PUSH)).toEqual(denied(PUSH));
    expect(await decideAll(roleThere, fixed, PUSH)).toEqual(allowed(PUSH));
    expect(await decideAll(roleElsewhere, fixed, PUSH)).toEqual(denied(PUSH));
  });

  test('same account, identity side: login and push allowed, other repositories and destructive actions not', async () => {
    const d = diagnose(M.SAGEMAKER_PUSH_LOG);
    const repositoryArn = `arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/${d.repositoryName}`;
    const before = oracle.external(d.policyPrincipalArn!, []);
    const after = oracle.external(d.policyPrincipalArn!, [d.fix!.identityPolicy]);
    const repository = oracle.externalRepository(repositoryArn);
    expect(await decideAll(before, repository, [d.action!])).toEqual(['ImplicitlyDenied']);
    expect(await decideAll(after, repository, PUSH)).toEqual(allowed(PUSH));
    expect(await decideAll(after, '*', LOGIN)).toEqual(allowed(LOGIN));
    expect(await decideAll(after, repository, DESTRUCTIVE)).toEqual(denied(DESTRUCTIVE));
    expect(await decideAll(after, oracle.externalRepository(`arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/other`), PUSH)).toEqual(denied(PUSH));
  });

  test('CreateRepository: the fix allows creating under the prefix only', async () => {
    const d = diagnose('An error occurred (AccessDeniedException) when calling the CreateRepository operation: User: arn:aws:iam::111111111111:user/ci is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:us-east-1:111111111111:repository/team-a/api because no identity-based policy allows the ecr:CreateRepository action');
    expect(d.missingPolicy).toBe('identity');
    const after = oracle.external(d.policyPrincipalArn!, [d.fix!.identityPolicy]);
    const repo = (name: string) => oracle.externalRepository(`arn:aws:ecr:us-east-1:111111111111:repository/${name}`);
    expect(await decideAll(after, repo('team-a/api'), ['ecr:CreateRepository'])).toEqual(['Allowed']);
    expect(await decideAll(after, repo('team-a/worker'), ['ecr:CreateRepository'])).toEqual(['Allowed']);
    expect(await decideAll(after, repo('team-b/api'), ['ecr:CreateRepository'])).toEqual(['ImplicitlyDenied']);
    expect(await decideAll(after, repo('team-a/api'), [...PUSH, 'ecr:DeleteRepository'])).toEqual(denied([...PUSH, 'ecr:DeleteRepository']));
  });

  test('Lambda: the repository fix lets functions of the repository\'s account pull, not another account\'s', async () => {
    const d = diagnose(M.LAMBDA_CFN_WITH_IMAGE);
    const repository = oracle.externalRepository(`arn:aws:ecr:${d.region}:${d.resourceAccount}:repository/${d.repositoryName}`, d.fix!.repositoryPolicy);
    const lambda = oracle.external('lambda.amazonaws.com');
    const call = (account: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:lambda:${d.region}:${account}:function:api` });
    expect(await decideAll(lambda, repository, LAMBDA_PULL, call(d.resourceAccount!))).toEqual(allowed(LAMBDA_PULL));
    expect(await decideAll(lambda, repository, LAMBDA_PULL, call('999999999999'))).toEqual(denied(LAMBDA_PULL));
    const pushOnly = PUSH.filter((a) => !PULL.includes(a));
    expect(await decideAll(lambda, repository, pushOnly, call(d.resourceAccount!))).toEqual(denied(pushOnly));
  });
});
