import { DiagnosisKind } from '../../../src';
import { AdviceInput } from '../../../src/diagnose/advice/kind-advice';
import { boundaryCdk, identityCdk, repositoryCdk, vpcEndpointCdk } from '../../../src/diagnose/advice/snippets';
import { CallerType, parseCaller } from '../../../src/diagnose/arn';
import { capabilityOf } from '../../../src/diagnose/capability';

// The cdk-ecr-access code a fix prints: this library's API, filled with the message's values.

const ROLE = 'arn:aws:iam::222222222222:role/ci';

function input(action: string | undefined, options: { caller?: string; pushing?: boolean } = {}): AdviceInput {
  const caller = options.caller ? parseCaller(options.caller) : undefined;
  return {
    facts: { kind: DiagnosisKind.ACCESS_DENIED, action, caller, pushing: options.pushing ?? false, unusable: [] },
    capability: capabilityOf(action, options.pushing ?? false),
    conclusion: {},
    fixPrincipalArn: caller?.type === CallerType.ROOT ? caller.arn : caller ? ROLE : undefined,
    target: { region: 'us-east-1', repositoryAccount: '111111111111', repositoryName: 'team-a/api' },
  };
}

test.each([
  ['ecr:GetAuthorizationToken', /^repository\.grantPull\(role\); \/\/ every PushableRepository grant includes ecr:GetAuthorizationToken on "\*"[\s\S]*ecr\.AuthorizationToken\.grantRead\(role\);$/],
  ['ecr:BatchGetImage', /^repository\.grantPull\(role\); \/\/ repository: a PushableRepository/],
  ['ecr:PutImage', /^repository\.grantPush\(role\); \/\/ repository: a PushableRepository/],
  ['ecr:CreateRepository', /^ciPrincipal\.allowCreateRepositories\('team-a\/'\);[\s\S]*actions: EcrActions\.CREATE, resources: \['arn:aws:ecr:us-east-1:111111111111:repository\/team-a\/\*'\]/],
  ['ecr:DescribeImages', /^role\.addToPrincipalPolicy\(new iam\.PolicyStatement\(\{ actions: EcrActions\.READ, resources: \[repository\.repositoryArn\] \}\)\);$/],
  ['ecr:DeleteRepository', /actions: EcrActions\.DELETE/],
  ['ecr:SetRepositoryPolicy', /actions: EcrActions\.ADMIN/],
  ['ecr:StartImageScan', /actions: \['ecr:StartImageScan'\], resources: \['arn:aws:ecr:us-east-1:111111111111:repository\/team-a\/api'\]/],
  ['ecr:PutRegistryPolicy', /actions: \['ecr:PutRegistryPolicy'\], resources: \['\*'\]/],
])('the identity side of %s', (action, code) => {
  expect(identityCdk(input(action))).toMatch(code);
});

test('a role or user the message names is imported by its ARN', () => {
  expect(identityCdk(input('ecr:PutImage', { caller: 'arn:aws:sts::222222222222:assumed-role/ci/gh-42' })))
    .toBe(`const caller = iam.Role.fromRoleArn(this, 'Caller', '${ROLE}'); // or the iam.Role your app defines\nrepository.grantPush(caller); // repository: a PushableRepository`);
});

test('the repository side: an account trust for another account\'s root, a grant otherwise, nothing for other services', () => {
  expect(repositoryCdk(input('ecr:PutImage', { caller: 'arn:aws:iam::222222222222:root' })))
    .toBe('repository.allowAccountPush(\'222222222222\'); // returns the identity policy principals in 222222222222 attach');
  expect(repositoryCdk(input('ecr:BatchGetImage', { caller: 'arn:aws:sts::222222222222:assumed-role/ci/gh-42' })))
    .toMatch(/repository\.grantPull\(caller\); \/\/ writes the repository policy; for a role of another account, synth warns with the identity policy it needs$/);
  expect(repositoryCdk(input('kms:Decrypt'))).toBeUndefined();
});

test('a permissions boundary gets login too for pull and push; a VPC endpoint the task\'s set', () => {
  expect(boundaryCdk(input('ecr:PutImage'))).toMatch(/boundary\.addStatements\(\n {2}new iam\.PolicyStatement\(\{ actions: EcrActions\.LOGIN, resources: \['\*'\] \}\),\n {2}new iam\.PolicyStatement\(\{ actions: EcrActions\.PUSH/);
  expect(boundaryCdk(input('ecr:DescribeImages'))).not.toMatch(/EcrActions\.LOGIN/);
  expect(vpcEndpointCdk(input('ecr:BatchGetImage'))).toMatch(/principals: \[new iam\.AnyPrincipal\(\)\], actions: EcrActions\.PULL/);
  expect(vpcEndpointCdk(input('ecr:StartImageScan'))).toBeUndefined();
});
