import { isKnown } from '../../analysis/cfn-values';
import { quote, statementLabel } from '../../analysis/describe';
import { repositoryOfImage } from '../../analysis/image-uri';
import { partitionOf } from '../../analysis/partitions';
import { Located, PolicyKind, PolicyView, StatementView } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { FindingDraft, Rule } from '../rule';

// What IAM and ECR refuse at deploy, so the stack fails (or, outside CloudFormation, the
// SetRepositoryPolicy call does) with "Invalid parameter at 'PolicyText'" or "MalformedPolicyDocument".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

const RESOURCE_POLICIES = new Set([PolicyKind.REPOSITORY, PolicyKind.CREATION_TEMPLATE, PolicyKind.REGISTRY]);
const IDENTITY_POLICIES = new Set([PolicyKind.INLINE, PolicyKind.MANAGED]);
// an account id, or an IAM/STS principal ARN of one account (paths allowed, wildcards not)
const ACCOUNT = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}):(root|(role|user|assumed-role|federated-user|group)\/[^*?]+)$/;

/**
 * Catches what IAM or ECR reject at deploy: `Resource` in a repository policy, a resource policy
 * statement with no `Principal`, a registry policy statement with no `Resource`, malformed principals
 * (`arn:aws:iam::<id>:*`, `arn:aws:iam::*:root`, a short account id, a bare ARN string), a `Principal`
 * in an identity policy, permissions written into a trust policy, and resources that are not ARNs
 * (the registry URI `<account>.dkr.ecr.<region>.amazonaws.com/<name>`, or its dual-stack form
 * `<account>.dkr-ecr.<region>.on.aws/<name>`).
 */
export const invalidPolicyShape: Rule = {
  id: 'invalid-policy-shape',
  level: EcrCheckLevel.ERROR,
  summary: 'A policy IAM or ECR rejects at deploy: Resource in a repository policy, a missing Principal or Resource, a malformed principal, a resource that is not an ARN',
  why: 'ECR answers SetRepositoryPolicy or PutRegistryPolicy with "Invalid parameter at \'PolicyText\'", IAM with "MalformedPolicyDocument": '
    + 'the stack fails to deploy, and the access the policy meant to give never exists.',
  fix: 'Write repository policies with Principal and without Resource, registry policies with both, identity policies with Resource and '
    + 'without Principal; name principals as "*", a 12-digit account or a full role or user ARN; name repositories by ARN',
  check(context) {
    // one closure for the run, reading the policy being checked, not one per policy of the app
    let policy: PolicyView;
    const checkPolicy = () => {
      const statements = policy.statements;
      for (let i = 0; i < statements.length; i++) {
        const problems = problemsOf(policy, statements[i]);
        if (problems) for (const finding of problems) context.report(finding);
      }
    };
    const policies = context.model.policies;
    for (let i = 0; i < policies.length; i++) {
      policy = policies[i];
      context.guard(policy.resource, policy.location, checkPolicy);
    }
  },
};

/**
 * The statement's problems in order, or undefined when it has none. Asked of every statement of the
 * app and almost always none: no list or closure is made for a statement until it has a problem.
 */
function problemsOf(policy: PolicyView, statement: StatementView): FindingDraft[] | undefined {
  let out: FindingDraft[] | undefined;
  const hasPrincipal = statement.principals !== undefined || statement.notPrincipals !== undefined;
  const hasResource = statement.resources !== undefined || statement.notResources !== undefined;

  if (RESOURCE_POLICIES.has(policy.kind)) {
    if (!hasPrincipal) out = withProblem(out, policy, statement, statement.location, 'has no Principal: a resource policy statement must say whom it allows or denies.', 'add "Principal", e.g. {"AWS": "arn:aws:iam::<account>:root"}; or move the statement to the identity policy of the role it was meant for');
    if (policy.kind !== PolicyKind.REGISTRY && hasResource) {
      out = withProblem(out, policy, statement, `${statement.location}/Resource`, 'has a Resource: a repository policy applies to its own repository and ECR rejects the whole policy.', 'remove "Resource" (and move login, ecr:GetAuthorizationToken on "*", to the identity policies of the principals)');
    }
    if (policy.kind === PolicyKind.REGISTRY && !hasResource) {
      out = withProblem(out, policy, statement, statement.location, 'has no Resource: a registry policy statement must name the repositories it covers.', 'add "Resource": "arn:aws:ecr:<region>:<account>:repository/*" (or a name pattern)');
    }
  }
  if (IDENTITY_POLICIES.has(policy.kind) && hasPrincipal) {
    out = withProblem(out, policy, statement, `${statement.location}/Principal`, 'has a Principal: IAM rejects a principal in an identity policy ("Policy document should not specify a principal").', 'remove "Principal": the policy applies to the roles, users and groups it is attached to');
  }
  if (policy.kind === PolicyKind.TRUST) {
    const permission = (statement.actions ?? []).find(isPermission);
    if (permission) {
      out = withProblem(out, policy, statement, permission.location, `grants ${quote(permission.value)} in a trust policy, which only says who may assume the role.`, 'move the permissions to the role\'s identity policy; keep sts:AssumeRole (or AssumeRoleWithWebIdentity) here');
    }
  }
  // most statements (identity ones) have no principal, and skip the loop without an iterator
  if (statement.principals !== undefined) {
    for (const [type, values] of statement.principals) {
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const problem = principalProblem(type, value.value);
        if (problem) out = withProblem(out, policy, statement, value.location, problem, 'write "*", a 12-digit account id, or a full ARN such as "arn:aws:iam::<account>:root" or "arn:aws:iam::<account>:role/<name>", inside {"AWS": …}');
      }
    }
  }
  const resources = statement.resources;
  if (resources !== undefined && (!RESOURCE_POLICIES.has(policy.kind) || policy.kind === PolicyKind.REGISTRY)) {
    for (let i = 0; i < resources.length; i++) {
      const value = resources[i];
      const problem = resourceProblem(value.value);
      if (problem) out = withProblem(out, policy, statement, value.location, problem.message, problem.fix);
    }
  }
  return out;
}

/** An action a trust policy has no business granting: anything but `sts:` actions and `*`. */
function isPermission(action: Located): boolean {
  return isKnown(action.value) && !/^sts:/i.test(action.value) && action.value !== '*';
}

function withProblem(out: FindingDraft[] | undefined, policy: PolicyView, statement: StatementView,
  location: string, message: string, fix: string): FindingDraft[] {
  const finding = { resource: policy.resource, location, message: `${statementLabel(statement)} ${message}`, fix };
  if (out) out.push(finding);
  return out ?? [finding];
}

/** Why a principal value is refused, or undefined when it is valid or not known at synth. */
function principalProblem(type: string, value: string): string | undefined {
  // the grammar is wrong whatever the string holds
  if (type === '?' && isKnown(value)) return `names its principal as the bare string ${quote(value)}: Principal is "*" or an object such as {"AWS": "…"}.`;
  if (!isKnown(value) || value.includes('${')) return undefined;
  if (type !== 'AWS' || value === '*' || ACCOUNT.test(value) || PRINCIPAL_ARN.test(value)) return undefined;
  if (/^arn:[^:]*:iam::[^:]*:/.test(value) && /[*?]/.test(value)) return `names the principal ${quote(value)} with a wildcard: IAM accepts "*" alone or a full ARN, never a pattern.`;
  const account = /^arn:[^:]*:(?:iam|sts)::([^:]*):/.exec(value)?.[1] ?? value;
  if (!ACCOUNT.test(account)) return `names the principal ${quote(value)}, whose account '${account}' is not a 12-digit account id.`;
  return `names the principal ${quote(value)}, which is not a role, user or account ARN.`;
}

/** Why a resource value is refused, or undefined when it is an ARN, "*", or not known at synth. */
function resourceProblem(value: string): { message: string; fix: string } | undefined {
  if (!isKnown(value) || value.includes('${') || value === '*' || value.startsWith('arn:')) return undefined;
  const image = repositoryOfImage(value);
  if (image) {
    return {
      message: `names ${quote(value)}, a registry URI, where IAM needs an ARN.`,
      fix: `write the repository ARN: "arn:${partitionOf(image.region).partition}:ecr:${image.region}:${image.account}:repository/${image.name}"`,
    };
  }
  return { message: `names ${quote(value)}, which is not an ARN or "*".`, fix: 'write the ARN, e.g. "arn:aws:ecr:<region>:<account>:repository/<name>"' };
}
