import { App, Aspects, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { basicScanning, DR_ACCOUNT, newRegistryStack, platformRegistry, registryArn, synthesizedPlatform } from './registry-scenarios';
import {
  CreationTemplateScenario, EcrAccessChecks, EcrRegistry, EcrRegistryProps, RegistryScanning, ScanFrequency, UpstreamRegistry,
} from '../../src';
import { stackTemplates } from '../helpers/assembly';
import { CI_ACCOUNT, ORG_ID, REGION, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// What the registry constructs write, feature by feature, and why it matters. Access itself is
// decided by the evaluator in oracle.test.ts.

// Whole-template snapshots guard logical ids: a changed id replaces the registry policy, a rule or a
// template (CloudFormation deletes and recreates the registry-level setting). `npm test` never
// rewrites them; after an intended change, run `npx projen test:update -- test/registry/ecr-registry.test.ts`.
test.each([
  ['snapshot: every registry-level feature, and a destination registry in another account', platformRegistry],
  ['snapshot: basic scanning alone', basicScanning],
])('%s', (_name, build) => {
  expect(stackTemplates(build().app)).toMatchSnapshot();
});

const { template } = synthesizedPlatform();
const arn = registryArn;

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

test('EcrAccessChecks finds nothing in what the registry constructs write (the replication warning is the library\'s own)', () => {
  const { app } = platformRegistry();
  Aspects.of(app).add(new EcrAccessChecks());
  const findings = app.synth().stacksRecursively.flatMap((s) => s.messages).map((m) => String(m.entry.data)).filter((t) => t.startsWith('[cdk-ecr-access:'));
  expect(findings).toEqual([]);
});

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
    expect(() => new EcrRegistry(newRegistryStack(), 'Registry', props)).toThrow(message);
  });

  test('every problem at once, with the construct path', () => {
    expect(() => new EcrRegistry(newRegistryStack(), 'Registry', {
      replicationRules: [{ destinations: [{ region: 'useast', account: 'x' }], repositoryPrefixes: [''] }],
    })).toThrow(/^Invalid EcrRegistry props at 'S\/Registry' \(3 problems\):\n {2}- replicationRules\[0\]\.destinations\[0\]\.region[^]*\n {2}- [^]*account[^]*\n {2}- [^]*repositoryPrefixes\[0\]/);
  });

  test('addReplicationRule checks the rule where it is called', () => {
    const registry = new EcrRegistry(newRegistryStack(), 'Registry');
    expect(() => registry.addReplicationRule({ destinations: [{ region: 'eu-west-1', account: '12345678901' }] }))
      .toThrow(/Invalid EcrRegistry.addReplicationRule\(\) at 'S\/Registry' \(1 problem\):\n {2}- rule\[0\]\.destinations\[0\]\.account: got '12345678901'/);
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
    expect(() => call(new EcrRegistry(newRegistryStack(), 'Registry'))).toThrow(message);
  });
});

describe('deploy-time values are not judged at synth', () => {
  test('regions, accounts, prefixes, secret names and Azure names from parameters', () => {
    const stack = newRegistryStack();
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
