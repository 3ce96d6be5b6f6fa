import { ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from './templates';
import { AccessModel } from '../../src/analysis/access-model';
import { displayValue } from '../../src/analysis/cfn-values';
import { PrincipalType } from '../../src/analysis/model-views';
import { PolicyKind } from '../../src/analysis/policy-view';

// The app's access as the checks and the report read it: every policy, the roles, users and groups
// they apply to (inline, managed, through a group), the repositories, registry policies, creation
// templates and container-image functions, linked across stacks.

const TRUST = policyDocument({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' });
const PULL = policyDocument({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' });

function platform() {
  return stackTemplate('Platform', {
    Ci: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'ci', AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'own', PolicyDocument: PULL }], ManagedPolicyArns: [{ Ref: 'Shared' }, 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'], PermissionsBoundary: { Ref: 'Boundary' }, Tags: [{ Key: 'team', Value: 'a' }] } },
    CiPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'extra', PolicyDocument: PULL, Roles: [{ Ref: 'Ci' }] } },
    Shared: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: PULL } },
    Boundary: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: PULL } },
    Orphan: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: PULL } },
    Developers: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'developers', Policies: [{ PolicyName: 'group', PolicyDocument: PULL }] } },
    Dev: { Type: 'AWS::IAM::User', Properties: { Groups: [{ Ref: 'Developers' }] } },
    Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'team-a/api', RepositoryPolicyText: policyDocument() } },
    Registry: { Type: 'AWS::ECR::RegistryPolicy', Properties: { PolicyText: policyDocument() } },
    TeamA: { Type: 'AWS::ECR::RepositoryCreationTemplate', Properties: { Prefix: 'team-a/', AppliedFor: ['CREATE_ON_PUSH'], RepositoryPolicy: JSON.stringify(policyDocument()) } },
    Root: { Type: 'AWS::ECR::RepositoryCreationTemplate', Properties: { Prefix: 'ROOT', AppliedFor: { Ref: 'Scenarios' } } },
    Function: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'api', Code: { ImageUri: '222222222222.dkr.ecr.us-east-1.amazonaws.com/api:v1' } } },
    ZipFunction: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: 'exports.handler = () => {}' } } },
  });
}

test('a role with everything attached to it, wherever the template attaches it', () => {
  // WHEN
  const model = new AccessModel(templateSet(platform()));
  // THEN
  const ci = model.principals.find((p) => p.resource.logicalId === 'Ci')!;
  expect(ci).toMatchObject({ type: PrincipalType.ROLE, arn: `arn:aws:iam::${ACCOUNT}:role/ci`, account: ACCOUNT });
  expect(ci.inline.map((p) => p.location)).toEqual(['Properties/Policies/0/PolicyDocument', 'Properties/PolicyDocument']);
  expect(ci.managed.map((p) => p.resource.logicalId)).toEqual(['Shared']);
  expect(ci.externalManagedPolicies).toEqual(['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly']);
  expect(ci.permissionsBoundary?.resource.logicalId).toBe('Boundary');
  expect(ci.trust?.kind).toBe(PolicyKind.TRUST);
  expect([...ci.tags]).toEqual([['team', 'a']]);
  expect(model.identityPolicies(ci)).toHaveLength(3);
  // the AWS managed policy's content is known: its ECR statements count, it is not a policy of the app
  expect(ci.unknownManagedPolicies).toEqual([]);
  expect(ci.awsManaged.map((p) => [p.kind, p.location])).toEqual([[PolicyKind.AWS_MANAGED, 'Properties/ManagedPolicyArns/1']]);
  expect(model.effectivePolicies(ci)).toHaveLength(4);
  expect(model.policies).not.toContain(ci.awsManaged[0]);
  expect(model.principalsOf(ci.managed[0])).toEqual([ci]);
});

test('a user\'s group policies apply to the user; a managed policy attached to nobody applies to nobody', () => {
  // WHEN
  const model = new AccessModel(templateSet(platform()));
  // THEN
  const dev = model.principals.find((p) => p.resource.logicalId === 'Dev')!;
  const group = model.principals.find((p) => p.resource.logicalId === 'Developers')!;
  expect(dev.groups).toEqual([group]);
  expect(model.membersOf(group)).toEqual([dev]);
  expect(model.identityPolicies(dev)).toEqual(group.inline);
  expect(model.principalsOf(group.inline[0])).toEqual([group, dev]);
  expect(model.principalsOf(model.policies.find((p) => p.resource.logicalId === 'Orphan')!)).toEqual([]);
});

test('repositories by ARN, registry policies, creation templates with their namespace, container-image functions', () => {
  // WHEN
  const model = new AccessModel(templateSet(platform()));
  // THEN
  const arn = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/api`;
  expect(model.repositoryByArn(arn)?.resource.logicalId).toBe('Api');
  expect(model.repositoryByArn(arn)?.policy?.kind).toBe(PolicyKind.REPOSITORY);
  expect(model.registryPolicies.map((r) => [r.account, r.region])).toEqual([[ACCOUNT, REGION]]);
  expect(model.creationTemplates.map((t) => [t.prefix, t.root, t.namespace, t.namePattern, t.appliedFor, t.policy?.kind])).toEqual([
    ['team-a/', false, 'team-a', 'team-a/*', ['CREATE_ON_PUSH'], PolicyKind.CREATION_TEMPLATE],
    ['ROOT', true, '', '*', undefined, undefined],
  ]);
  expect(model.lambdaImages.map((f) => [f.functionArn, f.imageUri])).toEqual([[`arn:aws:lambda:${REGION}:${ACCOUNT}:function:api`, '222222222222.dkr.ecr.us-east-1.amazonaws.com/api:v1']]);
});

test('principals and repositories are linked across stacks through exports', () => {
  // GIVEN
  const registry = stackTemplate('Registry', { Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api' } } }, undefined,
    { ApiArn: { Value: { 'Fn::GetAtt': ['Api', 'Arn'] }, Export: { Name: 'api-arn' } } });
  const workload = stackTemplate('Workload', {
    Task: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: TRUST } },
    TaskPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: { 'Fn::ImportValue': 'api-arn' } }), Roles: [{ Ref: 'Task' }] } },
  });
  // WHEN
  const model = new AccessModel(templateSet(registry, workload));
  // THEN
  const [task] = model.principals;
  const resource = model.identityPolicies(task)[0].statements[0].resources![0].value;
  expect(model.repositoryByArn(resource)?.resource.stack.id).toBe('Registry');
  expect(displayValue(task.arn)).toBe(`arn:aws:iam::${ACCOUNT}:role/\${Task}`);
});

test('a resource that cannot be read is kept as unreadable, and the rest is read', () => {
  // GIVEN: inline policies known only at deploy time
  const stack = stackTemplate('Registry', {
    Odd: { Type: 'AWS::IAM::Role', Properties: { Policies: { 'Fn::If': ['c', [], []] } } },
    Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api' } },
  });
  // WHEN
  const model = new AccessModel(templateSet(stack));
  // THEN
  expect(model.unreadable).toEqual([{ stackId: 'Registry', logicalId: 'Odd', constructPath: 'Registry/Odd/Resource', error: 'its inline policies are known only at deploy time' }]);
  expect(model.repositories).toHaveLength(1);
});
