import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { aspectFindings, Reported, ruleIds } from './findings';
import { registryApp, twoAccountApp } from './mistakes';
import { CiProvider, CreationTemplateScenario, EcrAccessChecks, EcrActions, EcrCheckLevel, EcrCiPrincipal, EcrRegistry, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { crossAccountPull, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Each rule: "compliant N" cases that must stay silent and "non-compliant N" cases that must report
// exactly that rule, at the construct where the mistake is, quoting the offending value and the fix.
// Mistakes quoted from the user reports in the seeds are marked "seed".

const setup = registryApp;

function twoAccounts() {
  const { app, stack, workload, repository, taskRole } = twoAccountApp();
  return { app, registry: stack, workload, repository, role: taskRole };
}

function only(findings: Reported[], ruleId: string): Reported[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

const SEED_002_REPOSITORY = 'arn:aws:ecr:us-east-1:123456789012:repository/my-repo';

test('the pack: every rule id and level, pinned', () => {
  expect(EcrAccessChecks.rules().map((r) => [r.ruleId, r.level])).toEqual([
    ['unknown-action', EcrCheckLevel.ERROR],
    ['invalid-repository-arn', EcrCheckLevel.ERROR],
    ['registry-action-on-repository-arn', EcrCheckLevel.ERROR],
    ['registry-action-in-repository-policy', EcrCheckLevel.ERROR],
    ['incomplete-push', EcrCheckLevel.ERROR],
    ['missing-login', EcrCheckLevel.ERROR],
    ['cross-account-without-repository-policy', EcrCheckLevel.ERROR],
    ['cross-account-repository-outside-app', EcrCheckLevel.WARNING],
    ['public-principal-without-condition', EcrCheckLevel.ERROR],
    ['allow-with-not-principal', EcrCheckLevel.ERROR],
    ['service-principal-without-source', EcrCheckLevel.ERROR],
    ['ecr-wildcard-without-condition', EcrCheckLevel.WARNING],
    ['web-identity-trust-unpinned', EcrCheckLevel.ERROR],
    ['policy-size', EcrCheckLevel.ERROR],
    ['deny-shadows-grant', EcrCheckLevel.WARNING],
    ['create-on-push-open-to-pushers', EcrCheckLevel.WARNING],
    ['not-checked', EcrCheckLevel.WARNING],
  ]);
});

test('the pack: one file per rule under src/checks/rules, named by its id', () => {
  const files = readdirSync(path.join(__dirname, '..', '..', 'src', 'checks', 'rules')).map((f) => f.replace(/\.ts$/, '')).sort();
  expect(files).toEqual(EcrAccessChecks.rules().map((r) => r.ruleId).sort());
});

test('the README\'s rule table lists every rule with its level', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(EcrAccessChecks.rules().map((r) => [r.ruleId, r.level]));
});

test('the pack: every rule says what, why and how to fix', () => {
  for (const rule of EcrAccessChecks.rules()) {
    expect(rule.summary.length).toBeGreaterThan(20);
    expect(rule.why).toMatch(/\.$/);
    expect(rule.fix.length).toBeGreaterThan(20);
  }
});

describe('unknown-action', () => {
  test('compliant 1: grants, named sets, wildcards that match, any case, real ECS actions', () => {
    const { app, stack, repository, role } = setup();
    repository.grantPullPush(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.READ, 'ecr:Get*Token', 'ECR:putimage', 'ecr:Describe*'], resources: [repository.repositoryArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:RunTask', 'ecs:Describe*', 'ecs:*'], resources: ['*'] }));
    new iam.ManagedPolicy(stack, 'Shared', { statements: [new iam.PolicyStatement({ actions: ['ecr:BatchGet*'], resources: ['*'] })] });
    expect(only(aspectFindings(app), 'unknown-action')).toEqual([]);
  });

  test('non-compliant 1 (seed: "ecr:CreateRepository and ecs:DeleteRepository"): the ECS prefix on an ECR action', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecs:DeleteRepository'], resources: ['*'] }));
    const [finding, ...rest] = only(aspectFindings(app), 'unknown-action');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
    expect(finding.text).toContain("'ecs:DeleteRepository' in statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy' is not an Amazon ECS action");
    expect(finding.text).toContain("Fix: Write 'ecr:DeleteRepository'.");
  });

  test('non-compliant 2: a misspelt ECR action gets a suggestion', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthToken'], resources: ['*'] }));
    const [finding] = only(aspectFindings(app), 'unknown-action');
    expect(finding.text).toContain("'ecr:GetAuthToken' in statement 0");
    expect(finding.text).toContain('is not an Amazon ECR action');
    expect(finding.text).toContain("Fix: Did you mean 'ecr:GetAuthorizationToken'?");
  });

  test('non-compliant 3: a wildcard that matches nothing, in a managed policy ("ecr:Get*Token" is fine, "ecr:Pussh*" is not)', () => {
    const { app, stack } = setup();
    new iam.ManagedPolicy(stack, 'Pushers', { statements: [new iam.PolicyStatement({ actions: ['ecr:Get*Token', 'ecr:Pussh*'], resources: ['*'] })] });
    const findings = only(aspectFindings(app), 'unknown-action');
    expect(findings.map((f) => f.path)).toEqual(['Registry/Pushers/Resource']);
    expect(findings[0].text).toContain("'ecr:Pussh*' in statement 0 of the managed policy of 'Registry/Pushers' matches no Amazon ECR action");
  });

  test('non-compliant 4: raw repository policy text (a JSON string), a name without the ecr: prefix', () => {
    const { app, stack } = setup();
    // CloudFormation also takes the policy as JSON text; the L1 accepts it through an override
    new ecr.CfnRepository(stack, 'Raw', { repositoryName: 'raw' }).addPropertyOverride('RepositoryPolicyText', JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` }, Action: ['BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] }],
    }));
    const [finding] = only(aspectFindings(app), 'unknown-action');
    expect(finding).toMatchObject({ path: 'Registry/Raw' });
    expect(finding.text).toContain("'BatchGetImage' in statement 0 of the repository policy of 'Registry/Raw' has no service prefix");
    expect(finding.text).toContain("Write 'ecr:BatchGetImage'");
  });
});

describe('invalid-repository-arn', () => {
  test('compliant 1: repository ARNs from constructs, formatArn, wildcards, environment-agnostic stacks, other services\' repositories', () => {
    const { app, stack, repository, role } = setup();
    const agnostic = new Stack(app, 'Agnostic');
    const agnosticRole = new iam.Role(agnostic, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grantPull(role);
    role.addToPolicy(new iam.PolicyStatement({
      actions: EcrActions.READ,
      resources: [
        stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-a/*' }),
        `arn:aws:ecr:*:${REGISTRY_ACCOUNT}:repository/*`,
        'arn:aws:ecr:us-east-1:111111111111:repository/base/node-??',
      ],
    }));
    agnosticRole.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [agnostic.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'x' })] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['codeartifact:ReadFromRepository'], resources: [`arn:aws:codeartifact:${REGION}:${REGISTRY_ACCOUNT}:repository/domain/repo`] }));
    expect(only(aspectFindings(app), 'invalid-repository-arn')).toEqual([]);
  });

  test('non-compliant 1 (seed: "arn:aws:ecs:us-east-1:123456789012:repository/*"): an ECS repository ARN', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: ['arn:aws:ecs:us-east-1:123456789012:repository/*'] }));
    const [finding, ...rest] = only(aspectFindings(app), 'invalid-repository-arn');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
    expect(finding.text).toContain("'arn:aws:ecs:us-east-1:123456789012:repository/*' in statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy' is not an ECR repository ARN: its service is 'ecs'");
    expect(finding.text).toContain("Write 'arn:aws:ecr:us-east-1:123456789012:repository/*'");
  });

  test('non-compliant 2 (seed: "arn:aws:ecr:region:account-id:repository/your-repo-prefix*"): placeholders left in', () => {
    const { app, stack } = setup();
    new iam.ManagedPolicy(stack, 'Create', {
      statements: [new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecr:DescribeRepositories'], resources: ['arn:aws:ecr:region:account-id:repository/your-repo-prefix*'] })],
    });
    const [finding] = only(aspectFindings(app), 'invalid-repository-arn');
    expect(finding.path).toEqual('Registry/Create/Resource');
    expect(finding.text).toContain("'region' is not an AWS Region code");
    expect(finding.text).toContain("'account-id' is not a 12-digit account id");
    expect(finding.text).toContain("Write 'arn:aws:ecr:<region>:<account>:repository/your-repo-prefix*'");
  });

  test('non-compliant 3: ECR actions on another service\'s ARN, a missing "repository/", an uppercase name', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: ['arn:aws:s3:::team-a-api'] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:team-a/api`] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.READ, resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/Team-A/API`] }));
    const texts = only(aspectFindings(app), 'invalid-repository-arn').map((f) => f.text);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain("its service is 's3', but the statement allows only ECR actions");
    expect(texts[1]).toContain("the resource 'team-a/api' does not start with 'repository/'");
    expect(texts[2]).toContain("the repository name in 'repository/Team-A/API' has characters ECR names never have");
  });
});

describe('registry-action-on-repository-arn', () => {
  test('compliant 1: login on "*" as grants write it; wildcards that also match repository actions', () => {
    const { app, repository, role } = setup();
    repository.grantPull(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*', 'ecr:Describe*', 'ecr:Get*'], resources: [repository.repositoryArn] }));
    expect(only(aspectFindings(app), 'registry-action-on-repository-arn')).toEqual([]);
  });

  test('non-compliant 1 (seed: AWS\'s "ManageRepositoryContents" example scopes GetAuthorizationToken to my-repo)', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({
      sid: 'ManageRepositoryContents',
      actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories',
        'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
      resources: [SEED_002_REPOSITORY],
    }));
    const [finding, ...rest] = only(aspectFindings(app), 'registry-action-on-repository-arn');
    expect(rest).toEqual([]);
    expect(finding.text).toContain(`'ecr:GetAuthorizationToken' in statement 0 (Sid "ManageRepositoryContents") of the inline policy of 'Registry/Ci/DefaultPolicy' is scoped to '${SEED_002_REPOSITORY}'`);
    expect(finding.text).toContain('add {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}');
  });

  test('non-compliant 2: a login wildcard and a registry setting on a repository ARN', () => {
    const { app, repository, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*Token', 'ecr:PutReplicationConfiguration'], resources: [repository.repositoryArn] }));
    const texts = only(aspectFindings(app), 'registry-action-on-repository-arn').map((f) => f.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain("'ecr:Get*Token'");
    expect(texts[1]).toContain('add {"Action":"ecr:PutReplicationConfiguration","Effect":"Allow","Resource":"*"}');
  });
});

describe('registry-action-in-repository-policy', () => {
  test('compliant 1: cross-account grants and account trust keep login on the identity side', () => {
    const { app } = crossAccountPull();
    expect(only(aspectFindings(app), 'registry-action-in-repository-policy')).toEqual([]);
  });

  test('non-compliant 1 (seed: "ecr:GetAuthorizationToken is not included in these repository policies"): login in a repository policy', () => {
    const { app, repository } = setup();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:GetAuthorizationToken', ...EcrActions.PULL],
    }));
    const [finding, ...rest] = only(aspectFindings(app), 'registry-action-in-repository-policy');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Registry/Api/Resource' });
    expect(finding.text).toContain("'ecr:GetAuthorizationToken' in statement 0 of the repository policy of 'Registry/Api' has no effect");
    expect(finding.text).toContain('{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}');
  });

  test('non-compliant 2: a registry-level wildcard in a raw CfnRepository policy', () => {
    const { app, stack } = setup();
    new ecr.CfnRepository(stack, 'Raw', {
      repositoryPolicyText: { Statement: [{ Effect: 'Allow', Principal: { AWS: WORKLOAD_ACCOUNT }, Action: ['ecr:Get*Token', 'ecr:BatchGetImage'] }] },
    });
    const [finding] = only(aspectFindings(app), 'registry-action-in-repository-policy');
    expect(finding.text).toContain("'ecr:Get*Token' in statement 0 of the repository policy of 'Registry/Raw' has no effect");
  });

  test('non-compliant 3: login in the repository policy a creation template gives the repositories it creates', () => {
    const { app, stack } = setup();
    const template = new EcrRegistry(stack, 'Registry').addCreationTemplate('TeamA', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
    template.addToRepositoryPolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:GetAuthorizationToken', ...EcrActions.PULL],
    }));
    const [finding, ...rest] = only(aspectFindings(app), 'registry-action-in-repository-policy');
    expect(rest).toEqual([]);
    expect(finding.text).toContain("'ecr:GetAuthorizationToken' in statement 0 of the creation template's repository policy of 'Registry/Registry/TeamA' has no effect");
  });
});

describe('incomplete-push', () => {
  test('compliant 1: grantPush, grantPullPush, the named push set, a pull (which checks layers too)', () => {
    const { app, stack, repository, role } = setup();
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grantPush(role);
    repository.grantPullPush(other);
    repository.grantPull(new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() }));
    new iam.ManagedPolicy(stack, 'Push', { statements: [new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: ['*'] })] });
    expect(only(aspectFindings(app), 'incomplete-push')).toEqual([]);
  });

  test('compliant 2 (seed: the five layer actions in a repository policy for another account); a push set split over two statements', () => {
    const { app, repository, role } = setup();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowPushFromOtherAccount',
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
    }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'], resources: [repository.repositoryArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:PutImage'], resources: ['*'] }));
    expect(only(aspectFindings(app), 'incomplete-push')).toEqual([]);
  });

  test('non-compliant 1 (seed: the "comprehensive" policy lists the uploads but not ecr:BatchCheckLayerAvailability)', () => {
    const { app, stack } = setup();
    const user = new iam.User(stack, 'Admin');
    user.addToPolicy(new iam.PolicyStatement({
      actions: ['ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
      resources: ['*'],
    }));
    const [finding, ...rest] = only(aspectFindings(app), 'incomplete-push');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Registry/Admin/DefaultPolicy/Resource' });
    expect(finding.text).toContain("User 'Registry/Admin' may call ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on '*'");
    expect(finding.text).toContain('but not ecr:BatchCheckLayerAvailability: a push needs all five');
  });

  test('compliant 3: a retag (BatchGetImage and PutImage, no layer upload) is not a push', () => {
    const { app, repository, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage', 'ecr:PutImage'], resources: [repository.repositoryArn] }));
    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: ['ecr:BatchGetImage', 'ecr:PutImage'] }));
    // nor does it need login: the retag is an API call, not docker
    expect(ruleIds(aspectFindings(app)).filter((id) => id === 'incomplete-push' || id === 'missing-login')).toEqual([]);
  });

  test('non-compliant 2: a repository policy that lets another account upload layers but not finish the push', () => {
    const { app, repository } = setup();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:PutImage'],
    }));
    const [finding] = only(aspectFindings(app), 'incomplete-push');
    expect(finding.path).toEqual('Registry/Api/Resource');
    expect(finding.text).toContain(`Principal 'arn:aws:iam::${WORKLOAD_ACCOUNT}:root' may call ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on this repository`);
    expect(finding.text).toContain('but not ecr:BatchCheckLayerAvailability, ecr:CompleteLayerUpload');
  });
});

describe('missing-login', () => {
  test('compliant 1: grants include login; manifest reads alone (SDK, not docker); AWS managed policies may log in; login through ecr:* or a group', () => {
    const { app, stack, repository, role } = setup();
    repository.grantPull(role);
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    reader.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage', 'ecr:DescribeImages'], resources: [repository.repositoryArn] }));
    const managed = new iam.Role(stack, 'Managed', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly')] });
    managed.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] }));
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    admin.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
    const group = new iam.Group(stack, 'Pushers');
    group.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
    const user = new iam.User(stack, 'Dev', { groups: [group] });
    user.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] }));
    expect(only(aspectFindings(app), 'missing-login')).toEqual([]);
  });

  test('non-compliant 1: aws-cdk-lib\'s own grant(…) with the pull actions writes no login', () => {
    const { app, stack, role } = setup();
    const plain = new ecr.Repository(stack, 'Plain');
    plain.grant(role, ...EcrActions.PULL);
    const [finding, ...rest] = only(aspectFindings(app), 'missing-login');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
    expect(finding.text).toContain("Role 'Registry/Ci' may pull images (statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy')");
    expect(finding.text).toContain('Fix: Add {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"} to its identity policy');
  });

  test('non-compliant 2 (seed: login scoped to my-repo is no login at all)', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', ...EcrActions.PUSH], resources: [SEED_002_REPOSITORY] }));
    const [finding] = only(aspectFindings(app), 'missing-login');
    expect(finding.text).toContain("Role 'Registry/Ci' may push images");
  });
});

describe('cross-account-without-repository-policy', () => {
  test('compliant 1: PushableRepository grants and aws-cdk-lib\'s own cross-account grant write both sides', () => {
    const { app, registry, workload, repository, role } = twoAccounts();
    repository.grantPullPush(role);
    const plain = new ecr.Repository(registry, 'Plain', { repositoryName: 'team-a/plain' });
    plain.grantPull(new iam.Role(workload, 'Other', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(only(aspectFindings(app), 'cross-account-without-repository-policy')).toEqual([]);
  });

  test('compliant 2: the repository trusts the account (allowAccountPull) and the role pulls', () => {
    const { app, repository, role } = twoAccounts();
    repository.allowAccountPull(WORKLOAD_ACCOUNT);
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
    expect(only(aspectFindings(app), 'cross-account-without-repository-policy')).toEqual([]);
  });

  test('non-compliant 1 (seed: "permissions for pushing … were not set at the repository level"): identity policy only', () => {
    const { app, repository, role } = twoAccounts();
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
    const [finding, ...rest] = only(aspectFindings(app), 'cross-account-without-repository-policy');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Workload/TaskRole/DefaultPolicy/Resource' });
    expect(finding.text).toContain(`Role 'Workload/TaskRole' in account ${WORKLOAD_ACCOUNT} is allowed ecr:BatchCheckLayerAvailability`);
    expect(finding.text).toContain(`on repository 'Registry/Api' in account ${REGISTRY_ACCOUNT}`);
    expect(finding.text).toContain('the repository has no repository policy');
    expect(finding.text).toMatch(/add to the repository policy of 'Registry\/Api': \{"Action":\["ecr:BatchCheckLayerAvailability",.*"Principal":\{"AWS":"arn:aws:iam::222222222222:role\//);
  });

  test('non-compliant 2: the repository trusts the account to pull, the role was given push', () => {
    const { app, repository, role } = twoAccounts();
    repository.allowAccountPull(WORKLOAD_ACCOUNT);
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL_PUSH, resources: [repository.repositoryArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
    const [finding] = only(aspectFindings(app), 'cross-account-without-repository-policy');
    expect(finding.text).toContain('is allowed ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on repository');
    expect(finding.text).toContain('the repository policy does not allow it to');
  });

  test.each([
    ['roles tagged like another role (aws-cdk-lib\'s grant to an unnamed role); this role lacks the tag', undefined],
    ['another role by its aws:PrincipalArn (the grant to a role with a roleName)', 'ci-role-1'],
  ])('non-compliant 3 (sweep seed 197): the policy trusts the account for %s', async (_name, roleName) => {
    // GIVEN: a grant to one role of the workload account, and CodePipeline's EcrSourceAction role of the same
    // account, which aws-cdk-lib gives only its identity side
    const { app, workload, repository } = twoAccounts();
    const role = new iam.Role(workload, 'Granted', { assumedBy: new iam.AccountRootPrincipal(), roleName });
    repository.grant(role, 'ecr:*');
    const source = new iam.Role(workload, 'SourceActionRole', { assumedBy: new iam.AccountRootPrincipal() });
    source.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:DescribeImages'], resources: [repository.repositoryArn] }));
    // WHEN
    const findings = only(aspectFindings(app), 'cross-account-without-repository-policy');
    // THEN
    expect(findings.map((f) => f.path)).toEqual(['Workload/SourceActionRole/DefaultPolicy/Resource']);
    expect(findings[0].text).toContain('is allowed ecr:DescribeImages on repository \'Registry/Api\'');
    expect(findings[0].text).toContain('the repository policy does not allow it to');
    // the evaluator agrees: the tagged role describes the images, the source action's role is denied
    const oracle = new AccessOracle(new SynthesizedApp(app));
    await expect(oracle.decide(oracle.principal(role), 'ecr:DescribeImages', oracle.repository(repository))).resolves.toBe('Allowed');
    await expect(oracle.decide(oracle.principal(source), 'ecr:DescribeImages', oracle.repository(repository))).resolves.toBe('ImplicitlyDenied');
  });

  describe('a Lambda function of another account running an image of a repository of the app', () => {
    /** A repository named 'tools/lint' in the registry account, and a function of the workload account bound to an import of that name (sweep seed 356). */
    function importedByName(repository: (stack: Stack) => ecr.Repository) {
      const { app, registry, workload } = twoAccounts();
      const owned = repository(registry);
      const imported = ecr.Repository.fromRepositoryName(registry, 'ByName', 'tools/lint');
      new lambda.DockerImageFunction(workload, 'K1', { code: lambda.DockerImageCode.fromEcr(imported, { tagOrDigest: 'v1' }), functionName: 'fn-k1' });
      return { app, owned };
    }

    test('compliant 3: a PushableRepository writes what the function needs, even through an import of its name', () => {
      const { app } = importedByName((stack) => new PushableRepository(stack, 'Lint', { repositoryName: 'tools/lint' }));
      expect(only(aspectFindings(app), 'cross-account-without-repository-policy')).toEqual([]);
      expect(only(aspectFindings(app), 'cross-account-repository-outside-app')).toEqual([]);
    });

    test('non-compliant 4 (sweep seed 356): a plain ecr.Repository reached through an import: both statements, and the evaluator denies Lambda', async () => {
      // GIVEN / WHEN
      const { app, owned } = importedByName((stack) => new ecr.Repository(stack, 'Lint', { repositoryName: 'tools/lint' }));
      const [finding, ...rest] = only(aspectFindings(app), 'cross-account-without-repository-policy');
      // THEN
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ level: 'error', path: 'Workload/K1/Resource' });
      expect(finding.text).toContain(`Lambda function 'Workload/K1' in account ${WORKLOAD_ACCOUNT} runs an image of repository 'Registry/Lint' in account ${REGISTRY_ACCOUNT}, `
        + 'but the repository policy does not let Lambda read it for this function');
      expect(finding.text).toContain('"Principal":{"Service":"lambda.amazonaws.com"},"Sid":"AllowLambdaPull"} and {"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],'
        + `"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${WORKLOAD_ACCOUNT}:root"}}`);
      const oracle = new AccessOracle(new SynthesizedApp(app));
      const context = { 'aws:SourceAccount': WORKLOAD_ACCOUNT, 'aws:SourceArn': `arn:aws:lambda:${REGION}:${WORKLOAD_ACCOUNT}:function:fn-k1` };
      await expect(oracle.decide(oracle.service('lambda.amazonaws.com'), 'ecr:BatchGetImage', oracle.repository(owned), context)).resolves.toBe('ImplicitlyDenied');
    });
  });
});

describe('public-principal-without-condition', () => {
  test('compliant 1: organization pull (Principal "*" with aws:PrincipalOrgID), Lambda pull, account trust', () => {
    const { app, repository } = setup();
    repository.allowOrganizationPull('o-a1b2c3d4e5');
    repository.allowLambdaPull();
    repository.allowAccountPull(WORKLOAD_ACCOUNT);
    expect(only(aspectFindings(app), 'public-principal-without-condition')).toEqual([]);
  });

  test('non-compliant 1: a public repository policy ({"AWS": "*"} and "*")', () => {
    const { app, repository } = setup();
    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: EcrActions.PULL }));
    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['ecr:DescribeImages'] }));
    const findings = only(aspectFindings(app), 'public-principal-without-condition');
    expect(findings.map((f) => f.path)).toEqual(['Registry/Api/Resource', 'Registry/Api/Resource']);
    expect(findings[0].text).toContain('allows ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to Principal "*" with no Condition');
  });

  test('non-compliant 2: a role anyone can assume, with push permissions', () => {
    const { app, stack, repository } = setup();
    const open = new iam.Role(stack, 'Open', { assumedBy: new iam.AnyPrincipal() });
    repository.grantPush(open);
    const [finding] = only(aspectFindings(app), 'public-principal-without-condition');
    expect(finding.path).toEqual('Registry/Open/Resource');
    expect(finding.text).toContain("of the trust policy of 'Registry/Open' allows sts:AssumeRole to Principal \"*\"");
  });

  test('non-compliant 3: a creation template that makes every repository it creates public; its organization pull is fine', () => {
    const { app, stack } = setup();
    const template = new EcrRegistry(stack, 'Registry').addCreationTemplate('Cache', { prefix: 'cache', appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE] });
    template.allowOrganizationPull('o-a1b2c3d4e5');
    template.addToRepositoryPolicy(new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: EcrActions.PULL }));
    const [finding, ...rest] = only(aspectFindings(app), 'public-principal-without-condition');
    expect(rest).toEqual([]);
    expect(finding.text).toContain("of the creation template's repository policy of 'Registry/Registry/Cache' allows ecr:BatchCheckLayerAvailability");
  });
});

describe('ecr-wildcard-without-condition', () => {
  test('compliant 1: named sets; ecr:* limited by a condition', () => {
    const { app, repository, role } = setup();
    repository.grantPullPush(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'], conditions: { StringEquals: { 'aws:RequestedRegion': REGION } } }));
    expect(only(aspectFindings(app), 'ecr-wildcard-without-condition')).toEqual([]);
  });

  test('non-compliant 1 (seed: "AmazonEC2ContainerRegistryFullAccess - Full ECR permissions"): ecr:* on "*"', () => {
    const { app, role } = setup();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
    const [finding, ...rest] = only(aspectFindings(app), 'ecr-wildcard-without-condition');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Ci/DefaultPolicy/Resource' });
    expect(finding.text).toContain("'ecr:*' in statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy' allows every ECR action with no condition");
  });

  test('non-compliant 2: ecr:* for another account in a repository policy', () => {
    const { app, repository } = setup();
    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: ['ecr:*'] }));
    const [finding] = only(aspectFindings(app), 'ecr-wildcard-without-condition');
    expect(finding.path).toEqual('Registry/Api/Resource');
  });
});

describe('web-identity-trust-unpinned', () => {
  const GITHUB = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  function ciRole(stack: Stack, id: string, conditions: Record<string, Record<string, unknown>>) {
    const role = new iam.Role(stack, id, { assumedBy: new iam.WebIdentityPrincipal(GITHUB, conditions) });
    return role;
  }

  test('compliant 1: aud and sub pinned to one repository and branch (as EcrCiPrincipal writes); roles without ECR access are not judged', () => {
    const { app, stack, repository } = setup();
    repository.grantPush(ciRole(stack, 'Pinned', {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' },
    }));
    repository.grantPull(ciRole(stack, 'Environments', {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:environment:prod', 'repo:acme/api:ref:refs/tags/v*'] },
    }));
    ciRole(stack, 'Unrelated', {});
    expect(only(aspectFindings(app), 'web-identity-trust-unpinned')).toEqual([]);
  });

  test('compliant 2: a subject refused with StringNotLike is not one admitted (claim bounds; pull requests of any repository kept out)', () => {
    // the pull_request subject GitHub documents (https://docs.github.com/en/actions/reference/security/oidc), and the claim
    // bounds EcrCiPrincipal writes for a tag pattern (a StringNotLike with one ':' more than the pattern)
    const { app, stack, repository } = setup();
    repository.grantPull(ciRole(stack, 'NoPullRequests', {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:*' },
      StringNotLike: { 'token.actions.githubusercontent.com:sub': ['repo:*:pull_request', '*:*:*:*:*'] },
    }));
    new EcrCiPrincipal(stack, 'Tags', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', tags: ['v*'] }), pull: [repository] });
    expect(only(aspectFindings(app), 'web-identity-trust-unpinned')).toEqual([]);
  });

  test('non-compliant 4: an audience only refused (StringNotEquals) pins nothing', () => {
    const { app, stack, repository } = setup();
    repository.grantPull(ciRole(stack, 'AudRefused', {
      StringNotEquals: { 'token.actions.githubusercontent.com:aud': 'untrusted' },
      StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' },
    }));
    const [finding, ...rest] = only(aspectFindings(app), 'web-identity-trust-unpinned');
    expect(rest).toEqual([]);
    expect(finding.text).toContain('but no condition pins the audience (aud).');
  });

  test('non-compliant 1: audience only: every GitHub repository may push', () => {
    const { app, stack, repository } = setup();
    repository.grantPush(ciRole(stack, 'AudOnly', { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }));
    const [finding, ...rest] = only(aspectFindings(app), 'web-identity-trust-unpinned');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Registry/AudOnly/Resource' });
    expect(finding.text).toContain(`Role 'Registry/AudOnly' can be assumed with a web identity token from '${GITHUB}'`);
    expect(finding.text).toContain('no condition pins the subject (sub)');
  });

  test('non-compliant 3: EcrCiPrincipal\'s explicit unsafe opt-in to a wildcard repository is still reported (acknowledge it with the reason)', () => {
    const { app, stack, repository } = setup();
    new EcrCiPrincipal(stack, 'AnyRepository', {
      provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'service-*', branches: ['main'], unsafeAllowWildcardRepository: true }),
      push: [repository],
    });
    const [finding] = only(aspectFindings(app), 'web-identity-trust-unpinned');
    expect(finding.path).toEqual('Registry/AnyRepository/Role/Resource');
    expect(finding.text).toContain("the subject 'repo:acme/service-*:ref:refs/heads/main' matches repositories of any owner or any repository of an owner");
  });

  test('non-compliant 2: a wildcard owner or repository in the subject', () => {
    const { app, stack, repository } = setup();
    repository.grantPull(ciRole(stack, 'AnyRepo', {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
    }));
    repository.grantPull(ciRole(stack, 'NoClaims', {}));
    const findings = only(aspectFindings(app), 'web-identity-trust-unpinned');
    expect(findings.map((f) => f.path)).toEqual(['Registry/AnyRepo/Resource', 'Registry/NoClaims/Resource']);
    expect(findings[0].text).toContain("the subject 'repo:acme/*' matches repositories of any owner or any repository of an owner");
    expect(findings[1].text).toContain('no condition pins the audience (aud); no condition pins the subject (sub)');
  });
});

describe('policy-size', () => {
  test('compliant 1: aws-cdk-lib splits a role\'s default policy over managed policies under the quotas (60 repositories)', () => {
    const { app, stack, role } = setup();
    for (let i = 0; i < 60; i++) ecr.Repository.fromRepositoryName(stack, `Imported${i}`, `team-a/service-${i}`).grantPullPush(role);
    expect(only(aspectFindings(app), 'policy-size')).toEqual([]);
    const resources = Object.values<{ Type: string }>(app.synth().getStackByName('Registry').template.Resources);
    expect(resources.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').length).toBeGreaterThanOrEqual(1);
  });

  test('non-compliant 1: a role\'s inline policies over 10,240 characters (inlinePolicies are not split)', () => {
    const { app, stack } = setup();
    const arns = Array.from({ length: 200 }, (_, i) => `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/service-${i}`);
    new iam.Role(stack, 'Big', {
      assumedBy: new iam.AccountRootPrincipal(),
      inlinePolicies: { Pull: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: [...EcrActions.LOGIN], resources: ['*'] }), new iam.PolicyStatement({ actions: EcrActions.PULL, resources: arns })] }) },
    });
    const [finding, ...rest] = only(aspectFindings(app), 'policy-size');
    expect(rest).toEqual([]);
    expect(finding.path).toEqual('Registry/Big/Resource');
    expect(finding.text).toMatch(/The inline policies of role 'Registry\/Big' add up to about [\d,]+ characters .* over IAM's 10,240 for a role/);
  });

  test('non-compliant 2: a managed policy over 6,144 characters and a repository policy over 10,240', () => {
    const { app, stack } = setup();
    // written by hand on a plain ecr.Repository: PushableRepository packs its own policy under the quota
    const hand = new ecr.Repository(stack, 'Hand', { repositoryName: 'team-a/hand' });
    for (let i = 0; i < 70; i++) {
      hand.addToResourcePolicy(new iam.PolicyStatement({ sid: `Pull${i}`, actions: EcrActions.PULL, principals: [new iam.AccountPrincipal(String(100000000000 + i))] }));
    }
    const arns = Array.from({ length: 100 }, (_, i) => `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/service-${i}`);
    new iam.ManagedPolicy(stack, 'Wide', { statements: [new iam.PolicyStatement({ actions: EcrActions.PULL, resources: arns })] });
    const findings = only(aspectFindings(app), 'policy-size');
    expect(findings.map((f) => f.path)).toEqual(['Registry/Hand/Resource', 'Registry/Wide/Resource']);
    expect(findings[0].text).toMatch(/The repository policy of 'Registry\/Hand' is about [\d,]+ characters, over the 10,240 AWS allows/);
    expect(findings[1].text).toMatch(/The managed policy of 'Registry\/Wide' is about [\d,]+ characters, over the 6,144 AWS allows/);
  });
});

describe('deny-shadows-grant', () => {
  test('compliant 1: a guardrail Deny on other actions; a conditional Deny', () => {
    const { app, repository, role } = setup();
    repository.grantPush(role);
    role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: EcrActions.DELETE, resources: ['*'] }));
    role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:*'], resources: ['*'], conditions: { StringNotEquals: { 'aws:RequestedRegion': REGION } } }));
    expect(only(aspectFindings(app), 'deny-shadows-grant')).toEqual([]);
  });

  test('non-compliant 1: a Deny in the role\'s own policy takes away grantPush', () => {
    const { app, stack, repository, role } = setup();
    repository.grantPush(role);
    role.attachInlinePolicy(new iam.Policy(stack, 'Guardrail', { statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:PutImage'], resources: ['*'] })] }));
    const [finding, ...rest] = only(aspectFindings(app), 'deny-shadows-grant');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Guardrail/Resource' });
    expect(finding.text).toContain("The Deny in statement 0 of the inline policy of 'Registry/Guardrail' has no condition and denies ecr:PutImage");
    expect(finding.text).toContain(`allows on 'arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api': that grant has no effect`);
  });

  test('non-compliant 2: a Deny for everyone in the repository policy takes away a cross-account pull', () => {
    const { app, repository, role } = twoAccounts();
    repository.grantPull(role);
    repository.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.StarPrincipal()], actions: ['ecr:BatchGetImage'] }));
    const findings = only(aspectFindings(app), 'deny-shadows-grant');
    expect(findings.map((f) => f.path)).toEqual(['Registry/Api/Resource', 'Registry/Api/Resource']);
    expect(findings[0].text).toContain('allows on this repository');
    expect(findings[1].text).toContain("of the inline policy of 'Workload/TaskRole/DefaultPolicy' allows on repository");
  });
});

describe('create-on-push-open-to-pushers', () => {
  const teamA = (registry: EcrRegistry, prefix = 'team-a') => registry.addCreationTemplate('TeamA', { prefix, appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
  const ci = (stack: Stack, id: string) => new EcrCiPrincipal(stack, id, { provider: CiProvider.gitHubActions({ owner: 'acme', repository: id.toLowerCase(), branches: ['main'] }) });

  test('compliant 1: the builder is granted create on push; another pipeline pushes to an existing repository of the namespace', () => {
    const { app, stack, repository } = setup();
    teamA(new EcrRegistry(stack, 'Registry'));
    ci(stack, 'Builder').allowCreateOnPush('team-a');
    ci(stack, 'Pusher').allowPush(repository);
    expect(only(aspectFindings(app), 'create-on-push-open-to-pushers')).toEqual([]);
  });

  test('compliant 2: pushes to team-a/* with a template for replication only, or a CREATE_ON_PUSH template for another namespace', () => {
    const { app, stack, role } = setup();
    const registry = new EcrRegistry(stack, 'Registry');
    registry.addCreationTemplate('Replicas', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.REPLICATION] });
    teamA(registry, 'team-b');
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-a/*' })] }));
    expect(only(aspectFindings(app), 'create-on-push-open-to-pushers')).toEqual([]);
  });

  test('non-compliant 1: a role that may push to every name under the namespace, without ecr:CreateRepository there', () => {
    const { app, stack, role } = setup();
    teamA(new EcrRegistry(stack, 'Registry'));
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-a/*' })] }));
    const [finding, ...rest] = only(aspectFindings(app), 'create-on-push-open-to-pushers');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Ci/DefaultPolicy/Resource' });
    expect(finding.text).toContain("Role 'Registry/Ci' may push to new repository names under 'team-a/'");
    expect(finding.text).toContain("the creation template 'Registry/Registry/TeamA' (CREATE_ON_PUSH) creates a repository on such a push");
    expect(finding.text).toContain("EcrCiPrincipal.allowCreateOnPush('team-a')");
  });

  test('non-compliant 2: a registry policy that lets another account push to the namespace', () => {
    const { app, stack } = setup();
    const registry = new EcrRegistry(stack, 'Registry');
    teamA(registry);
    registry.allowAccountPush(WORKLOAD_ACCOUNT, { repositoryPrefix: 'team-a' });
    const findings = only(aspectFindings(app), 'create-on-push-open-to-pushers');
    expect(findings.map((f) => f.path)).toEqual(['Registry/Registry/Policy']);
    expect(findings[0].text).toContain(`Statement 0 (Sid "AllowPushFromAccount${WORKLOAD_ACCOUNT}teama") of the registry policy of 'Registry/Registry/Policy' ` +
      `lets 'arn:aws:iam::${WORKLOAD_ACCOUNT}:root' push to new repository names under 'team-a/'`);
  });

  test('non-compliant 3: a ROOT template, and a role that may push to every name of another namespace', () => {
    const { app, stack, role } = setup();
    teamA(new EcrRegistry(stack, 'Registry'), 'ROOT');
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-b/*' })] }));
    const findings = only(aspectFindings(app), 'create-on-push-open-to-pushers');
    expect(findings.map((f) => f.text)).toEqual([expect.stringContaining("Role 'Registry/Ci' may push to any new repository name")]);
  });
});

describe('not-checked', () => {
  test('compliant 1: deploy-time parts of resources and principals do not stop the checks', () => {
    const { app, stack, repository, role } = setup();
    const name = new CfnParameter(stack, 'RepositoryName');
    repository.grantPull(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: name.valueAsString })] }));
    repository.allowAccountPull(new CfnParameter(stack, 'Account').valueAsString);
    expect(only(aspectFindings(app), 'not-checked')).toEqual([]);
  });

  test('non-compliant 1: an action list and a repository policy known only at deploy time', () => {
    const { app, stack, role } = setup();
    const actions = new CfnParameter(stack, 'Actions', { type: 'CommaDelimitedList' });
    role.addToPolicy(new iam.PolicyStatement({ actions: [Fn.select(0, actions.valueAsList)], resources: ['*'] }));
    const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals('a', 'b') });
    new ecr.CfnRepository(stack, 'Conditional', {
      repositoryPolicyText: Fn.conditionIf(isProd.logicalId, { Statement: [] }, { Statement: [] }),
    });
    const findings = only(aspectFindings(app), 'not-checked');
    expect(findings.map((f) => [f.level, f.path])).toEqual([['warning', 'Registry/Conditional'], ['warning', 'Registry/Ci/DefaultPolicy/Resource']]);
    expect(findings[0].text).toContain('Not checked: the repository policy is not a policy document at synth');
    expect(findings[1].text).toMatch(/Not checked: the action '\$\{.*\}' in statement 0 of the inline policy of 'Registry\/Ci\/DefaultPolicy' is known only at deploy time/);
  });
});

test('findings name the rule, so a suppression can be written from the message', () => {
  const { app, role } = setup();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DeleteRepository'], resources: ['*'] }));
  expect(ruleIds(aspectFindings(app))).toEqual(['unknown-action']);
});
