import { ACCOUNT, OTHER_ACCOUNT, REGION, stackTemplate, templateSet } from './templates';
import { displayValue, isKnown } from '../../src/analysis/cfn-values';
import { IntrinsicResolver } from '../../src/analysis/intrinsics';

// CloudFormation intrinsics resolved to what AWS will see, as far as synth knows it: pseudo
// parameters from the stack's environment, names and ARNs of the app's resources, exports across
// stacks. The rest becomes a deploy-time placeholder, never an error.

function registry() {
  return stackTemplate('Registry', {
    Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'team-a/api' } },
    Unnamed: { Type: 'AWS::ECR::Repository' },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'ci', Path: '/service/' } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'api' } },
    Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: 'https://token.actions.githubusercontent.com' } },
    SelfNamed: { Type: 'AWS::IAM::User', Properties: { UserName: { 'Fn::GetAtt': ['SelfNamed', 'Arn'] } } },
  }, { account: ACCOUNT, region: REGION }, { RepoArn: { Value: { 'Fn::GetAtt': ['Repo', 'Arn'] }, Export: { Name: 'shared-repo-arn' } } });
}

function resolverWith() {
  const stack = registry();
  const workload = stackTemplate('Workload', {}, { account: OTHER_ACCOUNT, region: 'eu-west-1' });
  const agnostic = stackTemplate('Agnostic', {}, {});
  return { resolver: new IntrinsicResolver(templateSet(stack, workload, agnostic)), stack, workload, agnostic };
}

test('pseudo parameters come from the stack\'s environment; the partition and URL suffix from its Region', () => {
  // GIVEN
  const { resolver, stack } = resolverWith();
  // WHEN
  const value = resolver.resolve(stack, { 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/x ${AWS::URLSuffix}' });
  // THEN
  expect(value).toBe(`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/x amazonaws.com`);
});

test('an environment-agnostic stack gets placeholders, shown as the template writes them', () => {
  // GIVEN
  const { resolver, agnostic } = resolverWith();
  // WHEN
  const env = resolver.env(agnostic);
  // THEN
  expect([env.account, env.region, env.partition, env.urlSuffix].map(displayValue)).toEqual(['${AWS::AccountId}', '${AWS::Region}', '${AWS::Partition}', '${AWS::URLSuffix}']);
});

test.each([
  [{ 'Fn::GetAtt': ['Repo', 'Arn'] }, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/api`],
  [{ 'Fn::GetAtt': 'Role.Arn' }, `arn:aws:iam::${ACCOUNT}:role/service/ci`],
  [{ Ref: 'Repo' }, 'team-a/api'],
  [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:api`],
  [{ Ref: 'Provider' }, `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`],
  [{ 'Fn::Join': ['/', ['team-a', { Ref: 'AWS::Region' }]] }, `team-a/${REGION}`],
  [{ 'Fn::Select': [1, ['a', 'b', 'c']] }, 'b'],
  [{ 'Fn::Select': [0, { 'Fn::Split': [',', 'x,y'] }] }, 'x'],
  [{ 'Fn::Sub': ['${Name}-${!Literal}', { Name: { Ref: 'Repo' } }] }, 'team-a/api-${Literal}'],
  [{ 'Fn::Sub': '${Repo.Arn}' }, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/api`],
  [['a', { Ref: 'AWS::NoValue' }, 'b'], ['a', 'b']],
])('%j resolves to %j', (value, expected) => {
  // GIVEN
  const { resolver, stack } = resolverWith();
  // WHEN / THEN
  expect(resolver.resolve(stack, value)).toEqual(expected);
});

test('an export is resolved in the stack that exports it, for the stack that imports it', () => {
  // GIVEN
  const { resolver, workload } = resolverWith();
  // WHEN
  const value = resolver.resolve(workload, { 'Fn::ImportValue': 'shared-repo-arn' });
  // THEN
  expect(value).toBe(`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-a/api`);
});

test.each([
  [{ 'Fn::GetAtt': ['Unnamed', 'Arn'] }, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/\${Unnamed}`],
  [{ Ref: 'Parameter' }, '${Parameter}'],
  [{ 'Fn::ImportValue': 'nobody-exports-this' }, '${Import:nobody-exports-this}'],
  [{ 'Fn::FindInMap': ['m', 'k', 'v'] }, '${Fn::FindInMap}'],
  [{ 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }, '${Repo.RepositoryUri}'],
  [{ 'Fn::Join': [':', 7] }, '${Fn::Join}'],
])('what synth cannot know is a placeholder: %j', (value, shown) => {
  // GIVEN
  const { resolver, stack } = resolverWith();
  // WHEN
  const resolved = resolver.resolve(stack, value);
  // THEN
  expect(isKnown(resolved)).toBe(false);
  expect(displayValue(resolved)).toBe(shown);
});

test('a name that refers to itself stays a placeholder instead of recursing', () => {
  // GIVEN
  const { resolver, stack } = resolverWith();
  // WHEN
  const name = resolver.nameOf(stack, 'SelfNamed');
  // THEN
  expect(isKnown(name)).toBe(false);
});

test('an ARN built while its own name was being resolved is not kept: asked later, it has the final name', () => {
  // GIVEN
  const { resolver, stack } = resolverWith();
  const name = resolver.nameOf(stack, 'SelfNamed');
  // WHEN
  const arn = resolver.arnOf(stack, 'SelfNamed');
  // THEN
  expect(arn).toBe(`arn:aws:iam::${ACCOUNT}:user/${name}`);
  expect(resolver.arnOf(stack, 'SelfNamed')).toBe(arn);
});

test.each([
  [20, true],
  [21, false],
])('text %d lists deep is read as it is only within the depth limit (kept: %s)', (depth, kept) => {
  // GIVEN
  const { resolver, stack } = resolverWith();
  let value: unknown = 'ecr:BatchGetImage';
  for (let i = 0; i < depth; i++) value = [value];
  // WHEN
  const resolved = resolver.resolve(stack, value);
  let leaf = resolved;
  for (let i = 0; i < depth; i++) leaf = leaf[0];
  // THEN a document within the limit comes back as it is, not copied; deeper text is not guessed
  expect(resolved === value).toBe(kept);
  expect(isKnown(leaf)).toBe(kept);
});
