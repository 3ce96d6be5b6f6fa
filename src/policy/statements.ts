import { createHash } from 'crypto';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../actions/action-sets';
import { findEcrAction } from '../actions/catalog';
import { isToken } from '../private/input-problems';

// The statement builders every grant, every "other side" report and every diagnosis uses, so the
// policy a report prints is the policy a grant would have written.

/**
 * The registry login statement. `ecr:GetAuthorizationToken` is account-level: AWS accepts it only with
 * `Resource: "*"` and only in an identity policy.
 */
export function loginStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: [...EcrActions.LOGIN], resources: ['*'] });
}

/** Identity-side statement: the actions on the given repository ARNs. */
export function repositoryIdentityStatement(actions: readonly string[], repositoryArns: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: [...actions], resources: [...repositoryArns] });
}

/** Repository-policy statement: the actions for the given principals (a repository policy names no resource). */
export function repositoryPolicyStatement(
  actions: readonly string[],
  principals: readonly iam.IPrincipal[],
  conditions?: Record<string, Record<string, unknown>>,
  sid?: string,
): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: [...actions], principals: [...principals], conditions });
}

/** The service principal Lambda pulls container images as. */
export const LAMBDA_SERVICE = 'lambda.amazonaws.com';

/** The repository-policy statement `allowLambdaPull` writes: Lambda pulls for functions of these accounts matching these ARNs. */
export function lambdaPullStatement(
  lambda: iam.IPrincipal, accounts: readonly string[], sourceArns: readonly string[], sid = 'AllowLambdaPull',
): iam.PolicyStatement {
  return repositoryPolicyStatement(EcrActions.LAMBDA_PULL, [lambda], sourceConditions(accounts, sourceArns), sid);
}

/**
 * What Lambda requires, besides the service statement, for a function whose image is in another
 * account's repository: that account trusted to read the image (the principal that creates or
 * updates the function reads it).
 *
 * @param accounts the functions' accounts, as principals (`AccountPrincipal`, or their root ARN written out)
 * @see https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions
 */
export function lambdaAccountTrustStatement(accounts: readonly iam.IPrincipal[], sid?: string): iam.PolicyStatement {
  return repositoryPolicyStatement(EcrActions.LAMBDA_PULL, accounts, undefined, sid);
}

/**
 * The conditions that limit a service principal to acting for the given accounts (and, when known,
 * for the given resources of theirs): without them, the service acting for any account would be
 * allowed, the "confused deputy" of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html.
 */
export function sourceConditions(accounts: readonly string[], sourceArns?: readonly string[]): Record<string, Record<string, unknown>> {
  return {
    StringEquals: { 'aws:SourceAccount': [...accounts] },
    ...(sourceArns === undefined ? {} : { ArnLike: { 'aws:SourceArn': [...sourceArns] } }),
  };
}

/**
 * The identity policy a principal needs for `actions` on the repositories: login on `*` in its own
 * statement, the rest scoped to the repository ARNs.
 */
export function identityPolicyDocument(actions: readonly string[], repositoryArns: readonly string[]): iam.PolicyDocument {
  return new iam.PolicyDocument({ statements: identityPolicyStatements(actions, repositoryArns) });
}

/** The statements of {@link identityPolicyDocument}, for callers that keep them to extend later. */
export function identityPolicyStatements(actions: readonly string[], repositoryArns: readonly string[]): iam.PolicyStatement[] {
  const { wildcardOnly, repositoryScoped } = splitByResourceScope(actions);
  const statements: iam.PolicyStatement[] = [loginStatement()];
  const extraWildcard = wildcardOnly.filter((a) => !EcrActions.LOGIN.includes(a));
  if (extraWildcard.length > 0) statements.push(new iam.PolicyStatement({ actions: extraWildcard, resources: ['*'] }));
  if (repositoryScoped.length > 0) statements.push(repositoryIdentityStatement(repositoryScoped, repositoryArns));
  return statements;
}

/**
 * Splits actions into those AWS accepts only on `*` (login, registry settings) and those that take
 * a repository ARN, from the action catalogue.
 */
export function splitByResourceScope(actions: readonly string[]): { wildcardOnly: string[]; repositoryScoped: string[] } {
  const wildcardOnly: string[] = [];
  const repositoryScoped: string[] = [];
  for (const action of new Set(actions)) {
    (findEcrAction(action)?.wildcardOnly ? wildcardOnly : repositoryScoped).push(action);
  }
  return { wildcardOnly, repositoryScoped };
}

/**
 * A statement id from a prefix and the values it is about (an account, an organization, a prefix): IAM
 * allows only letters and digits in a Sid. Values known only at deploy time leave the Sid out.
 */
export function statementId(prefix: string, ...values: string[]): string | undefined {
  if (values.some(isToken)) return undefined;
  const sid = prefix + values.map((v) => v.replace(/[^A-Za-z0-9]/g, '')).join('');
  // Sids must be unique in a policy: a long one keeps its start and a digest of the whole
  return sid.length <= 100 ? sid : sid.slice(0, 92) + createHash('sha256').update(sid).digest('hex').slice(0, 8);
}

/**
 * Registry-policy statement: a registry policy names the principals and the repositories (as ARNs or
 * ARN patterns under the registry), unlike a repository policy.
 */
export function registryPolicyStatement(
  actions: readonly string[],
  principals: readonly iam.IPrincipal[],
  repositoryArns: readonly string[],
  conditions?: Record<string, Record<string, unknown>>,
  sid?: string,
): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: [...actions], principals: [...principals], resources: [...repositoryArns], conditions });
}
