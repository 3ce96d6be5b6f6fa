import { ACCOUNT, OTHER_ACCOUNT, policyDocument, stackTemplate, templateSet } from './templates';
import { AccessModel } from '../../src/analysis/access-model';
import { UnknownParts } from '../../src/analysis/arn-pattern';
import { deployTimeValue } from '../../src/analysis/cfn-values';
import { accountNamedBy, principalConditionsExclude, PrincipalMatch, principalValueMatch, statementNamesPrincipal } from '../../src/analysis/principal-match';

// How a resource policy's Principal names a requester. AWS treats the two kinds of match apart:
// naming the account delegates to that account's identity policies, naming the principal grants it.

const ROLE = `arn:aws:iam::${ACCOUNT}:role/ci`;
const requester = { arn: ROLE, account: ACCOUNT };

test.each([
  [ACCOUNT, ACCOUNT],
  [`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT],
  [ROLE, undefined],
  ['*', undefined],
])('accountNamedBy(%j) is %j', (value, account) => {
  expect(accountNamedBy(value)).toBe(account);
});

test.each([
  ['AWS', '*', requester, PrincipalMatch.DIRECT],
  ['AWS', ROLE, requester, PrincipalMatch.DIRECT],
  ['AWS', `arn:aws:iam::${ACCOUNT}:role/c*`, requester, PrincipalMatch.DIRECT],
  ['AWS', ACCOUNT, requester, PrincipalMatch.ACCOUNT],
  ['AWS', `arn:aws:iam::${ACCOUNT}:root`, requester, PrincipalMatch.ACCOUNT],
  ['AWS', OTHER_ACCOUNT, requester, PrincipalMatch.NONE],
  ['AWS', `arn:aws:iam::${ACCOUNT}:role/other`, requester, PrincipalMatch.NONE],
  ['Service', 'lambda.amazonaws.com', { service: 'lambda.amazonaws.com' }, PrincipalMatch.DIRECT],
  ['Service', 'lambda.amazonaws.com', requester, PrincipalMatch.NONE],
  // "*" names every requester, AWS services included; an account does not name a service
  ['AWS', '*', { service: 'lambda.amazonaws.com' }, PrincipalMatch.DIRECT],
  ['AWS', ACCOUNT, { service: 'lambda.amazonaws.com', account: ACCOUNT }, PrincipalMatch.NONE],
  ['Federated', 'cognito-identity.amazonaws.com', requester, PrincipalMatch.NONE],
])('%s %j for %j: %s', (type, value, who, match) => {
  expect(principalValueMatch(type, value, who, UnknownParts.STRICT).match).toBe(match);
});

test('a session ARN names one session of the role: the match holds for that session only', () => {
  // WHEN
  const found = principalValueMatch('AWS', `arn:aws:sts::${ACCOUNT}:assumed-role/ci/release`, requester, UnknownParts.STRICT);
  // THEN
  expect(found).toEqual({ match: PrincipalMatch.DIRECT, sessionName: 'release' });
});

describe('in a model of the app', () => {
  /** A role tagged team=web, a role named ci, and a repository whose policy names them in several ways. */
  function model(statements: object[]) {
    return new AccessModel(templateSet(stackTemplate('Registry', {
      Web: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: policyDocument(), Tags: [{ Key: 'team', Value: 'web' }] } },
      Ci: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'ci', AssumeRolePolicyDocument: policyDocument() } },
      Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api', RepositoryPolicyText: policyDocument(...statements) } },
    })));
  }
  const allow = (principal: object, condition?: object) => ({ Effect: 'Allow', Principal: principal, Action: 'ecr:BatchGetImage', ...condition ? { Condition: condition } : {} });

  test('a statement names a principal of the app by ARN, or a session of it when optimistic', () => {
    // GIVEN
    const m = model([allow({ AWS: ROLE }), allow({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/release` })]);
    const ci = m.principals.find((p) => p.arn === ROLE)!;
    const [byArn, bySession] = m.repositories[0].policy!.statements;
    // THEN
    expect(statementNamesPrincipal(byArn, ci, UnknownParts.STRICT)).toBe(true);
    expect(statementNamesPrincipal(bySession, ci, UnknownParts.STRICT)).toBe(false);
    expect(statementNamesPrincipal(bySession, ci, UnknownParts.OPTIMISTIC)).toBe(true);
  });

  test('conditions on the principal\'s own tags or ARN are decided from the template', () => {
    // GIVEN
    const m = model([
      allow({ AWS: ACCOUNT }, { StringEquals: { 'aws:PrincipalTag/team': 'web' } }),
      allow({ AWS: ACCOUNT }, { ArnEquals: { 'aws:PrincipalArn': ROLE } }),
      allow({ AWS: ACCOUNT }, { StringEquals: { 'aws:PrincipalTag/team': deployTimeValue('Team') } }),
    ]);
    const [web, ci] = [m.principals.find((p) => p.arn !== ROLE)!, m.principals.find((p) => p.arn === ROLE)!];
    const [byTag, byArn, byDeployTimeTag] = m.repositories[0].policy!.statements;
    // THEN
    expect(principalConditionsExclude(byTag, web)).toBe(false);
    expect(principalConditionsExclude(byTag, ci)).toBe(true);
    expect(principalConditionsExclude(byArn, ci)).toBe(false);
    // web's name is generated at deployment, but it is not ci: IAM names are unique in an account
    expect(principalConditionsExclude(byArn, web, m.principals)).toBe(true);
    expect(principalConditionsExclude(byArn, web)).toBe(false);
    // a value known only at deploy time decides nothing
    expect(principalConditionsExclude(byDeployTimeTag, ci)).toBe(false);
  });
});
