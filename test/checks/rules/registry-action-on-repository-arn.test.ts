import * as iam from 'aws-cdk-lib/aws-iam';
import { aspectFindings, Reported } from '../findings';
import { registryApp, SEED_002_REPOSITORY } from '../fixtures';

// Login and registry settings take only `Resource: "*"`: scoped to a repository ARN, the statement
// never allows them (AWS's own "ManageRepositoryContents" example, seed 002, does this).

const RULE = 'registry-action-on-repository-arn';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: login on "*" as grants write it; wildcards that also match repository actions', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  repository.grantPull(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*', 'ecr:Describe*', 'ecr:Get*'], resources: [repository.repositoryArn] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: AWS\'s "ManageRepositoryContents" example scopes GetAuthorizationToken to my-repo)', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({
    sid: 'ManageRepositoryContents',
    actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories',
      'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
    resources: [SEED_002_REPOSITORY],
  }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding.text).toContain(`'ecr:GetAuthorizationToken' in statement 0 (Sid "ManageRepositoryContents") of the inline policy of 'Registry/Ci/DefaultPolicy' is scoped to '${SEED_002_REPOSITORY}'`);
  expect(finding.text).toContain('add {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"} '
    + '(every grant of PushableRepository writes exactly this, also on a repository imported with PushableRepository.fromRepositoryArn(...))');
  expect(finding.text).not.toContain('grantOnRepository');
});

test('non-compliant 2: a login wildcard and a registry setting on a repository ARN', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*Token', 'ecr:PutReplicationConfiguration'], resources: [repository.repositoryArn] }));
  // WHEN
  const texts = only(aspectFindings(app)).map((f) => f.text);
  // THEN
  expect(texts).toHaveLength(2);
  expect(texts[0]).toContain("'ecr:Get*Token'");
  expect(texts[1]).toContain('add {"Action":"ecr:PutReplicationConfiguration","Effect":"Allow","Resource":"*"}');
});
