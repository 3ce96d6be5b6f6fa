import { App, CfnParameter, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { CreationTemplateScenario, EcrRegistry, PushableRepository, UpstreamRegistry } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { PULL } from '../helpers/expected-actions';
import { AccessOracle } from '../helpers/oracle';
import { ORG_ID, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Account and organization grants are written once (src/policy/account-grants.ts) for the four
// resources that trust principals outside the app: each writes one statement per grant with a Sid of
// its own, returns the identity policy the other side attaches, and checks its input in one round.

const LOGIN = { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' };
const CACHE_PULL = [...PULL, 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'];
const arn = (name: string) => `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/${name}`;

/** A resource that trusts accounts and organizations, with the policy it writes to. */
interface Trusting {
  readonly allowAccountPull: (accountId: string) => iam.PolicyDocument;
  readonly allowOrganizationPull: (organizationId: string) => iam.PolicyDocument;
  /** The statements of its policy, resolved. */
  readonly statements: () => Array<Record<string, unknown>>;
  /** What an identity policy names: the repositories the grants cover. */
  readonly covers: unknown;
  /** The pull actions of its grants, in the order they are written. */
  readonly actions: readonly string[];
  /** The Sid of a pull grant to `id` (an account or organization id without its dash). */
  readonly sid: (kind: 'Account' | 'Organization', id: string) => string;
  /** Where cdk-nag reads the policy, for the `Principal: "*"` acknowledgement (none: the finding does not apply). */
  readonly nagResource?: () => IConstruct;
  /** True when the resource's own account is refused (a registry's principals need only an identity policy). */
  readonly refusesOwnAccount: boolean;
}

function registry(stack: Stack): EcrRegistry {
  return new EcrRegistry(stack, 'Registry');
}

const owners: Record<string, (stack: Stack) => Trusting> = {
  PushableRepository: (stack) => {
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    return {
      allowAccountPull: (id) => repository.allowAccountPull(id),
      allowOrganizationPull: (id) => repository.allowOrganizationPull(id),
      statements: () => repositoryPolicyOf(stack, repository),
      covers: stack.resolve(repository.repositoryArn),
      actions: PULL,
      sid: (kind, id) => `AllowPullFrom${kind}${id}`,
      nagResource: () => repository.node.defaultChild!,
      refusesOwnAccount: false,
    };
  },
  EcrRegistry: (stack) => {
    const r = registry(stack);
    return {
      allowAccountPull: (id) => r.allowAccountPull(id, { namespace: 'base' }),
      allowOrganizationPull: (id) => r.allowOrganizationPull(id, { namespace: 'base/' }),
      statements: () => stack.resolve(r.registryPolicy.toJSON())?.Statement ?? [],
      covers: arn('base/*'),
      actions: PULL,
      sid: (kind, id) => `AllowPullFrom${kind}${id}base`,
      nagResource: () => r.node.findChild('Policy'),
      refusesOwnAccount: true,
    };
  },
  RepositoryCreationTemplate: (stack) => {
    const template = registry(stack).addCreationTemplate('Team', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
    return {
      allowAccountPull: (id) => template.allowAccountPull(id),
      allowOrganizationPull: (id) => template.allowOrganizationPull(id),
      statements: () => stack.resolve(template.repositoryPolicy.toJSON())?.Statement ?? [],
      covers: arn('team-a/*'),
      actions: PULL,
      sid: (kind, id) => `AllowPullFrom${kind}${id}`,
      refusesOwnAccount: false,
    };
  },
  PullThroughCacheRule: (stack) => {
    const r = registry(stack);
    const cache = r.addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
    return {
      allowAccountPull: (id) => cache.allowAccountPull(id),
      allowOrganizationPull: (id) => cache.allowOrganizationPull(id),
      statements: () => stack.resolve(r.registryPolicy.toJSON())?.Statement ?? [],
      covers: arn('ecr-public/*'),
      actions: CACHE_PULL,
      sid: (kind, id) => `AllowPullThroughCacheFrom${kind}${id}ecrpublic`,
      nagResource: () => r.node.findChild('Policy'),
      refusesOwnAccount: true,
    };
  },
};

function repositoryPolicyOf(stack: Stack, repository: PushableRepository): Array<Record<string, unknown>> {
  const text = stack.resolve((repository.node.defaultChild as { repositoryPolicyText?: unknown }).repositoryPolicyText);
  return text?.Statement ?? [];
}

function acknowledgedOn(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data));
}

describe.each(Object.keys(owners))('%s', (owner) => {
  test('an account: one statement with its Sid however often asked; the identity policy the other side attaches, each time', () => {
    // GIVEN
    const stack = registryStack(new App());
    const trusting = owners[owner](stack);
    // WHEN
    const first = trusting.allowAccountPull(WORKLOAD_ACCOUNT);
    const second = trusting.allowAccountPull(WORKLOAD_ACCOUNT);
    // THEN
    const statements = trusting.statements();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual(expect.objectContaining({
      Sid: trusting.sid('Account', WORKLOAD_ACCOUNT),
      Effect: 'Allow',
      Action: trusting.actions,
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:root`]] } },
    }));
    const identity = { Version: '2012-10-17', Statement: [LOGIN, { Action: trusting.actions, Effect: 'Allow', Resource: trusting.covers }] };
    expect(stack.resolve(first.toJSON())).toEqual(identity);
    expect(stack.resolve(second.toJSON())).toEqual(identity);
  });

  test('an organization: Principal "*" limited by aws:PrincipalOrgID, once; cdk-nag told why on the policy\'s resource', () => {
    // GIVEN
    const stack = registryStack(new App());
    const trusting = owners[owner](stack);
    // WHEN
    trusting.allowOrganizationPull(ORG_ID);
    trusting.allowOrganizationPull(ORG_ID);
    // THEN
    expect(trusting.statements()).toEqual([expect.objectContaining({
      Sid: trusting.sid('Organization', ORG_ID.replace('-', '')),
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
    })]);
    if (trusting.nagResource) expect(acknowledgedOn(trusting.nagResource())).toEqual([expect.stringMatching(/AwsSolutions-ECR1$/)]);
  });

  test('every problem at once, naming the class, the method and where', () => {
    // GIVEN
    const trusting = owners[owner](registryStack(new App()));
    // THEN
    expect(() => trusting.allowAccountPull('1234')).toThrow(new RegExp(
      `^Invalid ${owner}\\.allowAccountPull\\(\\) at '[^']+' \\(1 problem\\):\\n {2}- accountId: got '1234': is not an AWS account id`));
    expect(() => trusting.allowOrganizationPull('r-ab12')).toThrow(/organizationId: got 'r-ab12': is not an AWS Organizations id/);
    expect(trusting.statements()).toEqual([]);
  });

  test('its own account: refused by a registry policy (its principals need only an identity policy); a deploy-time account is never judged', () => {
    // GIVEN
    const stack = registryStack(new App());
    const trusting = owners[owner](stack);
    // THEN
    if (trusting.refusesOwnAccount) {
      expect(() => trusting.allowAccountPull(REGISTRY_ACCOUNT)).toThrow(/accountId: got '111111111111': is the registry's own account, whose principals need only an identity policy/);
    } else {
      expect(trusting.allowAccountPull(REGISTRY_ACCOUNT)).toBeInstanceOf(iam.PolicyDocument);
    }
    trusting.allowAccountPull(new CfnParameter(stack, 'Account').valueAsString);
    expect(trusting.statements()).toHaveLength(trusting.refusesOwnAccount ? 1 : 2);
  });
});

test('both sides of an account grant let that account pull, and no other account (oracle)', async () => {
  // GIVEN
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  // WHEN
  const identity = stack.resolve(repository.allowAccountPull(WORKLOAD_ACCOUNT).toJSON());
  // THEN
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const repo = oracle.repository(repository);
  const info = oracle.synthesized.stacks[0];
  const puller = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/puller`, [oracle.synthesized.resolve(info, identity)]);
  const outsider = oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/puller`, [oracle.synthesized.resolve(info, identity)]);
  for (const action of PULL) {
    await expect(oracle.decide(puller, action, repo)).resolves.toBe('Allowed');
    await expect(oracle.decide(outsider, action, repo)).resolves.toBe('ImplicitlyDenied');
  }
  await expect(oracle.decide(puller, 'ecr:PutImage', repo)).resolves.toBe('ImplicitlyDenied');
});
