import { ArnFormat, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConsumerAccount, LambdaConsumer, lambdaConsumersOf } from './lambda-consumers';
import { EcrActions } from '../actions/action-sets';
import { renderPolicyJson } from '../policy/render';
import { LAMBDA_SERVICE, lambdaAccountTrustStatement, repositoryPolicyStatement, sourceConditions } from '../policy/statements';
import { beforeSynth } from '../private/before-synth';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

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
 * The conditions that limit services to acting for {@link sourceLimits}, worked out when the
 * template is written: `aws:SourceAccount`, and `aws:SourceArn` when every service is Lambda.
 */
function lazySourceConditions(repository: ecr.IRepository, services: readonly string[]): Record<string, Record<string, unknown>> {
  const limits = () => services.map((service) => sourceLimits(repository, service));
  const lambdaOnly = services.every((service) => service === LAMBDA_SERVICE);
  return sourceConditions(
    Lazy.list({ produce: () => unique(limits().flatMap((l) => l.accounts)) }),
    lambdaOnly ? Lazy.list({ produce: () => unique(limits().flatMap((l) => l.sourceArns ?? [])) }) : undefined,
  );
}

/**
 * A statement for a repository's policy as this library writes it: an Allow whose principals are
 * all service principals that do not say for whom the service acts (aws-cdk-lib's CodeBuild writes
 * `codebuild.amazonaws.com` so with `ImagePullPrincipalType.CODEBUILD`) is limited as a grant to
 * those services is, on a copy (the caller's statement is left as it is). Any other statement is
 * written as given: a statement that already names a source, or names other principals too, whose
 * requests carry no `aws:SourceAccount` (the checks report such a statement instead).
 */
export function limitedServiceStatement(repository: ecr.IRepository, statement: iam.PolicyStatement): iam.PolicyStatement {
  if (statement.effect !== iam.Effect.ALLOW || statement.principals.length === 0) return statement;
  const services = statement.principals.map(serviceOf);
  if (services.some((service) => service === undefined)) return statement;
  const conditions = Object.values(statement.conditions ?? {}) as Array<Record<string, unknown>>;
  if (conditions.some((condition) => SOURCE_KEYS.some((key) => key in condition))) return statement;
  const limited = statement.copy();
  limited.addConditions(lazySourceConditions(repository, unique(services as string[])));
  return limited;
}

/**
 * Grants a service principal repository actions in the repository policy, limited by
 * {@link sourceLimits}. The limits are worked out when the template is written, after the whole
 * app is built: a Lambda function is created after the grant its image code makes.
 *
 * A Lambda function of another account also needs that account trusted for `ecr:BatchGetImage` and
 * `ecr:GetDownloadUrlForLayer` (the principal that creates or updates the function must read the
 * image): that statement is written too, once per account. A function in a stack without an account
 * gets a warning with the statements instead, because nothing here can tell which account it is.
 * For an imported repository, whose policy this app cannot write, the statements are a warning.
 * A repository of the app also looks for functions that reach it through a separate import of its
 * name or ARN (whose grant writes nothing here) and grants Lambda for them as `fromEcr` would.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions
 */
export class ServiceGrants {
  private readonly grants = new Map<string, iam.Grant>();
  /** Accounts already trusted for Lambda's cross-account pull (by `allowLambdaPull`). */
  private readonly lambdaAccounts = new Set<string>();
  /** The functions `allowLambdaPull` lets Lambda pull for: accounts and a function-name pattern. */
  private readonly lambdaPulls: Array<{ readonly accounts: readonly string[]; readonly pattern: string }> = [];
  private readonly statements: iam.PolicyStatement[] = [];
  private lambda = false;
  private connected = false;

  constructor(private readonly repository: ecr.IRepository) {
    // a repository of the app: a Lambda function may use it through an import of its name or ARN,
    // whose grant writes nothing here, so its consumers are looked for once the app is complete
    if (this.writable) this.connectBeforeSynth();
  }

  public grant(grantee: iam.IGrantable, service: string, actions: readonly string[]): iam.Grant {
    const key = `${service}|${[...actions].sort().join(',')}`;
    const existing = this.grants.get(key);
    if (existing) return existing;
    const statement = repositoryPolicyStatement(actions, [grantee.grantPrincipal], lazySourceConditions(this.repository, [service]));
    this.statements.push(statement);
    const grant = iam.Grant.addStatementToResourcePolicy({
      grantee, actions: [...actions], resourceArns: [this.repository.repositoryArn], resource: this.repository, statement,
    });
    this.grants.set(key, grant);
    this.lambda ||= service === LAMBDA_SERVICE;
    if (this.lambda || !this.writable) this.connectBeforeSynth();
    return grant;
  }

  /** Whether a statement is one of these grants' (an imported repository warns about them all at once). */
  public wrote(statement: iam.PolicyStatement): boolean {
    return this.statements.includes(statement);
  }

  /** Records accounts `allowLambdaPull` trusted itself, so they are not trusted twice. */
  public lambdaAccountsTrusted(accounts: readonly string[]): void {
    accounts.forEach((account) => this.lambdaAccounts.add(account));
  }

  /** Whether an account is trusted already for Lambda's cross-account pull. */
  public trustsLambdaAccount(account: string): boolean {
    return this.lambdaAccounts.has(account);
  }

  /** Records the functions an `allowLambdaPull` call covers, so a function found through an import needs no statement of its own. */
  public lambdaPullAllowed(accounts: readonly string[], functionNamePattern: string): void {
    this.lambdaPulls.push({ accounts, pattern: functionNamePattern });
  }

  /** Whether this app writes the repository's policy (it defines the repository). */
  private get writable(): boolean {
    return this.repository instanceof ecr.Repository;
  }

  private connectBeforeSynth(): void {
    if (this.connected) return;
    this.connected = true;
    beforeSynth(this.repository, () => this.connect());
  }

  private connect(): void {
    const found = this.lambda || this.writable ? lambdaConsumersOf(this.repository) : [];
    // functions that reached this repository through an import, and that no allowLambdaPull covers:
    // the two actions Lambda pulls an image with, limited to them as a grant by fromEcr is
    if (!this.lambda && found.some((c) => !this.allowedForLambda(c))) {
      this.grant(new iam.ServicePrincipal(LAMBDA_SERVICE), LAMBDA_SERVICE, EcrActions.LAMBDA_PULL);
    }
    const consumers = this.lambda ? found : [];
    const others = unique(consumers.filter((c) => c.relation === ConsumerAccount.OTHER).map((c) => c.account))
      .filter((account) => !this.lambdaAccounts.has(account));
    const trust = others.length > 0 ? [lambdaAccountTrust(others)] : [];
    if (this.writable) {
      this.lambdaAccountsTrusted(others);
      trust.forEach((statement) => this.repository.addToResourcePolicy(statement));
    } else {
      this.warnPolicyRequired([...this.statements, ...trust]);
    }
    for (const consumer of consumers.filter((c) => c.relation === ConsumerAccount.UNKNOWN)) this.warnAccountUnknown(consumer);
  }

  private allowedForLambda(consumer: LambdaConsumer): boolean {
    const name = consumer.resource.functionName;
    return this.lambdaPulls.some(({ accounts, pattern }) => accounts.includes(consumer.account)
      && (pattern === '*' || (name !== undefined && !Token.isUnresolved(name) && matchesPattern(pattern, name))));
  }

  private warnPolicyRequired(statements: iam.PolicyStatement[]): void {
    const repository = this.repository;
    const services = unique(this.statements.map((s) => serviceOf(s.principals[0]) ?? ''));
    const account = Token.isUnresolved(repository.env.account) ? 'its account' : `account ${repository.env.account}`;
    warn(repository, EcrWarnings.REPOSITORY_POLICY_REQUIRED,
      `Repository '${repository.repositoryName}' is imported, so this app cannot change its repository policy, and ${services.join(', ')} ` +
      'may use the repository only when that policy allows it (a service principal has no identity policy): in ' + account +
      ', add these statements to the repository policy (a PushableRepository there writes them for its own grants):\n' +
      renderPolicyJson(repository, new iam.PolicyDocument({ statements })));
  }

  private warnAccountUnknown(consumer: LambdaConsumer): void {
    const repository = this.repository;
    const stack = Stack.of(consumer.resource);
    const account = `<account of stack '${stack.node.path}'>`;
    const functions = Stack.of(repository).formatArn({
      service: 'lambda', account, region: repository.env.region, resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const document = new iam.PolicyDocument({
      statements: [
        repositoryPolicyStatement(EcrActions.LAMBDA_PULL, [new iam.ServicePrincipal(LAMBDA_SERVICE)], sourceConditions([account], [functions])),
        lambdaAccountTrust([account]),
      ],
    });
    warn(consumer.resource, EcrWarnings.LAMBDA_ACCOUNT_UNKNOWN,
      `Lambda function '${consumer.path}' uses images of repository '${repository.node.path}' (account ${repository.env.account}), ` +
      `but stack '${stack.node.path}' has no account, so this app cannot tell which account the function is in and trusts only the ` +
      'repository\'s own: in any other account, Lambda is denied the image (\'Lambda does not have permission to access the ECR image\'). ' +
      `Give stack '${stack.node.path}' an env.account, or call allowLambdaPull({ accounts: ['<its account>'] }) on the repository, ` +
      'which writes these statements:\n' + renderPolicyJson(repository, document));
  }
}

/** What Lambda requires besides the service statement for an image of another account: that account trusted to read it. */
function lambdaAccountTrust(accounts: readonly string[]): iam.PolicyStatement {
  return lambdaAccountTrustStatement(accounts.map((account) => new iam.AccountPrincipal(account)));
}

/** IAM's wildcards in a function-name pattern: `*` any run of characters, `?` one. */
function matchesPattern(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
