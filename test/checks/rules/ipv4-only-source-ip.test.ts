import { CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, EcrRegistry } from '../../../src';
import { SynthesizedApp } from '../../helpers/assembly';
import { AccessOracle } from '../../helpers/oracle';
import { corpusEntry, corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// An `aws:SourceIp` condition that lists IPv4 ranges only, on an ECR statement: over a dual-stack
// endpoint the same clients arrive with IPv6 addresses. AWS's guidance and its example of a list
// with both families: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
// (`192.0.2.0/24` and `2001:db8::/32` are the documentation ranges of RFC 5737 and RFC 3849).

const RULE = 'ipv4-only-source-ip';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);
const IPV6_CLIENT = { 'aws:SourceIp': '2001:db8:1234::7' };
const IPV4_CLIENT = { 'aws:SourceIp': '192.0.2.7' };

test('compliant 1: both address families listed; a network condition of another key; a non-ECR statement; a trust policy', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn], conditions: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } } }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn], conditions: { StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } } }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'], conditions: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }));
  new iam.Role(stack, 'Assumed', { assumedBy: new iam.AccountRootPrincipal().withConditions({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }) });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('compliant 2: a list known only at deploy time is not judged', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  const ranges = new CfnParameter(stack, 'Ranges', { type: 'CommaDelimitedList' });
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn], conditions: { IpAddress: { 'aws:SourceIp': ranges.valueAsList } } }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1: an identity Allow from IPv4 ranges; the evaluator denies the same client over IPv6', async () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.LOGIN], resources: ['*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn], conditions: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain('allows ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to requests from 192.0.2.0/24, 198.51.100.0/24 (IPv4 only): '
    + 'a client of those networks that reaches ECR over IPv6 (a dual-stack endpoint) is not allowed.');
  expect(finding.text).toContain('Fix: Add the IPv6 ranges of the same networks to this aws:SourceIp list');
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const principal = oracle.principal(role);
  await expect(oracle.decide(principal, 'ecr:BatchGetImage', oracle.repository(repository), IPV4_CLIENT)).resolves.toBe('Allowed');
  await expect(oracle.decide(principal, 'ecr:BatchGetImage', oracle.repository(repository), IPV6_CLIENT)).resolves.toBe('ImplicitlyDenied');
});

test('non-compliant 2: a repository-policy Deny unless from IPv4 ranges denies every IPv6 request (evaluator), IfExists read through', async () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  repository.grantPull(role);
  repository.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['ecr:*'], conditions: { NotIpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } },
  }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.path).toBe('Registry/Api/Resource');
  expect(finding.text).toContain('denies ecr:* to requests not from 192.0.2.0/24 (IPv4 only): every request over IPv6 (a dual-stack endpoint) is denied, from those networks too.');
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const principal = oracle.principal(role);
  await expect(oracle.decide(principal, 'ecr:BatchGetImage', oracle.repository(repository), IPV4_CLIENT)).resolves.toBe('Allowed');
  await expect(oracle.decide(principal, 'ecr:BatchGetImage', oracle.repository(repository), IPV6_CLIENT)).resolves.toBe('ExplicitlyDenied');
});

test('non-compliant 3: a Deny from IPv4 ranges no longer denies those clients over IPv6 (evaluator)', async () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  repository.grantPush(role);
  role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:PutImage'], resources: ['*'], conditions: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain('denies ecr:PutImage to requests from 198.51.100.0/24 (IPv4 only): the same clients over IPv6 (a dual-stack endpoint) are not denied by it.');
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const principal = oracle.principal(role);
  await expect(oracle.decide(principal, 'ecr:PutImage', oracle.repository(repository), { 'aws:SourceIp': '198.51.100.7' })).resolves.toBe('ExplicitlyDenied');
  await expect(oracle.decide(principal, 'ecr:PutImage', oracle.repository(repository), IPV6_CLIENT)).resolves.toBe('Allowed');
});

test('the fix the finding gives: with the IPv6 range listed, the evaluator allows the IPv6 client and the rule is quiet', async () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn], conditions: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8:1234::/48'] } } }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  await expect(oracle.decide(oracle.principal(role), 'ecr:BatchGetImage', oracle.repository(repository), IPV6_CLIENT)).resolves.toBe('Allowed');
});

test('non-compliant 4: a registry policy (cross-account pull from an office range)', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const registry = new EcrRegistry(stack, 'Registry');
  registry.addToRegistryPolicy(new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal('222222222222')],
    actions: EcrActions.PULL,
    resources: [`arn:aws:ecr:us-east-1:${stack.account}:repository/*`],
    conditions: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } },
  }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Registry/Policy']);
});

test.each([
  ['awsdocs-ecr-ip-allow-2019-11', 'allows ecr:* to requests from 54.240.143.0/24 (IPv4 only)'],
  ['awsdocs-ecr-ip-allow-with-resource-2019', 'allows ecr:* to requests not from 54.240.143.188/32 (IPv4 only): the clients it excludes are no longer excluded'],
  ['awsdocs-ecr-ip-deny-2022', 'denies ecr:* to requests not from 54.240.143.0/24 (IPv4 only): every request over IPv6'],
  ['harbor-19804-push-pull-source-ip', 'to requests from 1.1.1.1/24 (IPv4 only)'],
])('non-compliant (corpus): %s', (id, text) => {
  // GIVEN
  const entry = corpusEntry(id);
  // WHEN
  const findings = corpusRuleFindings(RULE, id);
  // THEN
  expect(entry.expected.map((e) => e.rule)).toContain(RULE);
  expect(findings.map((f) => f.message).join('\n')).toContain(text);
  expect(findings.every((f) => f.level === 'warning')).toBe(true);
});
