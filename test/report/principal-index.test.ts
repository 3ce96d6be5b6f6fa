import { PolicyKind, readPolicy, ResourceRef } from '../../src/analysis/policy-view';
import { PrincipalMatch } from '../../src/analysis/principal-match';
import { namedPrincipals, namesEveryone, statementPrincipalMatch } from '../../src/report/principal-index';
import { stackTemplate } from '../analysis/templates';

// A repository policy statement's principals, indexed so that "does it name this requester?" is a
// few set lookups, with the same answers as the full matcher (analysis/principal-match.ts).

const resource: ResourceRef = { stack: stackTemplate('Registry', {}), logicalId: 'Api', type: 'AWS::ECR::Repository', path: 'Registry/Api/Resource' };
const ROLE = 'arn:aws:iam::111111111111:role/ci';
const role = { arn: ROLE, account: '111111111111' };

function statement(s: object) {
  return readPolicy(PolicyKind.REPOSITORY, resource, 'Properties/RepositoryPolicyText', { Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', ...s }] }).statements[0];
}

test.each([
  ['its ARN', { Principal: { AWS: ROLE } }, role, PrincipalMatch.DIRECT],
  ['its account', { Principal: { AWS: '111111111111' } }, role, PrincipalMatch.ACCOUNT],
  ['its account\'s root', { Principal: { AWS: 'arn:aws:iam::111111111111:root' } }, role, PrincipalMatch.ACCOUNT],
  ['everyone', { Principal: '*' }, role, PrincipalMatch.DIRECT],
  ['a wildcard ARN', { Principal: { AWS: 'arn:aws:iam::111111111111:role/c*' } }, role, PrincipalMatch.DIRECT],
  ['another account', { Principal: { AWS: '222222222222' } }, role, PrincipalMatch.NONE],
  ['a service', { Principal: { Service: 'lambda.amazonaws.com' } }, { service: 'lambda.amazonaws.com' }, PrincipalMatch.DIRECT],
  ['everyone but another account (NotPrincipal)', { NotPrincipal: { AWS: '222222222222' } }, role, PrincipalMatch.DIRECT],
  ['everyone but its account (NotPrincipal)', { NotPrincipal: { AWS: '111111111111' } }, role, PrincipalMatch.NONE],
])('a statement naming %s', (_, s, requester, match) => {
  expect(statementPrincipalMatch(statement(s), requester).match).toBe(match);
});

test('a session named by the statement: the match holds for that session', () => {
  // WHEN
  const found = statementPrincipalMatch(statement({ Principal: { AWS: 'arn:aws:sts::111111111111:assumed-role/ci/release' } }), role);
  // THEN
  expect(found).toEqual({ match: PrincipalMatch.DIRECT, sessionName: 'release' });
});

test('the principals a statement certainly names, and none when it may name anyone', () => {
  // WHEN
  const named = namedPrincipals(statement({ Principal: { AWS: [ROLE, '222222222222'], Service: 'lambda.amazonaws.com' } }));
  // THEN
  expect([...named!.arns]).toEqual([ROLE]);
  expect([...named!.accounts]).toEqual(['222222222222']);
  expect([...named!.services]).toEqual(['lambda.amazonaws.com']);
  expect(namedPrincipals(statement({ Principal: '*' }))).toBeUndefined();
  expect(namedPrincipals(statement({ NotPrincipal: { AWS: ROLE } }))).toBeUndefined();
  expect(namedPrincipals(statement({ Principal: { AWS: 'arn:aws:iam::111111111111:role/c*' } }))).toBeUndefined();
});

test('"*" as a whole or as a type\'s value names everyone', () => {
  expect(namesEveryone(statement({ Principal: '*' }))).toBe(true);
  expect(namesEveryone(statement({ Principal: { AWS: '*' } }))).toBe(true);
  expect(namesEveryone(statement({ Principal: { AWS: ROLE } }))).toBe(false);
});
