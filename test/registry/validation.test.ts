import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  CiProvider, CreationTemplateScenario, EcrCiPrincipal, EcrRegistry, EcrRegistryProps, PullThroughCacheRuleOptions, RegistryScanning,
  RepositoryCreationTemplateOptions, ScanFrequency, UpstreamRegistry,
} from '../../src';
import { REGION, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Bad input is a synth-time error naming the property, the bad value and the fix, every problem at
// once, thrown where the user wrote it; deploy-time values are never judged at synth.

function newStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
}
const secret = (stack: Stack, name: string) => secretsmanager.Secret.fromSecretNameV2(stack, `Secret${stack.node.children.length}`, name);

describe('EcrRegistry props', () => {
  test.each<[string, EcrRegistryProps, RegExp]>([
    ['continuous scanning with basic scanning', { scanning: RegistryScanning.basic([{ frequency: ScanFrequency.CONTINUOUS_SCAN }]) },
      /scanning.rules\[0\].frequency: got 'CONTINUOUS_SCAN': needs enhanced scanning[^]*Fix: use RegistryScanning.enhanced/],
    ['two rules for one frequency', { scanning: RegistryScanning.enhanced([{ frequency: ScanFrequency.SCAN_ON_PUSH }, { frequency: ScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['a'] }]) },
      /scanning.rules\[1\].frequency: got 'SCAN_ON_PUSH': is used by another rule too/],
    ['a scanning filter with upper case and a space', { scanning: RegistryScanning.basic([{ frequency: ScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['Prod Apps/*'] }]) },
      /repositoryFilters\[0\]: got 'Prod Apps\/\*': is not a scanning filter[^]*Fix: use a pattern such as 'prod-apps\/\*'/],
    ['an empty scanning filter list', { scanning: RegistryScanning.basic([{ frequency: ScanFrequency.SCAN_ON_PUSH, repositoryFilters: [] }]) },
      /repositoryFilters: got \[\]: is empty, so the rule would scan nothing/],
    ['a region without its dashes', { replicationRules: [{ destinations: [{ region: 'uswest2' }] }] },
      /destinations\[0\].region: got 'uswest2': is not an AWS region name. Fix: use 'us-west-2'/],
    ['an Availability Zone for a region', { replicationRules: [{ destinations: [{ region: 'us-west-2a' }] }] },
      /region: got 'us-west-2a': is not an AWS region name. Fix: use the region 'us-west-2' \(the letter at the end names an Availability Zone\)/],
    ['an upper-case region', { replicationRules: [{ destinations: [{ region: 'EU-WEST-1' }] }] }, /Fix: use 'eu-west-1' \(region names are lower case\)/],
    ['a short account id', { replicationRules: [{ destinations: [{ region: 'eu-west-1', account: '1234-5678' }] }] },
      /destinations\[0\].account: got '1234-5678': is not an AWS account id \(exactly 12 digits\)/],
    ['replicating onto itself', { replicationRules: [{ destinations: [{ region: REGION }] }] },
      /destinations\[0\]: got \{"region":"us-east-1"\}: is this registry itself[^]*Fix: name another region, or another account/],
    ['a destination twice', { replicationRules: [{ destinations: [{ region: 'eu-west-1' }, { region: 'eu-west-1', account: REGISTRY_ACCOUNT }] }] },
      /destinations\[1\]: .* is listed twice in this rule/],
    ['no destination', { replicationRules: [{ destinations: [] }] }, /replicationRules\[0\].destinations: got \[\]: is empty/],
    ['a wildcard replication prefix', { replicationRules: [{ destinations: [{ region: 'eu-west-1' }], repositoryPrefixes: ['team-*'] }] },
      /repositoryPrefixes\[0\]: got 'team-\*': is not a replication filter[^]*no wildcards\)\. Fix: use a name prefix such as 'team'/],
    ['eleven replication rules', { replicationRules: Array.from({ length: 11 }, () => ({ destinations: [{ region: 'eu-west-1' }] })) },
      /replicationRules: got '11 rules': has more than 10 rules/],
  ])('%s', (_name, props, message) => {
    expect(() => new EcrRegistry(newStack(), 'Registry', props)).toThrow(message);
  });

  test('every problem at once, with the construct path', () => {
    expect(() => new EcrRegistry(newStack(), 'Registry', {
      replicationRules: [{ destinations: [{ region: 'useast', account: 'x' }], repositoryPrefixes: [''] }],
    })).toThrow(/^Invalid EcrRegistry props at 'S\/Registry' \(3 problems\):\n {2}- replicationRules\[0\]\.destinations\[0\]\.region[^]*\n {2}- [^]*account[^]*\n {2}- [^]*repositoryPrefixes\[0\]/);
  });

  test('addReplicationRule checks the rule where it is called', () => {
    const registry = new EcrRegistry(newStack(), 'Registry');
    expect(() => registry.addReplicationRule({ destinations: [{ region: 'eu-west-1', account: '12345678901' }] }))
      .toThrow(/Invalid EcrRegistry.addReplicationRule\(\) at 'S\/Registry' \(1 problem\):\n {2}- rule\[0\]\.destinations\[0\]\.account: got '12345678901'/);
  });
});

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
    ['another ECR registry', () => ({ prefix: 'x1', upstream: UpstreamRegistry.fromUrl('222222222222.dkr.ecr.eu-west-1.amazonaws.com') }),
      /Fix: copy images between ECR registries with replication rules/],
    ['a bad Azure registry name', () => ({ prefix: 'acr', upstream: UpstreamRegistry.azureContainerRegistry('My Images') }),
      /upstream: got 'My Images': is not an Azure container registry name/],
    ['Docker Hub without credentials', () => ({ prefix: 'docker-hub', upstream: UpstreamRegistry.dockerHub() }),
      /credentials: is missing and is required for Docker Hub, which ECR pulls from only with credentials. Fix: pass a Secrets Manager secret named 'ecr-pullthroughcache\/<name>'/],
    ['credentials for ECR Public', (stack) => ({ prefix: 'ecr-public', upstream: ecrPublic, credentials: secret(stack, 'ecr-pullthroughcache/x') }),
      /credentials: got 'a secret': is not accepted for Amazon ECR Public/],
    ['a secret without the required prefix', (stack) => ({ prefix: 'ghcr', upstream: UpstreamRegistry.gitHubContainerRegistry(), credentials: secret(stack, 'github-token') }),
      /credentials: got 'github-token': is not named 'ecr-pullthroughcache\/<name>'[^]*Fix: name the secret 'ecr-pullthroughcache\/github-token'/],
    ['a secret with a generated name', (stack) => ({ prefix: 'gl', upstream: UpstreamRegistry.gitLabContainerRegistry(), credentials: new secretsmanager.Secret(stack, 'Token') }),
      /credentials: got 'S\/Token': has a name CloudFormation generates[^]*Fix: create the secret with secretName: 'ecr-pullthroughcache\/<name>'/],
    ['a secret in another region', (stack) => ({
      prefix: 'quay',
      upstream: UpstreamRegistry.quay(),
      credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Far', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:ecr-pullthroughcache/quay-AbCdEf'),
    }), /credentials: got 'a secret in 111111111111\/eu-west-1': is not in the registry's account and region \(111111111111\/us-east-1\)/],
  ])('%s', (_name, options, message) => {
    const stack = newStack();
    const registry = new EcrRegistry(stack, 'Registry');
    expect(() => registry.addPullThroughCacheRule('Cache', options(stack))).toThrow(message);
  });

  test('a second rule for the same namespace', () => {
    const registry = new EcrRegistry(newStack(), 'Registry');
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
    const registry = new EcrRegistry(newStack(), 'Registry');
    expect(() => registry.addCreationTemplate('T', { ...base, ...options })).toThrow(message);
  });

  test('a second template for the same namespace, written with a trailing slash', () => {
    const registry = new EcrRegistry(newStack(), 'Registry');
    registry.addCreationTemplate('One', base);
    expect(() => registry.addCreationTemplate('Two', { ...base, prefix: 'team-a/' })).toThrow(/prefix: got 'team-a\/': already has a creation template in this registry/);
  });

  test('a repository policy statement that names resources', () => {
    const template = new EcrRegistry(newStack(), 'Registry').addCreationTemplate('T', base);
    expect(() => template.addToRepositoryPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], resources: ['*'], principals: [new iam.AccountRootPrincipal()] })))
      .toThrow(/statement: got \["\*"\]: names resources, which a repository policy does not/);
  });
});

describe('registry policy grants', () => {
  test.each<[string, (registry: EcrRegistry) => unknown, RegExp]>([
    ['the registry\'s own account', (r) => r.allowAccountPull(REGISTRY_ACCOUNT), /accountId: got '111111111111': is the registry's own account, whose principals need only an identity policy/],
    ['a root id for an organization', (r) => r.allowOrganizationPull('r-ab12'), /organizationId: got 'r-ab12': is not an AWS Organizations id/],
    ['a wildcard before the end of the namespace', (r) => r.allowAccountPush('333333333333', { namespace: 'ci*/x' }),
      /namespace: got 'ci\*\/x': holds a wildcard before its end[^]*Fix: use 'ci\*' for the names that start with 'ci', or 'ci\/' for the namespace/],
    ['ROOT as a namespace', (r) => r.allowAccountPull('333333333333', { namespace: 'ROOT' }), /namespace: got 'ROOT': is not a namespace. Fix: omit namespace/],
    ['a bad source account', (r) => r.allowReplicationFrom('acct-1'), /sourceAccountId: got 'acct-1': is not an AWS account id/],
  ])('%s', (_name, call, message) => {
    expect(() => call(new EcrRegistry(newStack(), 'Registry'))).toThrow(message);
  });
});

describe('EcrCiPrincipal.allowCreateOnPush', () => {
  const ci = () => new EcrCiPrincipal(newStack(), 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'x', branches: ['main'] }) });
  test.each([
    ['ROOT', /prefix: got 'ROOT': would let the CI create any repository of the registry. Fix: pass the namespace it owns/],
    ['team-*', /prefix: got 'team-\*': holds a wildcard/],
    ['Team-A', /prefix: got 'Team-A': is not a repository namespace[^]*Fix: use a prefix such as 'team-a'/],
    [undefined, /prefix: is missing and must name the namespace/],
  ])('%s', (prefix, message) => {
    expect(() => ci().allowCreateOnPush(prefix as string)).toThrow(message);
  });
});

describe('deploy-time values are not judged at synth', () => {
  test('regions, accounts, prefixes, secret names and Azure names from parameters', () => {
    const stack = newStack();
    const param = (id: string) => new CfnParameter(stack, id).valueAsString;
    const registry = new EcrRegistry(stack, 'Registry', {
      scanning: RegistryScanning.basic([{ frequency: ScanFrequency.SCAN_ON_PUSH, repositoryFilters: [param('Filter')] }]),
      replicationRules: [{ destinations: [{ region: param('Region'), account: param('Account') }], repositoryPrefixes: [param('ReplicationPrefix')] }],
    });
    expect(() => registry.addPullThroughCacheRule('Acr', {
      prefix: param('CachePrefix'),
      upstream: UpstreamRegistry.azureContainerRegistry(param('AzureName')),
      credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'S', param('SecretName')),
    })).not.toThrow();
    expect(() => registry.addCreationTemplate('T', {
      prefix: Lazy.string({ produce: () => 'team-a' }), appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], mutableTags: [param('Tag')],
    })).not.toThrow();
    expect(() => registry.allowAccountPull(param('Puller'), { namespace: param('Namespace') })).not.toThrow();
  });
});
