import * as iam from 'aws-cdk-lib/aws-iam';
import { CreationTemplateScenario, EcrActions, EcrRegistry } from '../../../src';
import { WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// `Principal: "*"` with no condition in a repository, registry or trust policy lets anyone in;
// `aws:PrincipalOrgID` and the conditions of this library's grants keep it narrow.

const RULE = 'public-principal-without-condition';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: organization pull (Principal "*" with aws:PrincipalOrgID), Lambda pull, account trust', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.allowOrganizationPull('o-a1b2c3d4e5');
  repository.allowLambdaPull();
  repository.allowAccountPull(WORKLOAD_ACCOUNT);
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1: a public repository policy ({"AWS": "*"} and "*")', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: EcrActions.PULL }));
  repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['ecr:DescribeImages'] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Api/Resource', 'Registry/Api/Resource']);
  expect(findings[0].text).toContain('allows ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to Principal "*" with no Condition');
});

test('non-compliant 2: a role anyone can assume, with push permissions', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  const open = new iam.Role(stack, 'Open', { assumedBy: new iam.AnyPrincipal() });
  repository.grantPush(open);
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.path).toEqual('Registry/Open/Resource');
  expect(finding.text).toContain("of the trust policy of 'Registry/Open' allows sts:AssumeRole to Principal \"*\"");
});

test('non-compliant 3: a creation template that makes every repository it creates public; its organization pull is fine', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const template = new EcrRegistry(stack, 'Registry').addCreationTemplate('Cache', { prefix: 'cache', appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE] });
  template.allowOrganizationPull('o-a1b2c3d4e5');
  template.addToRepositoryPolicy(new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: EcrActions.PULL }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding.text).toContain("of the creation template's repository policy of 'Registry/Registry/Cache' allows ecr:BatchCheckLayerAvailability");
});

test.each([
  // AWS's 2019 repository-policy example, with and without its (rejected) Resource
  'awsdocs-ecr-ip-allow-2019-11',
  'awsdocs-ecr-ip-allow-with-resource-2019',
])('non-compliant (corpus): %s, Principal "*" limited by aws:SourceIp alone', (id) => {
  // WHEN
  const findings = corpusRuleFindings('public-principal-without-condition', id);
  // THEN
  expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('with no Condition that limits who (aws:SourceIp limits only where from or when)')]);
});

test.each(['awsdocs-ecr-ip-deny-2022', 'scribd-orgwide-readonly-with-login', 'harbor-19804-push-pull-source-ip'])('compliant (corpus): %s', (id) => {
  expect(corpusRuleFindings('public-principal-without-condition', id)).toEqual([]);
});
