import { validateIdentityPolicy } from '@cloud-copilot/iam-policy';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { corpusEntry, corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// What IAM and ECR refuse at deploy. Real cases from the corpus carry its entry id (source URL inside).

const RULE = 'invalid-policy-shape';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: the library\'s grants, an account and a role principal, a registry policy with Resource', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  repository.grantPullPush(role);
  repository.allowAccountPull('444455556666');
  repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal('arn:aws:iam::444455556666:role/path/deployer')], actions: EcrActions.PULL }));
  new iam.CfnRole(stack, 'Raw', { assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }] } });
  // WHEN / THEN
  expect(only(aspectFindings(app))).toEqual([]);
});

test.each([
  'awsdocs-ecr-allow-cross-account-push',
  'awsdocs-lambda-cross-account',
  'awsdocs-ecr-registry-replication-all',
  'guardian-cdk-guardduty-pull-fixed',
  'dvdmelamed-github-oidc-repo-star-no-aud',
  'ecs-refarch-cfn-ecs-role-json-string-policy',
])('compliant (corpus): %s', (id) => {
  expect(corpusRuleFindings(RULE, id)).toEqual([]);
});

test.each([
  ['monte-fm-wildcard-account-principal', "names the principal 'arn:aws:iam::*:root' with a wildcard"],
  ['tf-provider-3924-principal-account-star', 'with a wildcard'],
  ['atomiklabs-repo-policy-no-principal', 'has no Principal'],
  ['awsdocs-ecr-ip-allow-with-resource-2019', 'has a Resource: a repository policy applies to its own repository'],
  ['cfn-ecr-provider-registry-policy-example', "whose account '123456789' is not a 12-digit account id"],
  ['tfsec-correct-example-principal-bare-string', 'names its principal as the bare string'],
  ['guardian-cdk-registry-uri-as-resource', 'a registry URI, where IAM needs an ARN'],
  ['pulumi-registry-policy-no-resource', 'has no Resource: a registry policy statement must name the repositories'],
])('non-compliant (corpus): %s', (id, text) => {
  // GIVEN
  const entry = corpusEntry(id);
  // WHEN
  const findings = corpusRuleFindings(RULE, id);
  // THEN
  expect(entry.expected.map((e) => e.rule)).toContain(RULE);
  expect(findings.map((f) => f.message).join('\n')).toContain(text);
  expect(findings.every((f) => f.level === 'error')).toBe(true);
});

test('non-compliant 1: a registry URI as the resource of an identity grant; the fix is the ARN', () => {
  // GIVEN (guardian/cdk before its fix)
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: ['694911143906.dkr.ecr.eu-west-1.amazonaws.com/aws-guardduty-agent-fargate'] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain('Fix: Write the repository ARN: "arn:aws:ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate"');
});

test.each([
  // constructed from AWS's documented dual-stack host form (ecr-requests.html): the URI a user copies after moving to IPv6
  ['111111111111.dkr-ecr.us-west-1.on.aws/my-repository', 'arn:aws:ecr:us-west-1:111111111111:repository/my-repository'],
  ['111111111111.dkr-ecr-fips.us-gov-west-1.on.aws/team-a/api', 'arn:aws-us-gov:ecr:us-gov-west-1:111111111111:repository/team-a/api'],
])('non-compliant 1b: the dual-stack registry URI %s as a resource; the fix is the ARN in its partition', (uri, arn) => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [uri] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain('a registry URI, where IAM needs an ARN');
  expect(finding.text).toContain(`Fix: Write the repository ARN: "${arn}"`);
});

test('non-compliant 2: permissions written into a trust policy', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new iam.CfnRole(stack, 'Raw', {
    assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: ['sts:AssumeRole', 'ecr:BatchGetImage'] }] },
  });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.text).join('\n')).toContain("grants 'ecr:BatchGetImage' in a trust policy");
});

test('non-compliant 3: a Principal in an identity policy; an independent policy validator agrees', () => {
  // GIVEN (a policy pasted from a repository policy into a role's inline policy)
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: EcrActions.PULL, Resource: '*' }] };
  const { app, stack } = registryApp();
  new iam.CfnRole(stack, 'Raw', { assumeRolePolicyDocument: { Statement: [] }, policies: [{ policyName: 'Pasted', policyDocument: document }] });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.text).join('\n')).toContain('has a Principal: IAM rejects a principal in an identity policy');
  // @cloud-copilot/iam-policy does not check ARNs or account ids (its simulator even allows a registry URI as
  // Resource), so the other shapes rest on the AWS errors quoted in the corpus entries
  expect(validateIdentityPolicy(document)).toEqual([expect.objectContaining({ message: 'Principal is not allowed in an identity policy statement' })]);
});
