import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CreationTemplateScenario, EcrActions, EcrRegistry } from '../../../src';
import { OTHER_ACCOUNT, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, pluginFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// Allow + NotPrincipal: "everyone but these" reads like a narrow grant and is the widest there is.
// Real shapes: the S3 statement of noobaa/noobaa-core#8176 ({"Effect": "Allow", "NotPrincipal":
// {"AWS": user_a}, "Action": ["s3:PutObject"]}) written for ECR, and the warning quoted in
// owasp-cloud-security/owasp-cloud-security#28. AWS's guardrail form (Deny + NotPrincipal, or a
// Deny with ArnNotEquals on aws:PrincipalArn) is the compliant case:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html

const RULE = 'allow-with-not-principal';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: Deny with NotPrincipal (a guardrail), Deny with ArnNotEquals on aws:PrincipalArn, named accounts', () => {
  // GIVEN
  const { app, repository } = registryApp();
  const admin = `arn:aws:iam::${REGISTRY_ACCOUNT}:role/registry-admin`;
  repository.allowAccountPull(WORKLOAD_ACCOUNT);
  repository.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    notPrincipals: [new iam.ArnPrincipal(admin), new iam.AccountRootPrincipal()],
    actions: ['ecr:DeleteRepository', 'ecr:SetRepositoryPolicy'],
  }));
  repository.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.StarPrincipal()],
    actions: ['ecr:BatchDeleteImage'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': admin } },
  }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (noobaa/noobaa-core#8176, in ECR terms): every account but one may push', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({ notPrincipals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: EcrActions.PUSH }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Api/Resource' });
  expect(finding.text).toContain('Statement 0 of the repository policy of \'Registry/Api\' allows ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:CompleteLayerUpload, '
    + `ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart to every principal except 'arn:aws:iam::${OTHER_ACCOUNT}:root': every other role and user of every AWS account.`);
  expect(finding.text).toContain('Properties/RepositoryPolicyText/Statement/0/NotPrincipal/AWS');
  expect(finding.text).toContain('Fix: Write "Principal" with the accounts or roles that may (PushableRepository.allowAccountPull/allowAccountPush');
});

test('non-compliant 2: raw policy text with a condition; the plugin mode reports it too', () => {
  // GIVEN
  const { app, stack } = registryApp();
  // CloudFormation also takes the policy as JSON text; the L1 accepts it through an override
  new ecr.CfnRepository(stack, 'Raw', { repositoryName: 'raw' }).addPropertyOverride('RepositoryPolicyText', JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'AllButContractors',
      Effect: 'Allow',
      NotPrincipal: { AWS: [`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/contractor`, `arn:aws:iam::${WORKLOAD_ACCOUNT}:root`] },
      Action: EcrActions.PULL,
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    }],
  }));
  // WHEN
  const aspect = only(aspectFindings(app));
  const plugin = only(pluginFindings(app));
  // THEN
  expect(aspect.map((f) => f.path)).toEqual(['Registry/Raw']);
  expect(aspect[0].text).toContain('Statement 0 (Sid "AllButContractors") of the repository policy of \'Registry/Raw\' allows '
    + `ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to every principal except 'arn:aws:iam::${WORKLOAD_ACCOUNT}:role/contractor', `
    + `'arn:aws:iam::${WORKLOAD_ACCOUNT}:root': every other role and user of every AWS account, limited only by its Condition.`);
  expect(plugin.map((f) => [f.path, f.level])).toEqual([['Registry/Raw', 'error']]);
});

test('non-compliant 3: a registry policy and a creation template\'s repository policy', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const registry = new EcrRegistry(stack, 'Registry');
  registry.addToRegistryPolicy(new iam.PolicyStatement({
    notPrincipals: [new iam.AccountPrincipal(OTHER_ACCOUNT)],
    actions: ['ecr:ReplicateImage', 'ecr:CreateRepository'],
    resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: '*' })],
  }));
  registry.addCreationTemplate('TeamA', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] })
    .addToRepositoryPolicy(new iam.PolicyStatement({ notPrincipals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: EcrActions.PULL }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path).sort()).toEqual(['Registry/Registry/Policy', 'Registry/Registry/TeamA/Resource']);
  expect(findings.find((f) => f.path === 'Registry/Registry/Policy')!.text).toContain('(EcrRegistry grants)');
});
