import * as iam from 'aws-cdk-lib/aws-iam';
import { REGION, WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// `ecr:*` with no condition gives every ECR action, deleting repositories and rewriting their
// policies included. Seeds are marked.

const RULE = 'ecr-wildcard-without-condition';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: named sets; ecr:* limited by a condition', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  repository.grantPullPush(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'], conditions: { StringEquals: { 'aws:RequestedRegion': REGION } } }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: "AmazonEC2ContainerRegistryFullAccess - Full ECR permissions"): ecr:* on "*"', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain("'ecr:*' in statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy' allows every ECR action with no condition");
});

test('non-compliant 2: ecr:* for another account in a repository policy', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: ['ecr:*'] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.path).toEqual('Registry/Api/Resource');
});

test.each(['awsdocs-ecr-ip-allow-2019-11', 'awsdocs-ecr-ip-allow-with-resource-2019'])('non-compliant (corpus): %s, ecr:* to everyone behind an IP range', (id) => {
  expect(corpusRuleFindings('ecr-wildcard-without-condition', id).map((f) => f.message)).toEqual([expect.stringContaining('(aws:SourceIp limits only where from or when)')]);
});
