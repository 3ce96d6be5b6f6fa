import { hasWildcard } from '../../analysis/arn-pattern';
import { displayValue, isKnown } from '../../analysis/cfn-values';
import { constructLabel, statementLabel } from '../../analysis/describe';
import { PrincipalType } from '../../analysis/model-views';
import { ecrActionsOf, PolicyView, StatementView } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

const WEB_IDENTITY = /^(sts:AssumeRoleWithWebIdentity|sts:\*|\*)$/i;

/** The condition operators whose values a claim must match: StringEquals, StringLike (IgnoreCase, IfExists, ForAnyValue: …). */
const ADMITTING = /^(ForAnyValue:|ForAllValues:)?String(Equals|EqualsIgnoreCase|Like)(IfExists)?$/;

/**
 * Catches a role with ECR permissions that trusts an OIDC provider (GitHub Actions, GitLab …) without
 * pinning the token's audience (`aud`) and subject (`sub`), or with a subject that any repository
 * matches (`*`, `repo:*`, `repo:acme/*`).
 */
export const webIdentityTrustUnpinned: Rule = {
  id: 'web-identity-trust-unpinned',
  level: EcrCheckLevel.ERROR,
  summary: 'A role with ECR permissions whose OIDC trust does not pin `aud` and `sub` to one repository',
  why: 'Without a pinned subject, every workflow of every repository on the CI service (anyone can create one) can assume the role and push or pull your images.',
  fix: 'Use `EcrCiPrincipal` with a `CiProvider`, or add `StringEquals` conditions on `<issuer>:aud` and `<issuer>:sub` naming your repository',
  check(context) {
    // indexed: run once per synth, unoptimized, where each for…of step over the app's principals allocates
    const principals = context.model.principals;
    for (let i = 0; i < principals.length; i++) {
      const principal = principals[i];
      if (principal.type !== PrincipalType.ROLE || !principal.trust) continue;
      const grantsEcr = allowsEcr(context.model.identityPolicies(principal));
      if (!grantsEcr && principal.externalManagedPolicies.length === 0) continue;
      for (const statement of principal.trust.statements) {
        const problems = trustProblems(statement);
        if (problems.length === 0) continue;
        context.report({
          resource: principal.resource,
          location: statement.location,
          message: `Role '${constructLabel(principal.resource)}' can be assumed with a web identity token from ` +
            `${(statement.principals?.get('Federated') ?? []).map((p) => `'${displayValue(p.value)}'`).join(', ')} (${statementLabel(statement)}), but ${problems.join('; ')}.`,
          fix: 'pin both claims, e.g. {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", ' +
            '"token.actions.githubusercontent.com:sub": "repo:<owner>/<repository>:ref:refs/heads/main"}}; EcrCiPrincipal writes this trust for you',
        });
      }
    }
  },
};

/** Whether a statement of the policies allows an ECR action (asked of every role: loops, no closures). */
function allowsEcr(policies: readonly PolicyView[]): boolean {
  for (let i = 0; i < policies.length; i++) {
    const statements = policies[i].statements;
    for (let j = 0; j < statements.length; j++) if (statements[j].effect === 'Allow' && ecrActionsOf(statements[j]).size > 0) return true;
  }
  return false;
}

const NO_PROBLEMS: readonly string[] = Object.freeze([]);

function trustProblems(statement: StatementView): readonly string[] {
  // most trust statements name a service or an account, not a federated provider: nothing to list
  if (statement.effect !== 'Allow' || statement.principals?.get('Federated') === undefined) return NO_PROBLEMS;
  const federated = (statement.principals?.get('Federated') ?? []).map((p) => p.value);
  // OIDC providers only: Cognito identity pools and SAML providers have other claims
  if (!federated.some((f) => !isKnown(f) || f.includes(':oidc-provider/'))) return [];
  if (!(statement.actions ?? []).some((a) => WEB_IDENTITY.test(a.value))) return [];

  // only operators that admit values pin a claim: a value under StringNotLike (the claim bounds
  // EcrCiPrincipal writes, `repo:*:pull_request` to keep pull requests out) is one refused
  const claims = new Map<string, unknown[]>();
  for (const [name, operator] of Object.entries(statement.condition ?? {})) {
    if (!ADMITTING.test(name)) continue;
    for (const [key, value] of Object.entries(operator ?? {})) {
      const claim = key.slice(key.lastIndexOf(':') + 1).toLowerCase();
      claims.set(claim, [...claims.get(claim) ?? [], ...(Array.isArray(value) ? value : [value])]);
    }
  }
  const problems: string[] = [];
  if (!claims.has('aud')) problems.push('no condition pins the audience (aud)');
  const subjects = claims.get('sub');
  if (!subjects) {
    problems.push('no condition pins the subject (sub), so any repository\'s workflow may assume it');
  } else {
    const open = subjects.filter((s) => typeof s === 'string' && isKnown(s) && opensToAnyRepository(s)).map((s) => `'${s}'`);
    if (open.length > 0) problems.push(`the subject ${open.join(', ')} matches repositories of any owner or any repository of an owner`);
  }
  return problems;
}

/**
 * `*`, `repo:*`, `repo:acme/*`, `project_path:*`, `organization:*` (Buildkite, HCP Terraform),
 * `space:*` (Spacelift) …: the part that names the repository, organization or space has a wildcard.
 */
function opensToAnyRepository(subject: string): boolean {
  if (subject.replace(/\*/g, '') === '') return true;
  const match = /^(repo|project_path|organization|space):([^:]*)/.exec(subject);
  return match !== null && hasWildcard(match[2]);
}
