import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { basicScanning, DR_ACCOUNT, DR_REGION, PARTNER_ACCOUNT, platformRegistry } from './registry-scenarios';
import { CiProvider, CreationTemplateScenario, EcrAccessChecks, EcrCiPrincipal, EcrRegistry, PushableRepository, UpstreamRegistry } from '../../src';
import { stackTemplates } from '../helpers/assembly';
import { CI_ACCOUNT, logicalIdOf, ORG_ID, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// What the registry constructs write, feature by feature, and why it matters. Access itself is
// decided by the evaluator in oracle.test.ts.

// Whole-template snapshots guard logical ids: a changed id replaces the registry policy, a rule or a
// template (CloudFormation deletes and recreates the registry-level setting). `npm test` never
// rewrites them; after an intended change, run `npx projen test:update -- test/registry/registry.test.ts`.
test.each([
  ['snapshot: every registry-level feature, and a destination registry in another account', platformRegistry],
  ['snapshot: basic scanning alone', basicScanning],
])('%s', (_name, build) => {
  expect(stackTemplates(build().app)).toMatchSnapshot();
});

const scenario = platformRegistry();
const assembly = scenario.app.synth();
const template = Template.fromStack(scenario.stack);
const drTemplate = Template.fromStack(scenario.drStack);

/** The annotations of a stack of the scenario, from the one synthesis (Annotations.fromStack synthesizes again each time). */
function messages(stack: Stack, level: 'warning' | 'info', path?: string): string[] {
  return assembly.getStackArtifact(stack.artifactId).messages
    .filter((m) => m.level === level && (path === undefined || m.id === path))
    .map((m) => String(m.entry.data));
}
const arn = (name: string, account = REGISTRY_ACCOUNT, region = REGION) => `arn:aws:ecr:${region}:${account}:repository/${name}`;

describe('scanning', () => {
  test('enhanced scanning: continuous for prod/*, on push for everything else', () => {
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [
        { ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'prod/*', FilterType: 'WILDCARD' }] },
        { ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] },
      ],
    });
  });

  test('RegistryScanning.basic() scans every repository on push', () => {
    Template.fromStack(basicScanning().stack).hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'BASIC',
      Rules: [{ ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }],
    });
  });

  test('without scanning, the registry\'s existing configuration is left alone (no resource)', () => {
    drTemplate.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
  });
});

describe('replication', () => {
  test('one configuration with every rule, in the order added; the destination account defaults to this one', () => {
    template.resourceCountIs('AWS::ECR::ReplicationConfiguration', 1);
    template.hasResourceProperties('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: {
        Rules: [
          {
            Destinations: [{ Region: 'us-west-2', RegistryId: REGISTRY_ACCOUNT }, { Region: DR_REGION, RegistryId: DR_ACCOUNT }],
            RepositoryFilters: [{ Filter: 'prod/', FilterType: 'PREFIX_MATCH' }],
          },
          { Destinations: [{ Region: 'ap-south-1', RegistryId: PARTNER_ACCOUNT }], RepositoryFilters: [{ Filter: 'shared/', FilterType: 'PREFIX_MATCH' }] },
        ],
      },
    });
  });

  test('the destination registry in the app allows exactly the source account to replicate (and create) what the rule replicates', () => {
    drTemplate.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: {
        Statement: [{
          Sid: `AllowReplicationFromAccount${REGISTRY_ACCOUNT}prod`,
          Effect: 'Allow',
          Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${REGISTRY_ACCOUNT}:root`]] } },
          Resource: arn('prod/*', DR_ACCOUNT, DR_REGION),
        }],
      },
    });
  });

  test('same-account cross-region replication writes no registry policy statement', () => {
    const policy = scenario.stack.resolve(scenario.registry.registryPolicy.toJSON());
    expect(JSON.stringify(policy)).not.toContain('ecr:ReplicateImage');
  });

  test('a destination outside the app: a warning with the exact statement its registry policy needs', () => {
    const warnings = messages(scenario.stack, 'warning', '/Platform/Registry').filter((m) => m.includes('replicationRegistryPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = warnings[0];
    expect(message).toContain(`Replication to account ${PARTNER_ACCOUNT} in ap-south-1`);
    expect(JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1))).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: `AllowReplicationFromAccount${REGISTRY_ACCOUNT}shared`,
        Effect: 'Allow',
        Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
        Principal: { AWS: `arn:aws:iam::${REGISTRY_ACCOUNT}:root` },
        Resource: arn('shared/*', PARTNER_ACCOUNT, 'ap-south-1'),
      }],
    });
  });

  test('the destination registry may be defined after the source; the link is made at synth', () => {
    const app = new App();
    const source = new EcrRegistry(new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Registry', {
      replicationRules: [{ destinations: [{ region: DR_REGION, account: DR_ACCOUNT }] }],
    });
    const dr = new Stack(app, 'D', { env: { account: DR_ACCOUNT, region: DR_REGION } });
    new EcrRegistry(dr, 'Registry');
    Template.fromStack(dr).hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: { Statement: [Match.objectLike({ Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: arn('*', DR_ACCOUNT, DR_REGION) })] },
    });
    Annotations.fromStack(Stack.of(source)).hasNoWarning('*', Match.anyValue());
  });
});

describe('pull-through cache', () => {
  test('rules with the upstream URL and type ECR expects; credentials by secret ARN', () => {
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws', UpstreamRegistry: 'ecr-public', CredentialArn: Match.absent(),
    });
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'docker-hub',
      UpstreamRegistryUrl: 'registry-1.docker.io',
      UpstreamRegistry: 'docker-hub',
      CredentialArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:${REGION}:${REGISTRY_ACCOUNT}:secret:ecr-pullthroughcache/docker-hub`]] },
    });
  });

  test('grantPull: pull, import and create on the cache namespace only, tagging because the template tags; login on * apart', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(scenario.taskRole) }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:TagResource'],
          Resource: arn('docker-hub/*'),
        }],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(scenario.taskRole) }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }] },
    });
  });

  test('grantPull without a tagging template grants no ecr:TagResource', () => {
    const role = new iam.Role(scenario.stack, 'PublicPuller', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = scenario.ecrPublic.grantPull(role);
    expect(grant.principalStatements.flatMap((s) => s.actions)).not.toContain('ecr:TagResource');
  });

  test('allowAccountPull: the registry policy lets the account pull, import, create (and tag, for the template) under the cache namespace', () => {
    const actions = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:TagResource'];
    template.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: {
        Statement: Match.arrayWith([{
          Sid: `AllowPullThroughCacheFromAccount${WORKLOAD_ACCOUNT}dockerhub`,
          Effect: 'Allow',
          Action: actions,
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:root`]] } },
          Resource: arn('docker-hub/*'),
        }]),
      },
    });
    expect(scenario.stack.resolve(scenario.cachePullPolicy.toJSON()).Statement).toEqual([
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
      { Action: actions, Effect: 'Allow', Resource: arn('docker-hub/*') },
    ]);
  });

  test('a secret created in the app with the required name is referenced by its ARN', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const secret = new secretsmanager.Secret(stack, 'Token', { secretName: 'ecr-pullthroughcache/ghcr' });
    new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('Ghcr', { prefix: 'ghcr', upstream: UpstreamRegistry.fromUrl('ghcr.io'), credentials: secret });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      UpstreamRegistry: 'github-container-registry', CredentialArn: { Ref: logicalIdOf(secret) },
    });
  });
});

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

describe('registry policy (scope V2)', () => {
  test('organization pull on a namespace: Principal * limited by aws:PrincipalOrgID, the pull actions, base/* only', () => {
    template.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: {
        Statement: Match.arrayWith([{
          Sid: `AllowPullFromOrganization${ORG_ID.replace('-', '')}base`,
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Principal: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
          Resource: arn('base/*'),
        }]),
      },
    });
  });

  test('account push on a namespace: AWS\'s push set for the account, ci/* only', () => {
    template.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: `AllowPushFromAccount${CI_ACCOUNT}ci`,
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
          Resource: arn('ci/*'),
        })]),
      },
    });
  });

  test('one registry policy resource for every grant; an info note on scope V2 for pull and push grants', () => {
    template.resourceCountIs('AWS::ECR::RegistryPolicy', 1);
    expect(scenario.stack.resolve(scenario.registry.registryPolicy.toJSON()).Statement).toHaveLength(3);
    expect(messages(scenario.stack, 'info', '/Platform/Registry')).toEqual([expect.stringContaining('REGISTRY_POLICY_SCOPE --value V2')]);
  });

  test('each statement once: the same grant again (base or base/) adds nothing and returns the same identity policy', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Registry', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const registry = new EcrRegistry(stack, 'Registry');
    const first = registry.allowOrganizationPull(ORG_ID, { namespace: 'base' });
    // WHEN
    const second = registry.allowOrganizationPull(ORG_ID, { namespace: 'base/' });
    // THEN
    expect(stack.resolve(registry.registryPolicy.toJSON()).Statement).toHaveLength(1);
    expect(stack.resolve(second.toJSON())).toEqual(stack.resolve(first.toJSON()));
    Template.fromStack(stack).resourceCountIs('AWS::ECR::RegistryPolicy', 1);
  });

  test('a text pattern written with its *: the repositories whose names start with the text, with a Sid of its own', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Registry', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    const identity = registry.allowAccountPull(CI_ACCOUNT, { namespace: 'ci-*' });
    registry.allowAccountPull(CI_ACCOUNT, { namespace: 'ci' });
    // THEN
    expect(stack.resolve(registry.registryPolicy.toJSON()).Statement.map((s: { Sid: string; Resource: string }) => [s.Sid, s.Resource])).toEqual([
      [`AllowPullFromAccount${CI_ACCOUNT}ciPrefix`, arn('ci-*')],
      [`AllowPullFromAccount${CI_ACCOUNT}ci`, arn('ci/*')],
    ]);
    expect(stack.resolve(identity.toJSON()).Statement[1].Resource).toEqual(arn('ci-*'));
  });

  test.each<[string, (registry: EcrRegistry) => iam.AddToResourcePolicyResult]>([
    ['allowReplicationFrom', (registry) => registry.allowReplicationFrom(DR_ACCOUNT, { repositoryPrefixes: ['prod/'] })],
    ['addToRegistryPolicy', (registry) => registry.addToRegistryPolicy(new iam.PolicyStatement({
      sid: 'Partner', actions: ['ecr:BatchGetImage'], principals: [new iam.AccountPrincipal(PARTNER_ACCOUNT)], resources: [arn('shared/*')],
    }))],
  ])('%s returns the AddToResourcePolicyResult: added, the registry policy resource depends on it; the same statement again is written once', (_name, add) => {
    // GIVEN
    const stack = new Stack(new App(), 'Registry', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    const first = add(registry);
    const second = add(registry);
    // THEN
    const resource = registry.node.findChild('Policy');
    expect(first).toEqual({ statementAdded: true, policyDependable: resource });
    expect(second).toEqual({ statementAdded: true, policyDependable: resource });
    expect(stack.resolve(registry.registryPolicy.toJSON()).Statement).toHaveLength(1);
  });

  test('replication alone needs no V2 note', () => {
    expect(messages(scenario.drStack, 'info')).toEqual([]);
  });
});

describe('one registry per account and region', () => {
  test('a second EcrRegistry for the same account and region is refused, naming the first', () => {
    const app = new App();
    new EcrRegistry(new Stack(app, 'A', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Registry');
    expect(() => new EcrRegistry(new Stack(app, 'B', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Registry'))
      .toThrow(/is a second EcrRegistry for the registry of account 111111111111 in us-east-1, which 'A\/Registry' already manages[^]*Fix: use 'A\/Registry' instead/);
  });

  test('a second one in the same stack is refused, even environment-agnostic', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new EcrRegistry(stack, 'One');
    expect(() => new EcrRegistry(stack, 'Two')).toThrow(/second EcrRegistry for the registry of account \(deploy-time\) in \(deploy-time\)/);
  });

  test('other regions and accounts each get their own', () => {
    const app = new App();
    new EcrRegistry(new Stack(app, 'A', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Registry');
    expect(() => new EcrRegistry(new Stack(app, 'B', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } }), 'Registry')).not.toThrow();
    expect(() => new EcrRegistry(new Stack(app, 'C', { env: { account: DR_ACCOUNT, region: REGION } }), 'Registry')).not.toThrow();
  });
});

describe('EcrCiPrincipal.allowCreateOnPush', () => {
  test('the push set and ecr:CreateRepository on the namespace, nothing else; login on * in its own policy', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(scenario.builder.role) }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          // sorted: the CI role's statements are packed (one statement per action set, actions sorted)
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:CreateRepository', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
          Resource: arn('team-a/*'),
        }],
      },
    });
  });

  test('no warning when the app\'s registry has a CREATE_ON_PUSH template for the namespace', () => {
    expect(messages(scenario.stack, 'warning', '/Platform/TeamABuilder')).toEqual([]);
  });

  test.each([
    ['no registry in the app', false, /no EcrRegistry of this app has a repository creation template with CREATE_ON_PUSH for 'team-b'/],
    ['a registry without a template for it', true, /the EcrRegistry 'S\/Registry' has no repository creation template with CREATE_ON_PUSH for 'team-b'/],
  ])('a warning when %s', (_name, withRegistry, message) => {
    const stack = new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    if (withRegistry) {
      new EcrRegistry(stack, 'Registry').addCreationTemplate('Other', { prefix: 'team-b', appliedFor: [CreationTemplateScenario.REPLICATION] });
    }
    new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'x', branches: ['main'] }) }).allowCreateOnPush('team-b/');
    Annotations.fromStack(stack).hasWarning('/S/Ci', Match.stringLikeRegexp(message.source));
  });

  test('a push-only principal gets no ecr:CreateRepository', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalIdOf(scenario.pusher.role) }] } }))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements)).not.toContain('CreateRepository');
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

test('a tagging template for a cache, added after the grants, adds ecr:TagResource to every grant of the rule', () => {
  const stack = new Stack(new App(), 'Tags', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  const registry = new EcrRegistry(stack, 'Registry');
  const cache = registry.addPullThroughCacheRule('Quay', { prefix: 'quay', upstream: UpstreamRegistry.quay() });
  const role = new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() });
  cache.grantPull(role);
  const identity = cache.allowAccountPull(WORKLOAD_ACCOUNT);
  registry.addCreationTemplate('QuayTemplate', { prefix: 'quay', appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE], resourceTags: { team: 'x' } });
  const synthesized = Template.fromStack(stack);
  const tagged = Match.arrayWith(['ecr:TagResource']);
  synthesized.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: logicalIdOf(role) }], PolicyDocument: { Statement: [Match.objectLike({ Action: tagged })] } });
  synthesized.hasResourceProperties('AWS::ECR::RegistryPolicy', { PolicyText: { Statement: [Match.objectLike({ Action: tagged })] } });
  expect(stack.resolve(identity.toJSON()).Statement[1].Action).toContain('ecr:TagResource');
});

test('EcrAccessChecks finds nothing in what the registry constructs write (the replication warning is the library\'s own)', () => {
  const { app } = platformRegistry();
  Aspects.of(app).add(new EcrAccessChecks());
  const findings = app.synth().stacksRecursively.flatMap((s) => s.messages).map((m) => String(m.entry.data)).filter((t) => t.startsWith('[cdk-ecr-access:'));
  expect(findings).toEqual([]);
});
