import { ACCOUNT, policyDocument, stackTemplate, templateSet } from './templates';
import { AccessModel } from '../../src/analysis/access-model';
import { identityScopes, identityStatements } from '../../src/analysis/identity-scopes';

// The identity side as AWS evaluates it: a role or user with every statement that applies to it
// (its own, its managed policies', its groups'), and a policy attached to nothing judged on its own.

const statement = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' });

function model() {
  return new AccessModel(templateSet(stackTemplate('App', {
    Ci: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }), Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument(statement('Own')) }] } },
    Developers: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'developers', Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument(statement('Group')) }] } },
    Dev: { Type: 'AWS::IAM::User', Properties: { Groups: ['developers'], Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument(statement('User')) }] } },
    Empty: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'empty', Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument(statement('EmptyGroup')) }] } },
    ForOthers: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policyDocument(statement('Unattached')) } },
  })));
}

const sids = (statements: ReadonlyArray<{ policy: { document: unknown }; index: number }>) =>
  statements.map((s) => (s.policy.document as { Statement: Array<{ Sid: string }> }).Statement[s.index].Sid);

test('one scope per role and user with everything that applies to it; a group with members is judged through them', () => {
  // WHEN
  const scopes = identityScopes(model());
  // THEN
  expect(scopes.map((s) => [s.label, sids(s.statements)])).toEqual([
    ['role \'App/Ci\'', ['Own']],
    ['user \'App/Dev\'', ['User', 'Group']],
    ['group \'App/Empty\'', ['EmptyGroup']],
    ['managed policy \'App/ForOthers\'', ['Unattached']],
  ]);
  expect(scopes.map((s) => s.principal !== undefined)).toEqual([true, true, true, false]);
});

test('the scopes of a model are computed once', () => {
  // GIVEN
  const m = model();
  // THEN
  expect(identityScopes(m)).toBe(identityScopes(m));
});

test('every identity statement, one by one (trust policies are not identity policies)', () => {
  expect(sids(identityStatements(model())).sort()).toEqual(['EmptyGroup', 'Group', 'Own', 'Unattached', 'User']);
});
