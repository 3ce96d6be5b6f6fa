import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { newRegistryStack, registryArn, synthesizedPlatform } from './registry-scenarios';
import { CreationTemplateScenario, EcrRegistry, PushableRepository, RepositoryCreationTemplateOptions } from '../../src';
import { logicalIdOf, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Repository creation templates: the resource, their role and policy, and bad input
// (src/registry/creation-template.ts). Access itself is decided by the evaluator in oracle.test.ts.

const { scenario, template } = synthesizedPlatform();
const arn = registryArn;

describe('creation templates', () => {
  const templates = template.findResources('AWS::ECR::RepositoryCreationTemplate');
  const byPrefix = (prefix: string) => Object.values(templates).find((t) => t.Properties.Prefix === prefix)!.Properties;
  const repository = Template.fromStack(scenario.stack).findResources('AWS::ECR::Repository');

  test('the same lifecycle as a PushableRepository: untagged images not pulled for 30 days are archived, nothing is deleted', () => {
    const pushable = Object.values(repository)[0].Properties.LifecyclePolicy.LifecyclePolicyText;
    expect(byPrefix('team-a').LifecyclePolicy).toEqual(pushable);
    expect(JSON.parse(byPrefix('team-a').LifecyclePolicy).rules).toEqual([{
      rulePriority: 1,
      description: 'Archive untagged images not pulled for 30 days; never deletes an image or touches a tagged one',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePulled', countNumber: 30, countUnit: 'days' },
      action: { type: 'transition', targetStorageClass: 'archive' },
    }]);
  });

  test('immutable tags, with the mutableTags exceptions; AES-256 unless a key is given', () => {
    expect(byPrefix('team-a')).toMatchObject({
      AppliedFor: ['CREATE_ON_PUSH', 'REPLICATION'],
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'latest' }],
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [logicalIdOf(scenario.key), 'Arn'] } },
    });
    expect(byPrefix('docker-hub').EncryptionConfiguration).toEqual({ EncryptionType: 'AES256' });
    const plain = new EcrRegistry(new Stack(new App(), 'P'), 'Registry').addCreationTemplate('Root', { prefix: 'ROOT', appliedFor: [CreationTemplateScenario.REPLICATION] });
    const rendered = Template.fromStack(Stack.of(plain)).findResources('AWS::ECR::RepositoryCreationTemplate');
    expect(Object.values(rendered)[0].Properties).toMatchObject({ Prefix: 'ROOT', ImageTagMutability: 'IMMUTABLE' });
    expect(Object.values(rendered)[0].Properties.CustomRoleArn).toBeUndefined();
  });

  test('a KMS key gets a role ECR assumes: create and replicate under team-a/ only, and the three KMS actions on that key', () => {
    const role = scenario.teamA.role as iam.Role;
    expect(byPrefix('team-a').CustomRoleArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(role), 'Arn'] });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecr.amazonaws.com' } }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(role) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: arn('team-a/*') },
          { Effect: 'Allow', Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'], Resource: { 'Fn::GetAtt': [logicalIdOf(scenario.key), 'Arn'] } },
        ],
      },
    });
  });

  test('resource tags get a role too, allowed to tag (and not to replicate: the template is not for replication)', () => {
    const role = Object.values(templates).find((t) => t.Properties.Prefix === 'docker-hub')!.Properties.CustomRoleArn['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['ecr:CreateRepository', 'ecr:TagResource'], Resource: arn('docker-hub/*') }] },
    });
    expect(byPrefix('docker-hub').ResourceTags).toEqual([{ Key: 'cost-center', Value: 'platform' }]);
  });

  test('allowAccountPull writes the repository policy of every created repository and returns the identity policy for the namespace', () => {
    const policy = byPrefix('team-a').RepositoryPolicy;
    expect(JSON.parse(scenario.stack.resolve(policy)['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'aws')).join(''))).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: `AllowPullFromAccount${WORKLOAD_ACCOUNT}`,
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
      }],
    });
    expect(scenario.stack.resolve(scenario.teamAPullPolicy.toJSON()).Statement[1].Resource).toEqual(arn('team-a/*'));
    expect(byPrefix('docker-hub').RepositoryPolicy).toBeUndefined();
  });

  test('addToRepositoryPolicy returns the AddToResourcePolicyResult, and the statement is in every created repository\'s policy', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Registry', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const team = new EcrRegistry(stack, 'Registry').addCreationTemplate('Team', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
    // WHEN
    const result = team.addToRepositoryPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)] }));
    // THEN
    expect(result).toEqual({ statementAdded: true });
    expect(stack.resolve(team.repositoryPolicy.toJSON()).Statement).toEqual([expect.objectContaining({ Action: 'ecr:BatchGetImage' })]);
    expect(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate')[logicalIdOf(team)].Properties.RepositoryPolicy)
      .toEqual({ 'Fn::Join': ['', expect.arrayContaining([expect.stringContaining('"Action":"ecr:BatchGetImage"')])] });
  });

  test('creationTemplateFor: the longest matching prefix, then ROOT', () => {
    const registry = new EcrRegistry(new Stack(new App(), 'T'), 'Registry');
    const root = registry.addCreationTemplate('Root', { prefix: 'ROOT', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
    const team = registry.addCreationTemplate('Team', { prefix: 'team-a/', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
    const tools = registry.addCreationTemplate('Tools', { prefix: 'team-a/tools', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
    expect(registry.creationTemplateFor('team-a/tools/x', CreationTemplateScenario.CREATE_ON_PUSH)).toBe(tools);
    expect(registry.creationTemplateFor('team-a', CreationTemplateScenario.CREATE_ON_PUSH)).toBe(team);
    expect(registry.creationTemplateFor('team-ab', CreationTemplateScenario.CREATE_ON_PUSH)).toBe(root);
    expect(registry.creationTemplateFor('team-a', CreationTemplateScenario.REPLICATION)).toBeUndefined();
  });
});

test('the lifecycle rules of a template are ordered like ecr.Repository: explicit priorities, then the rest, ANY last', () => {
  const registry = new EcrRegistry(new Stack(new App(), 'L'), 'Registry');
  registry.addCreationTemplate('T', {
    prefix: 'x',
    appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE],
    lifecycleRules: [
      { maxImageCount: 100 },
      { tagPatternList: ['release-*'], maxImageCount: 50, rulePriority: 3 },
      { tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
    ],
  });
  const rendered = Object.values(Template.fromStack(Stack.of(registry)).findResources('AWS::ECR::RepositoryCreationTemplate'))[0];
  const rules = JSON.parse(rendered.Properties.LifecyclePolicy).rules;
  expect(rules.map((r: { rulePriority: number; selection: { tagStatus: string } }) => [r.rulePriority, r.selection.tagStatus]))
    .toEqual([[3, 'tagged'], [4, 'untagged'], [5, 'any']]);
  // the same rules on a repository render the same way
  const repository = new PushableRepository(new Stack(new App(), 'R'), 'Repo', {
    lifecycleRules: [
      { maxImageCount: 100 },
      { tagPatternList: ['release-*'], maxImageCount: 50, rulePriority: 3 },
      { tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
    ],
  });
  const text = Template.fromStack(Stack.of(repository)).findResources('AWS::ECR::Repository');
  expect(JSON.parse(Object.values(text)[0].Properties.LifecyclePolicy.LifecyclePolicyText)).toEqual(JSON.parse(rendered.Properties.LifecyclePolicy));
});

describe('creation templates', () => {
  const base: RepositoryCreationTemplateOptions = { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] };
  test.each<[string, Partial<RepositoryCreationTemplateOptions>, RegExp]>([
    ['a wildcard prefix', { prefix: 'team-*' }, /prefix: got 'team-\*': holds a wildcard, but ECR matches a prefix as a namespace/],
    ['root in lower case', { prefix: 'root' }, /prefix: got 'root': is not 'ROOT' \(the registry-wide prefix is upper case\). Fix: use 'ROOT'/],
    ['a prefix with a double slash', { prefix: 'team-a//x' }, /prefix: got 'team-a\/\/x': is not a repository namespace/],
    ['no scenario', { appliedFor: [] }, /appliedFor: got \[\]: must say when ECR applies the template/],
    ['a scenario twice', { appliedFor: [CreationTemplateScenario.REPLICATION, CreationTemplateScenario.REPLICATION] }, /appliedFor: .* lists a scenario twice/],
    ['an unknown scenario', { appliedFor: ['ON_PULL' as CreationTemplateScenario] }, /appliedFor\[0\]: got 'ON_PULL': is not a creation template scenario/],
    ['six mutable tag patterns', { mutableTags: ['a', 'b', 'c', 'd', 'e', 'f'] }, /mutableTags: .* lists 6 patterns; ECR allows at most 5/],
    ['a mutable tag with a space', { mutableTags: ['my tag'] }, /mutableTags\[0\]: got 'my tag': is not a valid image tag pattern/],
    ['untaggedImageExpiry with lifecycleRules', { lifecycleRules: [{ maxImageCount: 5 }], untaggedImageExpiry: Duration.days(3) },
      /untaggedImageExpiry: got 'Duration.days\(3\)': only shapes the default lifecycle rule/],
    ['a lifecycle rule with both age and count', { lifecycleRules: [{ maxImageCount: 5, maxImageAge: Duration.days(1) }] }, /must set exactly one of maxImageAge and maxImageCount/],
    ['an aws: tag key', { resourceTags: { 'aws:team': 'a' } }, /resourceTags\['aws:team'\]: got 'aws:team': is not a tag key you can set/],
    ['a long description', { description: 'x'.repeat(300) }, /description: .* is 300 characters long; ECR allows 256/],
  ])('%s', (_name, options, message) => {
    const registry = new EcrRegistry(newRegistryStack(), 'Registry');
    expect(() => registry.addCreationTemplate('T', { ...base, ...options })).toThrow(message);
  });

  test('a second template for the same namespace, written with a trailing slash', () => {
    const registry = new EcrRegistry(newRegistryStack(), 'Registry');
    registry.addCreationTemplate('One', base);
    expect(() => registry.addCreationTemplate('Two', { ...base, prefix: 'team-a/' })).toThrow(/prefix: got 'team-a\/': already has a creation template in this registry/);
  });

  test('a repository policy statement that names resources', () => {
    const teamA = new EcrRegistry(newRegistryStack(), 'Registry').addCreationTemplate('T', base);
    expect(() => teamA.addToRepositoryPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], resources: ['*'], principals: [new iam.AccountRootPrincipal()] })))
      .toThrow(/statement: got \["\*"\]: names resources, which a repository policy does not/);
  });
});
