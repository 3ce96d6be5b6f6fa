import { ArnFormat, CfnResource, Lazy, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { InputError } from '../private/input-problems';

// IAM holds one OIDC provider per URL per account, and CloudFormation fails the second stack that
// creates one ("Provider with url ... already exists"). Every EcrCiPrincipal of an app asks here, so
// an app creates each provider once per account and the other stacks of that account refer to it.

interface OwnedProvider {
  readonly stack: Stack;
  readonly provider: iam.OidcProviderNative;
  readonly audiences: Set<string>;
}

interface Issuer {
  readonly owners: OwnedProvider[];
  /** Stacks that refer to a provider owned by another stack of the same account. */
  readonly references: Map<Stack, { readonly owner: OwnedProvider; readonly provider: iam.IOidcProvider }>;
}

const registries = new WeakMap<IConstruct, Map<string, Issuer>>();

/** The issuer URL without `https://`: the name of the provider in its ARN and the prefix of its condition keys. */
export function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '');
}

/**
 * The IAM OIDC provider for an issuer in the account of `scope`'s stack: the one this app already
 * creates in that stack or in another stack of the same account (then this stack refers to it by its
 * ARN and deploys after it), or a new `AWS::IAM::OIDCProvider` in this stack. The audience is added
 * to the provider's client ids, which IAM requires.
 */
export function sharedOidcProvider(scope: Construct, issuerUrl: string, audience: string): iam.IOIDCProviderRef {
  const stack = Stack.of(scope);
  const issuer = issuerOf(scope, issuerUrl);

  const owned = issuer.owners.find((o) => o.stack === stack);
  if (owned) return use(owned, audience).provider;
  const referenced = issuer.references.get(stack);
  if (referenced) {
    use(referenced.owner, audience);
    return referenced.provider;
  }

  for (const owner of issuer.owners) {
    const comparison = Token.compareStrings(owner.stack.account, stack.account);
    if (comparison === TokenComparison.DIFFERENT) continue;
    if (comparison !== TokenComparison.SAME) throw unknownAccounts(scope, issuerUrl, owner);
    return refer(scope, issuer, owner, issuerUrl, audience);
  }

  const audiences = new Set<string>([audience]);
  const provider = new iam.OidcProviderNative(stack, providerId(issuerUrl), {
    url: issuerUrl,
    clientIds: Lazy.list({ produce: () => [...audiences] }),
  });
  provider.node.addValidation({ validate: () => duplicateProviders(provider, issuerUrl) });
  issuer.owners.push({ stack, provider, audiences });
  return provider;
}

function issuerOf(scope: Construct, issuerUrl: string): Issuer {
  const root = scope.node.root;
  let byIssuer = registries.get(root);
  if (!byIssuer) registries.set(root, byIssuer = new Map());
  let issuer = byIssuer.get(issuerUrl);
  if (!issuer) byIssuer.set(issuerUrl, issuer = { owners: [], references: new Map() });
  return issuer;
}

function use(owner: OwnedProvider, audience: string): OwnedProvider {
  owner.audiences.add(audience);
  return owner;
}

function refer(scope: Construct, issuer: Issuer, owner: OwnedProvider, issuerUrl: string, audience: string): iam.IOidcProvider {
  const stack = Stack.of(scope);
  const arn = stack.formatArn({
    service: 'iam', region: '', resource: 'oidc-provider', resourceName: issuerHostPath(issuerUrl), arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const provider = iam.OidcProviderNative.fromOidcProviderArn(stack, providerId(issuerUrl), arn);
  issuer.references.set(stack, { owner: use(owner, audience), provider });
  // IAM refuses a role whose trust names a provider that does not exist yet ("Invalid principal in
  // policy"), so this stack deploys after the owner's. The order is added when the app is
  // validated, after aws-cdk-lib has turned every cross-stack reference into a dependency: one the
  // other way round (the owner's stack using a repository of this stack, made later) is then seen
  // here, and reported with the way out, instead of failing in aws-cdk-lib as a cyclic reference.
  let added = false;
  scope.node.addValidation({
    validate: () => {
      if (added) return [];
      const problem = deployAfter(scope, stack, owner, issuerUrl);
      added = problem === undefined;
      return problem === undefined ? [] : [problem];
    },
  });
  return provider;
}

/** Makes `stack` deploy after the stack that creates the provider; a problem when that would make a cycle. */
function deployAfter(scope: Construct, stack: Stack, owner: OwnedProvider, issuerUrl: string): string | undefined {
  const cycle = dependencyPath(owner.stack, stack);
  let why = cycle && `stack '${owner.stack.stackName}' already deploys after '${stack.stackName}' ` +
    `(${cycle.map((s) => `'${s.stackName}'`).join(' after ')}: it uses a value of it, such as a repository's ARN, or depends on it)`;
  if (why === undefined) {
    try {
      stack.addDependency(owner.stack, `the IAM OIDC provider for ${issuerUrl} is created in ${owner.stack.stackName}`);
      return undefined;
    } catch (e) {
      why = (e as Error).message;
    }
  }
  return `EcrCiPrincipal at '${scope.node.path}' trusts the IAM OIDC provider for ${issuerUrl} that '${owner.provider.node.path}' creates ` +
    `in stack '${owner.stack.stackName}' (an account holds one provider per URL). IAM refuses a role whose trust names a provider that ` +
    `does not exist yet, so stack '${stack.stackName}' must deploy after '${owner.stack.stackName}', but ${why}. ` +
    `Fix: create the provider once (new iam.OidcProviderNative(...)) in a stack that both '${stack.stackName}' and '${owner.stack.stackName}' ` +
    'deploy after, and pass it to both CI providers as oidcProvider; or put both principals in one stack.';
}

/** The stacks from `from` to `to` when `from` deploys after `to` (directly or through others), else undefined. */
function dependencyPath(from: Stack, to: Stack): Stack[] | undefined {
  const seen = new Set<Stack>([from]);
  const queue: Stack[][] = [[from]];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    for (const next of path[path.length - 1].dependencies) {
      if (next === to) return [...path, next];
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...path, next]);
      }
    }
  }
  return undefined;
}

function unknownAccounts(scope: Construct, issuerUrl: string, other: OwnedProvider): Error {
  return new InputError(
    `EcrCiPrincipal at '${scope.node.path}' needs an IAM OIDC provider for ${issuerUrl}, and '${other.provider.node.path}' already creates one ` +
    `in stack '${other.stack.stackName}'. The accounts of these stacks are known only at deploy time, so they may be the same account, ` +
    'which can hold only one provider per URL (the second stack would fail to deploy).\n' +
    'Fix: set env.account on both stacks (principals of one account then share the provider), or create the provider once ' +
    '(new iam.OidcProviderNative(...)) and pass it as oidcProvider.');
}

function providerId(issuerUrl: string): string {
  return `OidcProvider-${issuerHostPath(issuerUrl).replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

/** Other OIDC providers for the same URL in the same account anywhere in the app (created by hand, outside this library). */
function duplicateProviders(provider: iam.OidcProviderNative, issuerUrl: string): string[] {
  const stack = Stack.of(provider);
  const ours = provider.node.defaultChild as CfnResource;
  const clashes = provider.node.root.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c !== ours)
    .filter((c) => providerUrl(c) === issuerUrl)
    .filter((c) => {
      const comparison = Token.compareStrings(Stack.of(c).account, stack.account);
      return comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED;
    });
  return clashes.map((c) =>
    `'${c.node.path}' also creates an IAM OIDC provider for ${issuerUrl} in this account, and an account holds one per URL. ` +
    'Fix: pass that provider to the CI provider as oidcProvider, so this library does not create a second one.');
}

/** The URL of a resource that creates an IAM OIDC provider (the native resource or aws-cdk-lib's custom resource). */
function providerUrl(resource: CfnResource): string | undefined {
  if (resource instanceof iam.CfnOIDCProvider) return resource.url;
  if (resource.cfnResourceType !== 'Custom::AWSCDKOpenIdConnectProvider') return undefined;
  // the custom resource's properties are not public; read defensively
  const properties = (resource as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties;
  const url = properties?.Url ?? properties?.url;
  return typeof url === 'string' ? url : undefined;
}
