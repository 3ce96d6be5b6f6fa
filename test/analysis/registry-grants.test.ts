import { ACCOUNT, OTHER_ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from './templates';
import { AccessModel } from '../../src/analysis/access-model';
import { hasRegistryPolicy, registryAllows } from '../../src/analysis/registry-grants';

// A registry policy is a resource policy for every repository of its account and Region: ECR applies
// it besides the repository's own (scope V2). What it allows a principal of another account on one
// repository, as the checks read it.

const API = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/api`;
const PULLER = `arn:aws:iam::${OTHER_ACCOUNT}:role/puller`;

/** A role 'puller' of the other account, and a registry policy of these statements in the repository's account (and `region`). */
function appModel(statements: object[], region = REGION) {
  const model = new AccessModel(templateSet(
    stackTemplate('Workload', {
      Puller: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'puller', AssumeRolePolicyDocument: policyDocument() } },
      Other: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'other', AssumeRolePolicyDocument: policyDocument() } },
    }, { account: OTHER_ACCOUNT, region: REGION }),
    stackTemplate('Registry', { Policy: { Type: 'AWS::ECR::RegistryPolicy', Properties: { PolicyText: policyDocument(...statements) } } }, { account: ACCOUNT, region }),
  ));
  return { model, puller: model.principals.find((p) => p.arn === PULLER)! };
}

const statement = (fields: object) => ({
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/*`,
  ...fields,
});

test.each<[string, object, string[]]>([
  ['the account, every repository', {}, ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']],
  ['the role by its ARN, the repository\'s namespace', { Principal: { AWS: PULLER }, Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/*` }, ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']],
  ['a condition the template cannot decide (taken to hold)', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }, ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']],
  ['only the scope V1 actions', { Action: ['ecr:ReplicateImage', 'ecr:CreateRepository'] }, ['ecr:CreateRepository', 'ecr:ReplicateImage']],
  ['another account', { Principal: { AWS: 'arn:aws:iam::999999999999:root' } }, []],
  ['another namespace', { Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-b/*` }, []],
  ['another role of the account, by aws:PrincipalArn', { Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OTHER_ACCOUNT}:role/other` } } }, []],
  ['a Deny', { Effect: 'Deny' }, []],
])('a registry policy statement for %s', (_name, fields, allowed) => {
  // GIVEN
  const { model: m, puller } = appModel([statement(fields)]);
  // WHEN
  const actions = registryAllows(m, puller, API);
  // THEN
  expect([...actions].sort()).toEqual(allowed);
  expect(hasRegistryPolicy(m, API)).toBe(true);
});

test('a registry policy of the account in another Region allows nothing on the repository', () => {
  // GIVEN
  const { model: m, puller } = appModel([statement({ Resource: '*' })], 'us-west-2');
  // WHEN / THEN
  expect([...registryAllows(m, puller, API)]).toEqual([]);
  expect(hasRegistryPolicy(m, API)).toBe(false);
  expect(hasRegistryPolicy(m, API.replace(REGION, 'us-west-2'))).toBe(true);
});

test('a value that is no ARN names no registry', () => {
  // GIVEN
  const { model: m, puller } = appModel([statement({ Resource: '*' })]);
  // WHEN / THEN
  expect([...registryAllows(m, puller, 'team-a/api')]).toEqual([]);
  expect(hasRegistryPolicy(m, 'team-a/api')).toBe(false);
});
