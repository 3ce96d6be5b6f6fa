import { AppSpec, Item } from './app-spec';
import { REFUSALS } from './refusals';

// Minimal apps the sweep found, one per cause, as the shrinker left them (`npm run sweep` prints the
// items of each reproduction). Kept as data, not as seeds, so that a change to the generator cannot
// turn them into other apps. Each must show no mismatch once its cause is fixed.

export interface Regression {
  /** The cause, with the finding of issue 13 it comes from. */
  readonly name: string;
  readonly spec: AppSpec;
  /** The refusal (refusals.ts) the app must end with, for an arrangement no deployment could work with. */
  readonly refused?: string;
}

const regression = (name: string, items: Item[], refused?: string): Regression => ({ name, spec: { seed: 0, items }, refused });

export const REGRESSIONS: readonly Regression[] = [
  regression('issue 13 #1: DockerImageCode.fromEcr lets lambda.amazonaws.com pull for any account (no aws:SourceAccount)', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry' },
    { kind: 'consumer', id: 'k1', stack: 'Registry', repo: 'r1', consumer: 'lambda' },
  ]),
  regression('issue 13 #1: grantPush to lambda.amazonaws.com lets it push for any account', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry' },
    { kind: 'service', id: 's1', service: 'lambda.amazonaws.com' },
    { kind: 'grant', id: 'o1', repo: 'r1', grantee: 's1', method: 'grantPush' },
  ]),
  regression('issue 13 #1: grantPull to codebuild.amazonaws.com lets it pull for any account', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry' },
    { kind: 'service', id: 's1', service: 'codebuild.amazonaws.com' },
    { kind: 'grant', id: 'o1', repo: 'r1', grantee: 's1', method: 'grantPull' },
  ]),
  regression('issue 13 #2: a Lambda function of another account of the app: its account is not trusted', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: 'team-a/api' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r1', consumer: 'lambda' },
  ]),
  regression('issue 13 #2/#3: a Lambda function pulling a repository imported from another account: nothing is said', [
    { kind: 'repo', id: 'r1', type: 'fromArn', stack: 'Registry', account: 'C', region: 'us-east-1', name: 'team-ab/api' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r1', consumer: 'lambda' },
  ]),
  regression('issue 13 #3: an ECS (EC2) task pulling a repository imported from another account: nothing is said', [
    { kind: 'repo', id: 'r1', type: 'fromArn', stack: 'Registry', account: 'C', region: 'us-east-1', name: 'tools/lint' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r1', consumer: 'ec2' },
  ]),
  regression('issue 13 #3: a Fargate task pulling a repository imported from another account: nothing is said', [
    { kind: 'repo', id: 'r1', type: 'fromArn', stack: 'Registry', account: 'B', region: 'us-east-1', name: 'tools/lint' },
    { kind: 'consumer', id: 'k1', stack: 'Europe', repo: 'r1', consumer: 'fargate' },
  ]),
  regression('issue 13 #3: a CodeBuild project pulling a repository imported from another account: nothing is said', [
    { kind: 'repo', id: 'r1', type: 'fromName', stack: 'Europe', name: 'tools/lint' },
    { kind: 'consumer', id: 'k1', stack: 'Edge', repo: 'r1', consumer: 'codebuild' },
  ]),
  regression('issue 13 #4: EcrCiPrincipal pushing to a repository imported in a stack of another environment crashes synth', [
    { kind: 'repo', id: 'r1', type: 'fromName', stack: 'Workload', name: 'team-ab/api' },
    { kind: 'ci', id: 'ci1', stack: 'Registry', provider: { type: 'gitHubActions', repository: 'api', branches: ['main'] }, push: ['r1'] },
  ]),
  regression('issue 13 #5: grant(role, \'ecr:*\') never grants login', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry' },
    { kind: 'role', id: 'p1', stack: 'Registry' },
    { kind: 'grant', id: 'o1', repo: 'r1', grantee: 'p1', method: 'grant', actions: ['ecr:*'] },
  ]),
  regression('issue 13 #5: grant(ci, \'ecr:Get*\') never grants login', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Europe', name: 'team-b/worker' },
    { kind: 'ci', id: 'ci1', stack: 'Edge', provider: { type: 'account', account: 'B' } },
    { kind: 'grant', id: 'o1', repo: 'r1', grantee: 'ci1', method: 'grant', actions: ['ecr:Get*'] },
  ]),
  regression('issue 13 #10: a cross-account grant to a role with a roleName trusts any role carrying its tag', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: 'team-b/worker' },
    { kind: 'role', id: 'p1', stack: 'Edge', roleName: 'app-role-1' },
    { kind: 'grant', id: 'o1', repo: 'r1', grantee: 'p1', method: 'grantPush' },
  ]),
  regression('issue 13 #10: an EcrCiPrincipal with a roleName in another account is trusted by its tag', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: 'tools/lint' },
    { kind: 'ci', id: 'ci1', stack: 'Workload', provider: { type: 'oidc', subjects: ['organization:acme:pipeline:api:ref:refs/heads/main'] }, roleName: 'ci-role-1', pull: ['r1'] },
  ]),
  regression('the OIDC provider is created in the stack of the first principal: a second stack of the account that the first depends on makes a cycle, refused with the fix', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry' },
    { kind: 'ci', id: 'ci1', stack: 'Shared', provider: { type: 'gitHubActions', repository: 'platform', branches: ['main'] } },
    { kind: 'ci', id: 'ci2', stack: 'Registry', provider: { type: 'gitHubActions', repository: 'platform', branches: ['main'] } },
    { kind: 'ciRepo', id: 'o1', ci: 'ci1', verb: 'push', repo: 'r1' },
  ], REFUSALS[0].name),
  regression('the same cycle with a generic OIDC provider and a grant() of a pattern (sweep seed 397), refused with the fix', [
    { kind: 'repo', id: 'r4', type: 'pushable', stack: 'Registry' },
    { kind: 'ci', id: 'ci1', stack: 'Shared', provider: { type: 'oidc', subjects: ['organization:acme:pipeline:api:ref:refs/heads/main'] } },
    { kind: 'ci', id: 'ci2', stack: 'Registry', provider: { type: 'oidc', subjects: ['organization:acme:pipeline:api:ref:refs/heads/main'] } },
    { kind: 'grant', id: 'o3', repo: 'r4', grantee: 'ci1', method: 'grant', actions: ['ecr:BatchGet*'] },
  ], REFUSALS[0].name),
  regression('issue 13 #10: an EcrCiPrincipal with a roleName in another account pulling a plain ecr.Repository is trusted by its tag', [
    { kind: 'repo', id: 'r2', type: 'plain', stack: 'Registry', name: 'named/r2' },
    { kind: 'ci', id: 'ci1', stack: 'Workload', provider: { type: 'codeBuild' }, roleName: 'ci-role-1' },
    { kind: 'ciRepo', id: 'o4', ci: 'ci1', verb: 'pull', repo: 'r2' },
  ]),
  regression('issue 13 #2: a Lambda function of another account reaching a PushableRepository through an import of its name (sweep seed 831)', [
    { kind: 'repo', id: 'r2', type: 'fromName', stack: 'Registry', name: 'team-a/api' },
    { kind: 'repo', id: 'r3', type: 'pushable', stack: 'Registry', name: 'team-a/api' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r2', consumer: 'lambda' },
  ]),
  regression('issue 13 #2: a Lambda function of another account reaching a PushableRepository through an import of its ARN (sweep seed 906)', [
    { kind: 'repo', id: 'r3', type: 'fromArn', stack: 'Registry', account: 'B', region: 'us-east-1', name: 'team-ab/api' },
    { kind: 'repo', id: 'r4', type: 'pushable', stack: 'Workload', name: 'team-ab/api' },
    { kind: 'consumer', id: 'k2', stack: 'Registry', repo: 'r3', consumer: 'lambda' },
  ]),
  regression('issue 13 #3: a Lambda function running an image of a repository imported from another account, in another stack (sweep seed 219)', [
    { kind: 'repo', id: 'r3', type: 'fromArn', stack: 'Edge', account: 'B', region: 'us-east-1', name: 'team-a/api' },
    { kind: 'consumer', id: 'k1', stack: 'Registry', repo: 'r3', consumer: 'lambda' },
  ]),
  regression('an organization-conditioned registry policy and a CodeBuild project of another account: the owner\'s side is written under a condition the app cannot decide (sweep seed 75)', [
    { kind: 'repo', id: 'r1', type: 'fromName', stack: 'Registry', name: 'team-a/web' },
    { kind: 'registry', id: 'y1', stack: 'Registry' },
    { kind: 'registryAllow', id: 'o1', registry: 'y1', verb: 'OrgPull' },
    { kind: 'consumer', id: 'k1', stack: 'Edge', repo: 'r1', consumer: 'codebuild' },
  ]),
  regression('the same with an ECS task of another account and an import by ARN (sweep seed 283)', [
    { kind: 'repo', id: 'r3', type: 'fromArn', stack: 'Registry', account: 'A', region: 'us-east-1', name: 'team-b/worker' },
    { kind: 'registry', id: 'y1', stack: 'Registry' },
    { kind: 'registryAllow', id: 'o2', registry: 'y1', verb: 'OrgPull' },
    { kind: 'consumer', id: 'k1', stack: 'Edge', repo: 'r3', consumer: 'ec2' },
  ]),
  regression('issue 13: CodePipeline EcrSourceAction across accounts writes only the identity side (a repository of the app): the checks must say so', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: 'team-a/api' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r1', consumer: 'pipeline' },
  ]),
  regression('issue 13: CodePipeline EcrSourceAction on a repository imported from another account: the checks must say so', [
    { kind: 'repo', id: 'r1', type: 'fromName', stack: 'Workload', name: 'team-a/api' },
    { kind: 'consumer', id: 'k1', stack: 'Registry', repo: 'r1', consumer: 'pipeline' },
  ]),
  regression('issue 13: a Batch job of another account pulling a repository imported from another account: nothing is said', [
    { kind: 'repo', id: 'r1', type: 'fromArn', stack: 'Registry', account: 'C', region: 'us-east-1', name: 'team-a/api' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r1', consumer: 'batch' },
  ]),
  regression('a Lambda function of another account reaching a plain ecr.Repository through an import of its name: the checks must say so (sweep seed 356)', [
    { kind: 'repo', id: 'r1', type: 'plain', stack: 'Registry', name: 'tools/lint' },
    { kind: 'repo', id: 'r4', type: 'fromName', stack: 'Shared', name: 'tools/lint' },
    { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r4', consumer: 'lambda' },
  ]),
  regression('a CodePipeline source action beside a grant by tag to another role of its account: the checks must say so (sweep seed 197)', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Edge', name: 'team-a/api' },
    { kind: 'ci', id: 'ci2', stack: 'Registry', provider: { type: 'gitLab', projectPath: 'acme/platform/api', branches: ['main'] } },
    { kind: 'consumer', id: 'k1', stack: 'Europe', repo: 'r1', consumer: 'pipeline' },
    { kind: 'grant', id: 'o2', repo: 'r1', grantee: 'ci2', method: 'grant', actions: ['ecr:*'] },
  ]),
  regression('a grant to lambda.amazonaws.com beside a function using the repository: Lambda acts for that function only, as the README says (sweep seed 79)', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry' },
    { kind: 'service', id: 's1', service: 'lambda.amazonaws.com' },
    { kind: 'consumer', id: 'k2', stack: 'Registry', repo: 'r1', consumer: 'lambda', functionName: 'fn-k2' },
    { kind: 'grant', id: 'o5', repo: 'r1', grantee: 's1', method: 'grantPullPush' },
  ]),
  regression('the same beside a grant to a role with a roleName, which the policy names by aws:PrincipalArn (sweep seed 197)', [
    { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Edge', name: 'team-a/api' },
    { kind: 'ci', id: 'ci2', stack: 'Registry', provider: { type: 'gitLab', projectPath: 'acme/platform/api', branches: ['main'] }, roleName: 'ci-role-1' },
    { kind: 'consumer', id: 'k1', stack: 'Europe', repo: 'r1', consumer: 'pipeline' },
    { kind: 'grant', id: 'o2', repo: 'r1', grantee: 'ci2', method: 'grant', actions: ['ecr:*'] },
  ]),
];
