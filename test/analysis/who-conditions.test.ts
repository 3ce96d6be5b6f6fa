import { conditionKeys, conditionLimitsWho } from '../../src/analysis/who-conditions';

test.each([
  [undefined, false],
  [{ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, false],
  [{ Bool: { 'aws:SecureTransport': 'true' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, false],
  [{ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, true],
  [{ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, StringEquals: { 'aws:SourceAccount': '111111111111' } }, true],
  [{ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }, true],
  // an unknown key counts as limiting: never report what might be safe
  [{ StringEquals: { 'ecr:ResourceTag/team': 'a' } }, true],
])('conditionLimitsWho(%j) is %s', (condition, limits) => {
  expect(conditionLimitsWho(condition as Record<string, Record<string, unknown>> | undefined)).toBe(limits);
});

test('each key once', () => {
  expect(conditionKeys({ IpAddress: { 'aws:SourceIp': 'a' }, NotIpAddress: { 'aws:SourceIp': 'b' } })).toEqual(['aws:SourceIp']);
});
