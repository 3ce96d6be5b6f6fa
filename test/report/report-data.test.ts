import { AccessModel } from '../../src/analysis/access-model';
import { accessReportOf, buildAccessReport, REPORT_FORMAT } from '../../src/report/report-data';
import { ACCOUNT, OTHER_ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from '../analysis/templates';

// The report as data: rows, columns and, for each pair with access, the capabilities (each as
// allowed as its least-allowed action) and every action grouped by how it is allowed, all sorted.

const REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/api`;
const TRUST = policyDocument({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' });
const role = (statements: object[], extra: object = {}) => ({
  Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument(...statements) }], ...extra },
});
const repository = (statements: object[]) => ({ Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api', ...statements.length > 0 ? { RepositoryPolicyText: policyDocument(...statements) } : {} } });

/** A statement the report names as a reason, in stack Registry. */
const by = (side: string, path: string, policy: string, statement: number) => ({ side, stack: 'Registry', path, policy, statement });

function report(resources: Record<string, unknown>) {
  return buildAccessReport(new AccessModel(templateSet(stackTemplate('Registry', resources))));
}

test('a role that logs in and pulls: login on its row, pull and its actions on the pair', () => {
  // WHEN
  const data = report({
    Api: repository([]),
    Ci: role([{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }, { Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages'], Resource: REPO }]),
  });
  // THEN
  expect(data.format).toBe(REPORT_FORMAT);
  expect(data.principals).toEqual([expect.objectContaining({
    name: 'role Registry/Ci',
    kind: 'role',
    account: ACCOUNT,
    path: 'Registry/Ci',
    capabilities: [{ capability: 'login', access: 'allowed', grantedBy: [by('identity-policy', 'Registry/Ci', 'inline policy', 0)] }],
    actions: [{ actions: ['ecr:GetAuthorizationToken'], access: 'allowed' }],
  })]);
  expect(data.repositories).toEqual([{ name: 'api', arn: REPO, account: ACCOUNT, region: REGION, source: 'app', path: 'Registry/Api' }]);
  expect(data.access).toEqual([{
    principal: 'role Registry/Ci',
    repository: 'api',
    capabilities: [{ capability: 'pull', access: 'allowed', grantedBy: [by('identity-policy', 'Registry/Ci', 'inline policy', 1)] }],
    actions: [{ actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages'], access: 'allowed' }],
  }]);
  expect(data.notes).toEqual([]);
});

test('a capability partly given with no condition is conditional, and says which actions need none', () => {
  // WHEN
  const data = report({
    Api: repository([]),
    Ci: role([
      { Effect: 'Allow', Action: ['ecr:BatchGetImage'], Resource: REPO },
      { Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer'], Resource: REPO, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    ]),
  });
  // THEN
  expect(data.access[0].capabilities).toEqual([{
    capability: 'pull',
    access: 'conditional',
    when: [[{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }]],
    unconditionalActions: ['ecr:BatchGetImage'],
    // both statements: each gives a part of the capability
    grantedBy: [by('identity-policy', 'Registry/Ci', 'inline policy', 0), by('identity-policy', 'Registry/Ci', 'inline policy', 1)],
  }]);
});

test('another account the repository policy trusts needs its own identity side; an AWS service with no source condition acts for any account', () => {
  // WHEN
  const data = report({
    Api: repository([
      { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] },
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] },
    ]),
  });
  // THEN
  expect(data.principals.map((p) => [p.name, p.capabilities])).toEqual([
    [`account ${OTHER_ACCOUNT}`, [{ capability: 'login', access: 'allowed', needs: 'identity-policy' }]],
    ['service lambda.amazonaws.com', []],
  ]);
  expect(data.access.map((a) => [a.principal, a.capabilities])).toEqual([
    [`account ${OTHER_ACCOUNT}`, [{ capability: 'pull', access: 'allowed', needs: 'identity-policy', grantedBy: [by('repository-policy', 'Registry/Api', 'repository policy', 0)] }]],
    ['service lambda.amazonaws.com', [{ capability: 'pull', access: 'allowed', forAnyAccount: true, grantedBy: [by('repository-policy', 'Registry/Api', 'repository policy', 1)] }]],
  ]);
});

test('what the report cannot read is noted: a role\'s managed policy from outside the app, and an unreadable resource', () => {
  // GIVEN: another app's managed policy (an AWS managed one is evaluated: managed-policy-access.test.ts)
  const set = templateSet(stackTemplate('Registry', { Builder: role([], { ManagedPolicyArns: ['arn:aws:iam::111111111111:policy/ecr-publisher'] }) }));
  // WHEN
  const data = accessReportOf({ ...set, unreadable: [{ stackId: 'Registry', logicalId: 'Odd', constructPath: 'Registry/Odd', error: 'no' }] });
  // THEN
  expect(data.principals.map((p) => [p.name, p.notes])).toEqual([
    ['role Registry/Builder', ['not evaluated: the managed policy arn:aws:iam::111111111111:policy/ecr-publisher is outside this app']],
  ]);
  expect(data.notes).toEqual(['not evaluated: \'Registry/Odd\' (no)']);
});

test('a principal with no ECR access and nothing unread is left out', () => {
  expect(report({ Idle: role([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) }).principals).toEqual([]);
});
