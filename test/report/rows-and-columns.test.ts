import { AccessModel } from '../../src/analysis/access-model';
import { principalJson, repositoryJson } from '../../src/report/rows-and-columns';
import { subjectsOf } from '../../src/report/subjects';
import { targetsOf } from '../../src/report/targets';
import { ACCOUNT, OTHER_ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from '../analysis/templates';

// A row and a column of the report's JSON hold only the fields that apply, always in the same order
// (the file must read the same from one synth to the next).

function model() {
  return new AccessModel(templateSet(stackTemplate('Registry', {
    Api: {
      Type: 'AWS::ECR::Repository',
      Properties: {
        RepositoryName: 'team-a/api',
        RepositoryPolicyText: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'ecr:BatchGetImage' }),
      },
    },
    Ci: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: policyDocument() } },
  })));
}

describe('principalJson', () => {
  test('a role of the app: its ARN, account and construct path before what it may do', () => {
    // GIVEN
    const role = subjectsOf(model()).find((s) => s.kind === 'role')!;
    // WHEN
    const row = principalJson(role, [], [], ['not evaluated: x']);
    // THEN
    expect(Object.keys(row)).toEqual(['name', 'kind', 'arn', 'account', 'path', 'capabilities', 'actions', 'notes']);
    expect(row).toMatchObject({ name: 'role Registry/Ci', kind: 'role', account: ACCOUNT, path: 'Registry/Ci', notes: ['not evaluated: x'] });
  });

  test('an account a repository policy names: no ARN, no path and, without notes, no notes', () => {
    // GIVEN
    const subject = subjectsOf(model()).find((s) => s.kind === 'account')!;
    // WHEN
    const row = principalJson(subject, [], [], []);
    // THEN
    expect(Object.keys(row)).toEqual(['name', 'kind', 'account', 'capabilities', 'actions']);
    expect(row.account).toBe(OTHER_ACCOUNT);
  });
});

describe('repositoryJson', () => {
  test('a repository of the app: where it is defined, then its signing and archives when it has them', () => {
    // GIVEN
    const target = targetsOf(model()).find((t) => t.name === 'team-a/api')!;
    const signing = [{ profile: 'arn:aws:signer:us-east-1:111111111111:/signing-profiles/p', configuration: 'Registry/Signing', rule: 0 }];
    // WHEN
    const plain = repositoryJson(target, undefined);
    const stored = repositoryJson(target, { rules: [], json: { signing, archives: ['untagged'] } });
    // THEN
    expect(Object.keys(plain)).toEqual(['name', 'arn', 'account', 'region', 'source', 'path']);
    expect(plain).toEqual({
      name: 'team-a/api', arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/api`, account: ACCOUNT, region: REGION, source: 'app', path: 'Registry/Api',
    });
    expect(Object.keys(stored)).toEqual(['name', 'arn', 'account', 'region', 'source', 'path', 'signing', 'archives']);
    expect(stored.signing).toEqual(signing);
  });
});
