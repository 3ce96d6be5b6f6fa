import { AccessModel, PrincipalType, PrincipalView } from './access-model';
import { constructLabel } from './describe';
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
  for (const principal of model.principals) {
    if (principal.type === PrincipalType.GROUP && model.membersOf(principal).length > 0) continue;
    scopes.push({
      // named only in a finding: the construct path may need a file read
      get label() {
        return `${principal.type} '${constructLabel(principal.resource)}'`;
      },
      resource: principal.resource,
      principal,
      statements: statementsOf(model.effectivePolicies(principal)),
    });
  }
  for (const policy of model.policies) {
    if (!IDENTITY_KINDS.has(policy.kind) || model.principalsOf(policy).length > 0) continue;
    scopes.push({
      get label() {
        return `${policy.kind} '${constructLabel(policy.resource)}'`;
      },
      resource: policy.resource,
      statements: policy.statements,
    });
  }
  cache.set(model, scopes);
  return scopes;
}

/** Every statement of the policies, in order (a loop: flatMap's generic path cost more, for every principal of the app). */
function statementsOf(policies: readonly PolicyView[]): StatementView[] {
  const statements: StatementView[] = [];
  for (const policy of policies) for (const statement of policy.statements) statements.push(statement);
  return statements;
}

/** The identity policies' statements (inline and managed), one by one. */
export function identityStatements(model: AccessModel): StatementView[] {
  return model.policies.filter((p) => IDENTITY_KINDS.has(p.kind)).flatMap((p) => p.statements);
}
