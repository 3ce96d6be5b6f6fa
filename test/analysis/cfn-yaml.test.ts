import { parseCfnYaml } from '../../src/analysis/cfn-yaml';

// Short forms from real templates of the corpus (test/checks/corpus/policies.json): parallelcluster-ui
// (`!Sub lambda.${AWS::URLSuffix}`), ecs-refarch (`!GetAtt`, `!Join`, `!Select`/`!Split`).

test.each([
  ['!Sub lambda.${AWS::URLSuffix}', { 'Fn::Sub': 'lambda.${AWS::URLSuffix}' }],
  ['!Ref Repository', { Ref: 'Repository' }],
  ['!GetAtt Repository.Arn', { 'Fn::GetAtt': ['Repository', 'Arn'] }],
  ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
  ['!Join ["", ["arn:", !Ref "AWS::Partition", ":iam::aws:policy/X"]]', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/X']] }],
  ['!Select [1, !Split [":", !Ref Arn]]', { 'Fn::Select': [1, { 'Fn::Split': [':', { Ref: 'Arn' }] }] }],
  ['!Sub\n  - "arn:aws:ecr:${AWS::Region}:${Account}:repository/*"\n  - Account: !Ref Other', { 'Fn::Sub': ['arn:aws:ecr:${AWS::Region}:${Account}:repository/*', { Account: { Ref: 'Other' } }] }],
])('%s is its long form', (yaml, json) => {
  expect(parseCfnYaml(`value: ${yaml}`)).toEqual({ value: json });
});

test('a template in JSON reads the same; invalid YAML throws', () => {
  expect(parseCfnYaml('{"Resources": {"R": {"Type": "AWS::ECR::Repository"}}}')).toEqual({ Resources: { R: { Type: 'AWS::ECR::Repository' } } });
  expect(() => parseCfnYaml('Resources: [unclosed')).toThrow();
});
