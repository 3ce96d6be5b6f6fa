import { AccessModel } from '../../src/analysis/access-model';
import { detectPolicyKind, documentStack, isTemplate, PolicyDocumentKind } from '../../src/analysis/policy-documents';
import { PolicyKind } from '../../src/analysis/policy-view';

const statement = (extra: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...extra }] });

test.each([
  ['an identity policy', statement({ Action: 'ecr:BatchGetImage', Resource: '*' }), PolicyDocumentKind.IDENTITY],
  ['managed policy attachments', { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'] }, PolicyDocumentKind.IDENTITY],
  ['a repository policy', statement({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'ecr:BatchGetImage' }), PolicyDocumentKind.REPOSITORY],
  ['a registry policy (replication)', statement({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: 'arn:aws:ecr:us-east-1:222222222222:repository/*' }), PolicyDocumentKind.REGISTRY],
  ['a trust policy', statement({ Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }), PolicyDocumentKind.TRUST],
])('%s is detected', (_, document, kind) => {
  expect(detectPolicyKind(document)).toBe(kind);
  expect(isTemplate(document)).toBe(false);
});

test.each([
  [PolicyDocumentKind.IDENTITY, PolicyKind.INLINE],
  [PolicyDocumentKind.REPOSITORY, PolicyKind.REPOSITORY],
  [PolicyDocumentKind.REGISTRY, PolicyKind.REGISTRY],
  [PolicyDocumentKind.TRUST, PolicyKind.TRUST],
])('a %s document is read as the %s of a one-resource template', (documentKind, policyKind) => {
  // GIVEN
  const stack = documentStack('policy.json', documentKind, statement({ Action: 'ecr:BatchGetImage' }));
  // WHEN
  const model = new AccessModel({ stacks: [stack], acknowledgments: [], unreadable: [] });
  // THEN
  expect(model.policies.map((p) => [p.kind, p.resource.path])).toEqual([[policyKind, 'policy.json']]);
});

test('a trust policy alone: the role\'s permissions are unknown, not empty', () => {
  const model = new AccessModel({ stacks: [documentStack('trust.json', PolicyDocumentKind.TRUST, statement({ Action: 'sts:AssumeRole' }))], acknowledgments: [], unreadable: [] });
  expect(model.principals[0].unknownManagedPolicies).toHaveLength(1);
});
