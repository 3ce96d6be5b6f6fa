import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { importedSecret, newRegistryStack, registryArn, synthesizedPlatform } from './registry-scenarios';
import { CreationTemplateScenario, EcrRegistry, PullThroughCacheRuleOptions, UpstreamRegistry } from '../../src';
import { PULL } from '../helpers/expected-actions';
import { logicalIdOf, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Pull-through cache rules: the resource, their grants, and bad input (src/registry/pull-through-cache-rule.ts).
// Access itself is decided by the evaluator in oracle.test.ts.

const { scenario, template } = synthesizedPlatform();
const arn = registryArn;

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
    // GIVEN a fresh registry (the scenario's is synthesized already), whose cache no template tags
    const stack = newRegistryStack();
    const cache = new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
    const role = new iam.Role(stack, 'PublicPuller', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    const grant = cache.grantPull(role);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(role) }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: [...PULL, 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'] })] },
    });
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

const OTHER = '222222222222';
const ptcRole = (stack: Stack) => new iam.Role(stack, 'Ptc', { assumedBy: new iam.ServicePrincipal('pullthroughcache.ecr.amazonaws.com') });

describe('pull-through cache rules', () => {
  const ecrPublic = UpstreamRegistry.ecrPublic();
  test.each<[string, (stack: Stack) => PullThroughCacheRuleOptions, RegExp]>([
    ['ROOT as the cache prefix', () => ({ prefix: 'ROOT', upstream: ecrPublic }),
      /prefix: got 'ROOT': would make every repository of the registry a cache of the upstream registry. Fix: give the cache a namespace of its own/],
    ['a prefix longer than 30 characters', () => ({ prefix: 'a-very-long-cache-namespace-name', upstream: ecrPublic }),
      /prefix: got 'a-very-long-cache-namespace-name': is 32 characters long; ECR allows 2 to 30/],
    ['an upper-case prefix', () => ({ prefix: 'Docker_Hub', upstream: ecrPublic }), /prefix: got 'Docker_Hub': is not a repository namespace[^]*Fix: use a prefix such as 'docker_hub'/],
    ['a wildcard prefix', () => ({ prefix: 'cache/*', upstream: ecrPublic }), /prefix: got 'cache\/\*': holds a wildcard[^]*Fix: use 'cache'/],
    ['a URL with a scheme and path', () => ({ prefix: 'ghcr', upstream: UpstreamRegistry.fromUrl('https://ghcr.io/v2/') }),
      /upstream: got 'https:\/\/ghcr.io\/v2\/': is not an upstream registry ECR can cache[^]*Fix: use UpstreamRegistry.gitHubContainerRegistry\(\) \(host 'ghcr.io': no scheme, port or path\)/],
    ['docker.io for Docker Hub', () => ({ prefix: 'dh', upstream: UpstreamRegistry.fromUrl('docker.io') }),
      /upstream: got 'docker.io'[^]*Fix: use UpstreamRegistry.dockerHub\(\) \(host 'registry-1.docker.io'/],
    ['an unsupported registry', () => ({ prefix: 'x', upstream: UpstreamRegistry.fromUrl('registry.example.com') }),
      /upstream: got 'registry.example.com': is not an upstream registry ECR can cache \(public.ecr.aws, registry.k8s.io[^]*Fix: use one of the UpstreamRegistry factories/],
    ['an ECR registry by its dual-stack host', () => ({ prefix: 'x1', upstream: UpstreamRegistry.fromUrl('222222222222.dkr-ecr.eu-west-1.on.aws') }),
      /Fix: use UpstreamRegistry.ecr\('222222222222', 'eu-west-1'\) \(ECR expects the host '222222222222.dkr.ecr.eu-west-1.amazonaws.com'\)/],
    ['ROOT for an upstream other than ECR', () => ({ prefix: 'ROOT', upstream: UpstreamRegistry.quay() }), /\(ROOT is for Amazon ECR upstreams\)/],
    ['an upstream prefix with a ROOT prefix', () => ({ prefix: 'ROOT', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), upstreamPrefix: 'team-a' }),
      /upstreamPrefix: got 'team-a': is set with prefix 'ROOT', but ECR allows an upstream prefix only with a non-ROOT prefix/],
    ['an upstream prefix that is no namespace', () => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), upstreamPrefix: 'Team A' }),
      /upstreamPrefix: got 'Team A': is not a repository namespace/],
    ['an upstream prefix longer than 30 characters', () => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), upstreamPrefix: 'a'.repeat(31) }),
      /upstreamPrefix: got 'a{31}': is 31 characters long; ECR allows 2 to 30/],
    ['an upstream prefix for Docker Hub', (stack) => ({ prefix: 'dh', upstream: UpstreamRegistry.dockerHub(), credentials: importedSecret(stack, 'ecr-pullthroughcache/dh'), upstreamPrefix: 'library' }),
      /upstreamPrefix: got 'library': is for Amazon ECR upstreams, not Docker Hub/],
    ['a role for ECR Public', (stack) => ({ prefix: 'ecr-public', upstream: ecrPublic, role: ptcRole(stack) }),
      /role: got '[^']+': is for Amazon ECR upstreams; ECR reads Amazon ECR Public with its service-linked role/],
    ['sourceAccountCondition for Quay', () => ({ prefix: 'quay', upstream: UpstreamRegistry.quay(), sourceAccountCondition: true }),
      /sourceAccountCondition: got true: is for the role of an Amazon ECR upstream, not Quay/],
    ['credentials for an ECR upstream', (stack) => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), credentials: importedSecret(stack, 'ecr-pullthroughcache/x') }),
      /credentials: got 'a secret': is not accepted for an Amazon ECR upstream, which ECR reads with the rule's role/],
    ['the registry itself as upstream', () => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(REGISTRY_ACCOUNT, REGION) }),
      /upstream: got '111111111111.dkr.ecr.us-east-1.amazonaws.com': is this registry itself/],
    ['an upstream in another partition', () => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'cn-north-1') }),
      /upstream: got 'cn-north-1': is in the partition 'aws-cn', but the registry is in 'aws'; ECR caches ECR registries only within a partition/],
    ['a bad upstream account and region', () => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr('12345', 'us-west-2a') }),
      /upstream: got '12345'[^]*upstream: got 'us-west-2a': is not an AWS region name. Fix: use the region 'us-west-2'/],
    ['a role of another account', (stack) => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), role: iam.Role.fromRoleArn(stack, 'Far', `arn:aws:iam::${OTHER}:role/ptc`) }),
      /role: got 'arn:aws:iam::222222222222:role\/ptc': is in account 222222222222, but ECR assumes only a role of the registry's account \(111111111111\)/],
    ['a role that does not trust the service', (stack) => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), role: new iam.Role(stack, 'Ecs', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }) }),
      /role: got 'S\/Ecs': does not trust 'pullthroughcache.ecr.amazonaws.com'[^]*Fix: create it with assumedBy: new iam.ServicePrincipal\('pullthroughcache.ecr.amazonaws.com'\)/],
    ['sourceAccountCondition with a given role', (stack) => ({ prefix: 'mirror', upstream: UpstreamRegistry.ecr(OTHER, 'us-west-2'), role: ptcRole(stack), sourceAccountCondition: true }),
      /sourceAccountCondition: got true: applies only to the role the rule creates/],
    ['a bad Azure registry name', () => ({ prefix: 'acr', upstream: UpstreamRegistry.azureContainerRegistry('My Images') }),
      /upstream: got 'My Images': is not an Azure container registry name/],
    ['Docker Hub without credentials', () => ({ prefix: 'docker-hub', upstream: UpstreamRegistry.dockerHub() }),
      /credentials: is missing and is required for Docker Hub, which ECR pulls from only with credentials. Fix: pass a Secrets Manager secret named 'ecr-pullthroughcache\/<name>'/],
    ['credentials for ECR Public', (stack) => ({ prefix: 'ecr-public', upstream: ecrPublic, credentials: importedSecret(stack, 'ecr-pullthroughcache/x') }),
      /credentials: got 'a secret': is not accepted for Amazon ECR Public/],
    ['a secret without the required prefix', (stack) => ({ prefix: 'ghcr', upstream: UpstreamRegistry.gitHubContainerRegistry(), credentials: importedSecret(stack, 'github-token') }),
      /credentials: got 'github-token': is not named 'ecr-pullthroughcache\/<name>'[^]*Fix: name the secret 'ecr-pullthroughcache\/github-token'/],
    ['a secret with a generated name', (stack) => ({ prefix: 'gl', upstream: UpstreamRegistry.gitLabContainerRegistry(), credentials: new secretsmanager.Secret(stack, 'Token') }),
      /credentials: got 'S\/Token': has a name CloudFormation generates[^]*Fix: create the secret with secretName: 'ecr-pullthroughcache\/<name>'/],
    ['a secret in another region', (stack) => ({
      prefix: 'quay',
      upstream: UpstreamRegistry.quay(),
      credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Far', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:ecr-pullthroughcache/quay-AbCdEf'),
    }), /credentials: got 'a secret in 111111111111\/eu-west-1': is not in the registry's account and region \(111111111111\/us-east-1\)/],
  ])('%s', (_name, options, message) => {
    const stack = newRegistryStack();
    const registry = new EcrRegistry(stack, 'Registry');
    expect(() => registry.addPullThroughCacheRule('Cache', options(stack))).toThrow(message);
  });

  test('every problem at once', () => {
    const registry = new EcrRegistry(newRegistryStack(), 'Registry');
    expect(() => registry.addPullThroughCacheRule('Cache', { prefix: 'ROOT', upstream: UpstreamRegistry.ecr('1', 'x'), upstreamPrefix: 'Team' }))
      .toThrow(/upstream: got '1'[^]*upstream: got 'x'[^]*upstreamPrefix: got 'Team'/);
  });

  test('tokens are skipped: an upstream account and prefixes known at deploy time', () => {
    const stack = newRegistryStack();
    const account = new CfnParameter(stack, 'UpstreamAccount').valueAsString;
    const prefix = new CfnParameter(stack, 'UpstreamPrefix').valueAsString;
    const rule = new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('Cache', { prefix: 'mirror', upstream: UpstreamRegistry.ecr(account, 'us-west-2'), upstreamPrefix: prefix });
    expect(rule.role).toBeDefined();
    // an upstream account known only at deploy time may be another one: the statement is returned
    expect(rule.upstreamRegistryPolicy()).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', { UpstreamRepositoryPrefix: { Ref: 'UpstreamPrefix' } });
  });

  test('an ECR host given to fromUrl is an ECR upstream', () => {
    const upstream = UpstreamRegistry.fromUrl('222222222222.dkr.ecr.eu-west-1.amazonaws.com');
    expect(upstream.upstreamType).toBe('ecr');
    const rule = new EcrRegistry(newRegistryStack(), 'Registry').addPullThroughCacheRule('Cache', { prefix: 'mirror', upstream });
    expect(rule.upstreamRegistryPolicy()).toBeDefined();
  });

  test('a second rule for the same namespace', () => {
    const registry = new EcrRegistry(newRegistryStack(), 'Registry');
    registry.addPullThroughCacheRule('One', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
    expect(() => registry.addPullThroughCacheRule('Two', { prefix: 'ecr-public/', upstream: UpstreamRegistry.kubernetes() }))
      .toThrow(/prefix: got 'ecr-public\/': already has a pull-through cache rule in this registry \('S\/Registry\/ecr-public'\)/);
  });

  test('grantPull to a principal of another account points to allowAccountPull', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const other = new Stack(app, 'W', { env: { account: '222222222222', region: REGION } });
    const cache = new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('Cache', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
    expect(() => cache.grantPull(new iam.Role(other, 'R', { assumedBy: new iam.AccountRootPrincipal() })))
      .toThrow(/grantee: got 'a principal of account 222222222222': is not in the registry's account \(111111111111\). Fix: call allowAccountPull\('222222222222'\)/);
    expect(() => cache.grantPull(new iam.ServicePrincipal('lambda.amazonaws.com'))).toThrow(/has no account \(a service principal\?\)/);
  });
});

test('a ROOT cache of an ECR upstream tags (and grants ecr:TagResource) when any pull-through cache template of the registry tags', () => {
  // GIVEN a ROOT cache, and a template for team-a/ that tags the repositories ECR creates there
  const stack = new Stack(new App(), 'Root', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  const registry = new EcrRegistry(stack, 'Registry');
  const cache = registry.addPullThroughCacheRule('West', { prefix: 'ROOT', upstream: UpstreamRegistry.ecr(REGISTRY_ACCOUNT, 'us-west-2') });
  registry.addCreationTemplate('TeamA', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE], resourceTags: { team: 'a' } });
  const role = new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() });
  // WHEN
  cache.grantPull(role);
  // THEN
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: logicalIdOf(role) }],
    PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['ecr:TagResource']), Resource: arn('*') })] },
  });
});
