import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { IEcrRegistry } from './registry-interface';
import { InputProblems, isToken } from '../private/input-problems';
import { namespaceOf } from '../private/namespace';

// Creation templates and pull-through cache rules belong to a registry but may be created anywhere
// in the tree (`new RepositoryCreationTemplate(scope, id, { registry })`). They join it here, where
// the registry and the other members find them (which template covers a cache rule's namespace,
// which covers a CI's create-on-push), without any of them reaching into another's class.

interface Members {
  readonly constructs: IConstruct[];
  /** The namespaces claimed, by kind: ECR keeps one template and one cache rule per prefix. */
  readonly namespaces: Map<string, string>;
}

const membersByRegistry = new WeakMap<IConstruct, Members>();

/**
 * Validates the registry a member is created for: given, and of the account and region of the
 * member's stack, where the member's resource is deployed (ECR applies it to that registry).
 *
 * @param adder the registry's method that creates such a member where it belongs
 */
export function checkRegistry(
  problems: InputProblems, member: IConstruct, registry: IEcrRegistry | undefined, adder: string,
): IEcrRegistry | undefined {
  if (registry === undefined || registry === null || typeof registry.registryId !== 'string' || registry.node === undefined) {
    problems.add('registry', registry === undefined || registry === null ? undefined : String(registry), 'must name the registry it belongs to',
      `pass the EcrRegistry, or create it with registry.${adder}(id, options)`);
    return undefined;
  }
  const stack = Stack.of(member);
  const differs = (a: string, b: string) => Token.compareStrings(a, b) === TokenComparison.DIFFERENT;
  if (differs(stack.account, registry.registryId) || differs(stack.region, registry.region)) {
    const show = (v: string) => (isToken(v) ? '(deploy-time)' : v);
    problems.add('registry', registry.node.path,
      `is the registry of account ${show(registry.registryId)} in ${show(registry.region)}, but this is in stack '${stack.node.path}' ` +
      `(account ${show(stack.account)} in ${show(stack.region)}), whose registry it would configure`,
      `create it in a stack of the registry's account and region, e.g. with registry.${adder}(id, options)`);
  }
  return registry;
}

/** Adds a member to the registry. */
export function joinRegistry(registry: IEcrRegistry, member: IConstruct): void {
  membersOf(registry).constructs.push(member);
}

/** The constructs that joined the registry, in the order they did. */
export function registryMembers(registry: IEcrRegistry): readonly IConstruct[] {
  return membersOf(registry).constructs;
}

/**
 * Claims a namespace of the registry for a member of a kind (`creation template`), and refuses a
 * second claim of the same kind: ECR keeps one per prefix.
 */
export function claimNamespace(registry: IEcrRegistry, problems: InputProblems, property: string, prefix: string | undefined, kind: string): void {
  if (prefix === undefined || isToken(prefix)) return;
  const namespaces = membersOf(registry).namespaces;
  const key = `${kind}:${namespaceOf(prefix)}`;
  const owner = namespaces.get(key);
  if (owner !== undefined) {
    problems.add(property, prefix, `already has a ${kind} in this registry ('${owner}'); ECR keeps one per prefix`, `change '${owner}' instead`);
  } else {
    namespaces.set(key, `${registry.node.path}/${prefix}`);
  }
}

function membersOf(registry: IEcrRegistry): Members {
  let members = membersByRegistry.get(registry);
  if (!members) {
    members = { constructs: [], namespaces: new Map() };
    membersByRegistry.set(registry, members);
  }
  return members;
}
