import { Stack } from 'aws-cdk-lib';
import { CfnRegistryPolicy } from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { REGION, REGISTRY_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A repository ARN that names no repository never matches: the grant allows nothing and IAM accepts
// it without a word. Seeds are marked (the ECS ARN is printed in AWS's own ECR user guide).

const RULE = 'invalid-repository-arn';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: repository ARNs from constructs, formatArn, wildcards, environment-agnostic stacks, other services\' repositories', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
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
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: "arn:aws:ecs:us-east-1:123456789012:repository/*"): an ECS repository ARN', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: ['arn:aws:ecs:us-east-1:123456789012:repository/*'] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain("'arn:aws:ecs:us-east-1:123456789012:repository/*' in statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy' is not an ECR repository ARN: its service is 'ecs'");
  expect(finding.text).toContain("Write 'arn:aws:ecr:us-east-1:123456789012:repository/*'");
});

test('non-compliant 2 (seed: "arn:aws:ecr:region:account-id:repository/your-repo-prefix*"): placeholders left in', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new iam.ManagedPolicy(stack, 'Create', {
    statements: [new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecr:DescribeRepositories'], resources: ['arn:aws:ecr:region:account-id:repository/your-repo-prefix*'] })],
  });
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.path).toEqual('Registry/Create/Resource');
  expect(finding.text).toContain("'region' is not an AWS Region code");
  expect(finding.text).toContain("'account-id' is not a 12-digit account id");
  expect(finding.text).toContain("Write 'arn:aws:ecr:<region>:<account>:repository/your-repo-prefix*'");
});

test('non-compliant 3: ECR actions on another service\'s ARN, a missing "repository/", an uppercase name', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: ['arn:aws:s3:::team-a-api'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:team-a/api`] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.READ, resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/Team-A/API`] }));
  // WHEN
  const texts = only(aspectFindings(app)).map((f) => f.text);
  // THEN
  expect(texts).toHaveLength(3);
  expect(texts[0]).toContain("its service is 's3', but the statement allows only ECR actions");
  expect(texts[1]).toContain("the resource 'team-a/api' does not start with 'repository/'");
  expect(texts[2]).toContain("the repository name in 'repository/Team-A/API' has characters ECR names never have");
});

test('non-compliant 4 (aws/containers-roadmap#2675: "arn:aws:us-east-2:012345678901:repository/*"): a part left out, in a registry policy too', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [`arn:aws:${REGION}:${REGISTRY_ACCOUNT}:repository/*`] }));
  new CfnRegistryPolicy(stack, 'Replication', {
    policyText: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReplicationAccessCrossAccount',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
        Resource: 'arn:aws:us-east-2:012345678901:repository/*',
      }],
    },
  });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path).sort()).toEqual(['Registry/Ci/DefaultPolicy/Resource', 'Registry/Replication']);
  const [identity, registry] = ['Registry/Ci/DefaultPolicy/Resource', 'Registry/Replication'].map((path) => findings.find((f) => f.path === path)!);
  expect(identity.text).toContain('it has 5 of the 6 parts of an ARN (arn:<partition>:<service>:<region>:<account>:<resource>): the service \'ecr\' is missing');
  expect(identity.text).toContain(`Write 'arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/*'`);
  expect(registry.text).toContain("Write 'arn:aws:ecr:us-east-2:012345678901:repository/*'");
});

test('compliant 2: short ARNs that name no repository, and ARNs with deploy-time parts, are left to other rules', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::bucket/key', `arn:aws:${REGION}:${REGISTRY_ACCOUNT}:bucket/key`],
  }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [`arn:${stack.partition}:ecr:${stack.region}:${stack.account}:repository/app`] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});
