import { AccessModel } from './access-model';
import { constructLabel } from './describe';
import { PrincipalType, PrincipalView } from './model-views';
import { PolicyKind, PolicyView, ResourceRef, StatementView } from './policy-view';

// The identity side, grouped the way AWS evaluates it: for each role or user of the app, every
// statement of every identity policy that applies to it. A policy attached to nothing in the app
// (a managed policy for principals elsewhere) is judged on its own.

export interface IdentityScope {
  /** `role 'App/Ci'` or `managed policy 'App/Shared'`. */
  readonly label: string;
  /** The principal's resource, or the policy's. */
  readonly resource: ResourceRef;
  /** The principal, when the scope is one. */
  readonly principal?: PrincipalView;
  readonly statements: readonly StatementView[];
}

const IDENTITY_KINDS = new Set([PolicyKind.INLINE, PolicyKind.MANAGED]);

const cache = new WeakMap<AccessModel, IdentityScope[]>();

export function identityScopes(model: AccessModel): IdentityScope[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const scopes: IdentityScope[] = [];
  // indexed: run once per synth, unoptimized, where each for…of step over the app's principals and policies allocates
  for (let i = 0; i < model.principals.length; i++) {
    const principal = model.principals[i];
    if (principal.type === PrincipalType.GROUP && model.membersOf(principal).length > 0) continue;
    scopes.push(new PrincipalScope(principal, statementsOf(model, principal)));
  }
  for (let i = 0; i < model.policies.length; i++) {
    const policy = model.policies[i];
    if (!IDENTITY_KINDS.has(policy.kind) || model.principalsOf(policy).length > 0) continue;
    scopes.push(new PolicyScope(policy));
  }
  cache.set(model, scopes);
  return scopes;
}

// Classes, not object literals with a getter: a literal makes its getter (a closure) anew for every
// scope of the app. The label is written only in a finding: the construct path may need a file read.
class PrincipalScope implements IdentityScope {
  public readonly resource: ResourceRef;

  constructor(public readonly principal: PrincipalView, public readonly statements: readonly StatementView[]) {
    this.resource = principal.resource;
  }

  public get label(): string {
    return `${this.principal.type} '${constructLabel(this.principal.resource)}'`;
  }
}

class PolicyScope implements IdentityScope {
  public readonly resource: ResourceRef;
  public readonly statements: readonly StatementView[];

  constructor(private readonly policy: PolicyView) {
    this.resource = policy.resource;
    this.statements = policy.statements;
  }

  public get label(): string {
    return `${this.policy.kind} '${constructLabel(this.policy.resource)}'`;
  }
}

/**
 * Every statement of the principal's effective policies, in order. Most roles have one policy (their
 * default policy), whose statements are shared as they are; the others' are copied in a loop.
 */
function statementsOf(model: AccessModel, principal: PrincipalView): readonly StatementView[] {
  const policies = model.identityPolicies(principal);
  const onlyOwn = !hasAwsManaged(principal);
  if (onlyOwn && policies.length === 1) return policies[0].statements;
  const all = onlyOwn ? policies : model.effectivePolicies(principal);
  const statements: StatementView[] = [];
  for (let i = 0; i < all.length; i++) {
    const own = all[i].statements;
    for (let j = 0; j < own.length; j++) statements.push(own[j]);
  }
  return statements;
}

/** Whether an AWS managed policy with ECR statements applies to the principal, itself or through a group. */
function hasAwsManaged(principal: PrincipalView): boolean {
  if (principal.awsManaged.length > 0) return true;
  for (let i = 0; i < principal.groups.length; i++) if (principal.groups[i].awsManaged.length > 0) return true;
  return false;
}

/** The identity policies' statements (inline and managed), one by one. */
export function identityStatements(model: AccessModel): StatementView[] {
  const statements: StatementView[] = [];
  const policies = model.policies;
  for (let i = 0; i < policies.length; i++) {
    if (!IDENTITY_KINDS.has(policies[i].kind)) continue;
    const own = policies[i].statements;
    for (let j = 0; j < own.length; j++) statements.push(own[j]);
  }
  return statements;
}
