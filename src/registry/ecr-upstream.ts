import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { IEcrRegistry, repositoryArnIn } from './registry-interface';
import type { EcrUpstreamTarget } from './upstream-registry';
import { EcrActions } from '../actions/action-sets';
import { qualifiedRuleId } from '../checks/finding';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';
import { renderPolicyJson } from '../policy/render';
import { loginStatement, registryPolicyStatement, repositoryIdentityStatement, statementId } from '../policy/statements';
import { acknowledgeWithoutTrace } from '../private/acknowledge';
import { InputProblems, isToken } from '../private/input-problems';
import { grantLogin } from '../repository/access';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

// ECR-to-ECR pull-through cache, both sides, as
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html documents it:
// a role in the caching account that ECR assumes, trusted by the pull-through cache service; and,
// for an upstream in another account, the upstream registry's policy allowing the caching account.
// Same account, another region: "you only need the IAM role policy and trust policy".

/** The service principal that assumes the role of an ECR-to-ECR pull-through cache rule. */
export const PULL_THROUGH_CACHE_SERVICE = 'pullthroughcache.ecr.amazonaws.com';

// pull-through-cache.html lists ECR-to-ECR pull-through cache as unavailable in the China and
// GovCloud (US) regions; the GovCloud guide says it works within that partition. Warned, not refused.
const UNAVAILABLE_PARTITIONS = new Set(['aws-cn', 'aws-us-gov']);

/** What an ECR upstream rule is made of, once its input is valid. */
export interface EcrCache {
  /** The caching registry (downstream). */
  readonly registry: IEcrRegistry;
  /** The upstream registry. */
  readonly upstream: EcrUpstreamTarget;
  /** The resource name pattern of the cache's repositories: `<prefix>/*`, or `*` for `ROOT`. */
  readonly cacheNames: string;
  /** The resource name pattern of the upstream repositories it reads: `<upstreamPrefix>/*`, or `*` for `ROOT`. */
  readonly upstreamNames: string;
}

/** Options of the role, from the rule's props. */
export interface CacheRoleOptions {
  readonly role?: iam.IRole;
  readonly sourceAccountCondition?: boolean;
}

const same = (a: string, b: string) => Token.compareStrings(a, b) === TokenComparison.SAME;
const differs = (a: string, b: string) => Token.compareStrings(a, b) === TokenComparison.DIFFERENT;

/** The upstream may be of another account (true when either account is known only at deploy time): it then needs the upstream statement. */
export function needsUpstreamStatement(cache: Pick<EcrCache, 'registry' | 'upstream'>): boolean {
  return !same(cache.upstream.account, cache.registry.registryId);
}

/** Validates what an ECR upstream adds: another registry, of the same partition, and the role. */
export function checkEcrUpstream(problems: InputProblems, registry: IEcrRegistry, upstream: EcrUpstreamTarget, options: CacheRoleOptions): void {
  if (same(upstream.account, registry.registryId) && same(upstream.region, registry.region)) {
    problems.add('upstream', `${upstream.account}.dkr.ecr.${upstream.region}.amazonaws.com`, 'is this registry itself',
      'cache another account\'s or another region\'s registry');
  }
  const partition = (region: string) => (isToken(region) ? undefined : RegionInfo.get(region).partition);
  const [up, down] = [partition(upstream.region), partition(registry.region)];
  if (up !== undefined && down !== undefined && up !== down) {
    problems.add('upstream', upstream.region, `is in the partition '${up}', but the registry is in '${down}'; ECR caches ECR registries only within a partition`,
      `cache a registry of a '${down}' region`);
  }
  const role = options.role;
  if (role !== undefined) {
    if (differs(role.env.account, registry.registryId)) {
      problems.add('role', role.roleArn, `is in account ${role.env.account}, but ECR assumes only a role of the registry's account (${registry.registryId})`,
        'create the role in the registry\'s account, or omit role and let the rule create it');
    } else if (trustsCacheService(role) === false) {
      problems.add('role', role.node.path, `does not trust '${PULL_THROUGH_CACHE_SERVICE}', so ECR cannot assume it`,
        `create it with assumedBy: new iam.ServicePrincipal('${PULL_THROUGH_CACHE_SERVICE}'), or omit role`);
    }
    if (options.sourceAccountCondition) {
      problems.add('sourceAccountCondition', true, 'applies only to the role the rule creates; the trust of a given role is yours',
        'add the condition to your role\'s trust policy, or omit role');
    }
  }
}

/**
 * The role ECR assumes: the given one, or a new one trusted by the pull-through cache service as AWS
 * documents (no condition; `aws:SourceAccount` only when asked for, see the rule's props). Either way
 * it gets AWS's documented permissions, on the narrowest resources: the reads and imports on the
 * upstream repositories the rule maps to (and on the cache's, where ECR checks the copy), the layer
 * and manifest writes only on the cache's repositories, login on `*`.
 */
export function cacheRole(scope: Construct, cache: EcrCache, options: CacheRoleOptions): iam.IRole {
  const role = options.role ?? new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal(PULL_THROUGH_CACHE_SERVICE, options.sourceAccountCondition
      ? { conditions: { StringEquals: { 'aws:SourceAccount': cache.registry.registryId } } } : {}),
    description: `Assumed by ECR to cache ${cache.upstream.account}/${cache.upstream.region} in ${cache.cacheNames}`,
  });
  const statements = rolePolicyStatements(cache);
  // an imported role with `mutable: false` accepts and drops them, as for every grant of aws-cdk-lib
  const [, ...repositoryStatements] = statements;
  grantLogin(role);
  repositoryStatements.forEach((s) => iam.Grant.addToPrincipal({ grantee: role, actions: s.actions, resourceArns: s.resources }));
  if (options.role === undefined) {
    // AWS's permissions for this role hold the four layer and manifest writes without
    // BatchCheckLayerAvailability: ECR fills the cache, no docker client pushes with it
    acknowledgeWithoutTrace(role, qualifiedRuleId('incomplete-push'), 'the permissions AWS documents for the role of an ECR-to-ECR pull-through cache');
  }
  for (const arn of [...new Set(statements.flatMap((s) => s.resources))].filter((r) => r !== '*')) {
    acknowledgeWildcardResource(role, arn, 'ECR caches the repositories the pull-through cache rule maps, named at the first pull');
  }
  return role;
}

/** The statements of the role's permissions policy (see {@link cacheRole}). */
export function rolePolicyStatements(cache: EcrCache): iam.PolicyStatement[] {
  const upstreamArns = [upstreamRepositoryArn(cache.registry, cache.upstream, cache.upstreamNames)];
  const cacheArns = [repositoryArnIn(cache.registry, cache.registry.registryId, cache.registry.region, cache.cacheNames)];
  const reads = EcrActions.PULL_THROUGH_CACHE_UPSTREAM;
  const writes = EcrActions.PULL_THROUGH_CACHE_ROLE.filter((a) => !reads.includes(a) && !EcrActions.LOGIN.includes(a));
  return [
    loginStatement(),
    repositoryIdentityStatement(reads, [...upstreamArns, ...cacheArns]),
    repositoryIdentityStatement(writes, cacheArns),
  ];
}

/**
 * The statement the upstream registry's policy (or its repositories' policies) must hold for a
 * cross-account ECR upstream: AWS's statement, with the caching account's root as principal, on the
 * upstream repositories the rule maps to instead of all of them.
 */
export function upstreamStatement(cache: EcrCache): iam.PolicyStatement {
  const scope = cache.upstream.registry ?? cache.registry;
  const namespace = cache.upstreamNames === '*' ? [] : [cache.upstreamNames.replace(/\/\*$/, '')];
  return registryPolicyStatement(EcrActions.PULL_THROUGH_CACHE_UPSTREAM, [new iam.AccountPrincipal(cache.registry.registryId)],
    [upstreamRepositoryArn(scope, cache.upstream, cache.upstreamNames)], undefined,
    statementId('AllowPullThroughCacheToAccount', cache.registry.registryId, ...namespace));
}

/**
 * Writes the upstream side for a cross-account ECR upstream: into the upstream's `EcrRegistry` when it
 * is in this app, otherwise a warning with the exact statement.
 *
 * @param findRegistry looks up the app's registry of an account and region
 */
export function connectUpstream(
  rule: IConstruct, cache: EcrCache, findRegistry: (account: string, region: string) => IEcrRegistry | undefined,
): void {
  if (!needsUpstreamStatement(cache)) return;
  // a statement for an account known only at deploy time cannot be written into another stack
  const crossAccount = differs(cache.upstream.account, cache.registry.registryId);
  const inApp = cache.upstream.registry ?? (crossAccount ? findRegistry(cache.upstream.account, cache.upstream.region) : undefined);
  if (inApp !== undefined && crossAccount) {
    inApp.addToRegistryPolicy(upstreamStatement({ ...cache, upstream: { ...cache.upstream, registry: inApp } }));
    return;
  }
  warn(rule, EcrWarnings.UPSTREAM_REGISTRY_POLICY_REQUIRED,
    `The pull-through cache rule caches the ECR registry of account ${show(cache.upstream.account)} in ${show(cache.upstream.region)}, which has no ` +
    'EcrRegistry in this app. ECR cannot read it for this account until that registry\'s policy (scope V2, the default) allows it: add this ' +
    'statement there, or to the policy of each upstream repository (upstreamRegistryPolicy() returns it):\n' +
    renderPolicyJson(rule, new iam.PolicyDocument({ statements: [upstreamStatement(cache)] })));
}

/** Warns when the registry's region is in a partition where AWS documents ECR upstreams as unavailable. */
export function warnIfUnavailable(rule: IConstruct, registry: IEcrRegistry): void {
  if (isToken(registry.region)) return;
  const partition = RegionInfo.get(registry.region).partition;
  if (partition === undefined || !UNAVAILABLE_PARTITIONS.has(partition)) return;
  warn(rule, EcrWarnings.ECR_UPSTREAM_UNAVAILABLE,
    `AWS documents ECR-to-ECR pull-through cache as unavailable in ${registry.region} (partition ${partition}), so creating this rule may fail ` +
    '(https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html; the GovCloud guide says it works within the partition). ' +
    'Acknowledge once you have confirmed the region supports it.');
}

/** Whether a role of this app trusts the pull-through cache service; undefined when its trust cannot be read (imported). */
function trustsCacheService(role: iam.IRole): boolean | undefined {
  const trust = (role as Partial<iam.Role>).assumeRolePolicy;
  if (trust === undefined) return undefined;
  const json = JSON.stringify(Stack.of(role).resolve(trust.toJSON()));
  return json.includes(`"${PULL_THROUGH_CACHE_SERVICE}"`);
}

function upstreamRepositoryArn(scope: IConstruct, upstream: EcrUpstreamTarget, names: string): string {
  return repositoryArnIn(scope, upstream.account, upstream.region, names);
}

function show(value: string): string {
  return isToken(value) ? '(known at deploy time)' : value;
}
