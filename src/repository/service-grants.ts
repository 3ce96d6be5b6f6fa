import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConsumerAccount, LAMBDA_SERVICE, lambdaConsumersOf } from './lambda-consumers';
import { repositoryPolicyStatement, sourceConditions } from '../policy/statements';

// A repository-policy statement for a service principal (`lambda.amazonaws.com`) allows that
// service acting for any account, unless `aws:SourceAccount` / `aws:SourceArn` say for whom
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). aws-cdk-lib's consumers
// grant to bare service principals (`DockerImageCode.fromEcr` calls
// `grantPull(new ServicePrincipal('lambda.amazonaws.com'))`), so every such grant is limited here.

const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOwner', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

/**
 * The AWS service a principal stands for (`lambda.amazonaws.com`), when it is a service principal
 * that does not already say for whom the service acts (`ServicePrincipal.withConditions` with a
 * source key is the caller's own limit, written as given).
 */
export function serviceOf(principal: iam.IPrincipal): string | undefined {
  if (principal.principalAccount !== undefined) return undefined;
  const fragment = principal.policyFragment;
  const json = fragment.principalJson;
  if (Object.keys(json).length !== 1 || json.Service?.length !== 1) return undefined;
  const conditions = Object.values(fragment.conditions ?? {}) as Array<Record<string, unknown>>;
  if (conditions.some((condition) => SOURCE_KEYS.some((key) => key in condition))) return undefined;
  return principal instanceof iam.ServicePrincipal ? principal.service : json.Service[0];
}

/** For whom a service may act on a repository: accounts, and the resources of theirs when known. */
export interface SourceLimits {
  readonly accounts: string[];
  readonly sourceArns?: string[];
}

/**
 * For whom a service may act on a repository. Lambda: the functions of this app whose image is in
 * the repository (by ARN when their name is fixed, else every function of their account), or, with
 * none in the app, the functions of the repository's own account. Any other service: the
 * repository's own account. The repository's account is the default because a service principal
 * acting for it is what a same-account grant means; trusting a service for another account is a
 * decision the app states with a consumer it defines (or with `allowLambdaPull({ accounts })`).
 */
export function sourceLimits(repository: ecr.IRepository, service: string): SourceLimits {
  const account = repository.env.account;
  if (service !== LAMBDA_SERVICE) return { accounts: [account] };
  const consumers = lambdaConsumersOf(repository).filter((c) => c.relation !== ConsumerAccount.UNKNOWN);
  if (consumers.length === 0) {
    const everyFunction = Stack.of(repository).formatArn({
      service: 'lambda', account, region: repository.env.region, resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { accounts: [account], sourceArns: [everyFunction] };
  }
  const wildcard = new Set(consumers.filter((c) => c.sourceArn.endsWith(':function:*')).map((c) => c.account));
  const sourceArns = consumers.filter((c) => !wildcard.has(c.account) || c.sourceArn.endsWith(':function:*')).map((c) => c.sourceArn);
  return { accounts: unique(consumers.map((c) => c.account)), sourceArns: unique(sourceArns) };
}

/**
 * Grants a service principal repository actions in the repository policy, limited by
 * {@link sourceLimits}. The limits are worked out when the template is written, after the whole
 * app is built: a Lambda function is created after the grant its image code makes.
 */
export class ServiceGrants {
  private readonly grants = new Map<string, iam.Grant>();

  constructor(private readonly repository: ecr.Repository) {}

  public grant(grantee: iam.IGrantable, service: string, actions: readonly string[]): iam.Grant {
    const key = `${service}|${[...actions].sort().join(',')}`;
    const existing = this.grants.get(key);
    if (existing) return existing;
    const limits = () => sourceLimits(this.repository, service);
    const statement = repositoryPolicyStatement(actions, [grantee.grantPrincipal], sourceConditions(
      Lazy.list({ produce: () => limits().accounts }),
      service === LAMBDA_SERVICE ? Lazy.list({ produce: () => limits().sourceArns }) : undefined,
    ));
    const grant = iam.Grant.addStatementToResourcePolicy({
      grantee, actions: [...actions], resourceArns: [this.repository.repositoryArn], resource: this.repository, statement,
    });
    this.grants.set(key, grant);
    return grant;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
