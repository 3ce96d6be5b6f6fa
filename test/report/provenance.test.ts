import { EcrCapability, requiredActionsOf } from '../../src/actions/capabilities';
import { AccessModel } from '../../src/analysis/access-model';
import { statementRefText } from '../../src/report/provenance';
import { buildAccessReport } from '../../src/report/report-data';
import { ACCOUNT, OTHER_ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from '../analysis/templates';

// Why a cell is what it is: the statements behind each capability, on both sides across accounts,
// and for a cross-account request that one side allows and the other (in the app too) does not,
// which side is missing.

const REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/api`;
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const PUSH = [...PULL, 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'];
const WORKLOAD_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/task`;

/** A repository in the registry account, and a role in the workload account, each with the statements given. */
function crossAccount(repositoryStatements: object[], roleStatements: object[]) {
  const registry = stackTemplate('Registry', {
    Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api', RepositoryPolicyText: policyDocument(...repositoryStatements) } },
  });
  const workload = stackTemplate('Workload', {
    Task: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'task',
        AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument(...roleStatements) }],
      },
    },
  }, { account: OTHER_ACCOUNT, region: REGION });
  return buildAccessReport(new AccessModel(templateSet(registry, workload)));
}

const repositorySide = (statement: number, sid?: string) =>
  ({ side: 'repository-policy', stack: 'Registry', path: 'Registry/Api', policy: 'repository policy', statement, ...sid ? { sid } : {} });
const identitySide = (statement: number) => ({ side: 'identity-policy', stack: 'Workload', path: 'Workload/Task', policy: 'inline policy', statement });

test('across accounts, a capability names the statements of both sides', () => {
  // WHEN
  const report = crossAccount(
    [{ Sid: 'WorkloadPulls', Effect: 'Allow', Principal: { AWS: WORKLOAD_ROLE }, Action: PULL }],
    [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }, { Effect: 'Allow', Action: PULL, Resource: REPO }],
  );
  // THEN
  const pair = report.access.find((a) => a.principal === 'role Workload/Task' && a.repository === 'api');
  expect(pair?.capabilities).toEqual([{ capability: 'pull', access: 'allowed', grantedBy: [identitySide(1), repositorySide(0, 'WorkloadPulls')] }]);
  expect(report.oneSided).toBeUndefined();
});

test.each([
  ['the repository policy names the role, its own policy does not allow it', 'repository-policy', 'identity-policy', [repositorySide(0)],
    [{ Effect: 'Allow', Principal: { AWS: WORKLOAD_ROLE }, Action: PUSH }], [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }]],
  ['the role allows it, the repository policy names someone else', 'identity-policy', 'repository-policy', [identitySide(0)],
    [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/other` }, Action: PULL }], [{ Effect: 'Allow', Action: PUSH, Resource: REPO }]],
])('denied but close: %s', (_, allowedBy, missing, grantedBy, repositoryStatements, roleStatements) => {
  // WHEN
  const report = crossAccount(repositoryStatements, roleStatements);
  // THEN: nothing granted, and both capabilities one side gives are named with the side missing
  expect(report.access.filter((a) => a.principal === 'role Workload/Task')).toEqual([]);
  expect(report.oneSided).toEqual([EcrCapability.PULL, EcrCapability.PUSH].map((capability) => ({
    principal: 'role Workload/Task', repository: 'api', capability, allowedBy, missing, grantedBy, actions: [...requiredActionsOf(capability)].sort(),
  })));
});

test('a Deny on the other side is no near miss: nothing is said to be missing', () => {
  // WHEN
  const report = crossAccount(
    [{ Effect: 'Deny', Principal: { AWS: WORKLOAD_ROLE }, Action: 'ecr:*' }],
    [{ Effect: 'Allow', Action: PULL, Resource: REPO }],
  );
  // THEN
  expect(report.oneSided).toBeUndefined();
});

test('a statement as a reviewer finds it', () => {
  expect(statementRefText(repositorySide(2, 'Pull') as never)).toBe('statement 2 (Sid "Pull") of the repository policy `Registry/Api` (stack Registry)');
  expect(statementRefText(identitySide(0) as never)).toBe('statement 0 of the inline policy `Workload/Task` (stack Workload)');
});
