import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ServiceGrants } from './service-grants';
import { EcrActions } from '../actions/action-sets';
import { LAMBDA_SERVICE, lambdaAccountTrustStatement, lambdaPullStatement, repositoryIdentityStatement } from '../policy/statements';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Options for {@link PushableRepository.allowLambdaPull}.
 */
export interface LambdaPullOptions {
  /**
   * Accounts whose Lambda functions may use images from this repository.
   *
   * @default - this repository's account
   */
  readonly accounts?: string[];

  /**
   * Which functions, as a function-name pattern with IAM wildcards (`api-*`).
   *
   * @default '*' - every function in those accounts
   */
  readonly functionNamePattern?: string;
}

/**
 * What `allowLambdaPull` writes on a repository of the app: for each call, a statement that lets
 * Lambda pull for the functions of the given accounts, and the trust of each other account Lambda
 * requires for cross-account images; recorded with the repository's service grants, so a function
 * found later is not granted twice.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions
 */
export class LambdaPulls {
  private calls = 0;

  constructor(private readonly repository: ecr.Repository, private readonly serviceGrants: ServiceGrants) {}

  /** Writes one `allowLambdaPull` call; returns the identity policy of the principals that deploy the functions. */
  public allow(options: LambdaPullOptions): iam.PolicyDocument {
    const stack = Stack.of(this.repository);
    const problems = new InputProblems(`PushableRepository.allowLambdaPull() at '${this.repository.node.path}'`);
    const accounts = options.accounts ?? [stack.account];
    if (options.accounts !== undefined && options.accounts.length === 0) {
      problems.add('accounts', options.accounts, 'is empty, so no function could pull', 'list at least one account id, or omit accounts for this repository\'s account');
    }
    accounts.forEach((account, i) => checkAccountId(problems, `accounts[${i}]`, account));
    const pattern = options.functionNamePattern ?? '*';
    if (!isToken(pattern) && !/^[a-zA-Z0-9_*?-]{1,140}$/.test(pattern)) {
      problems.add('functionNamePattern', pattern, 'is not a Lambda function name pattern (letters, digits, \'-\', \'_\' and the wildcards \'*\' and \'?\')',
        'use a name or a pattern such as \'api-*\'');
    }
    problems.throwIfAny();

    const sourceArns = accounts.map((account) => stack.formatArn({
      service: 'lambda', account, resource: 'function', resourceName: pattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }));
    // a policy with two statements of one Sid fails to deploy: each further call's statements are numbered
    const call = ++this.calls;
    const suffix = call === 1 ? '' : `${call}`;
    this.repository.addToResourcePolicy(lambdaPullStatement(new iam.ServicePrincipal(LAMBDA_SERVICE), accounts, sourceArns, `AllowLambdaPull${suffix}`));
    this.serviceGrants.lambdaPullAllowed(accounts, pattern);

    const otherAccounts = [...new Set(accounts)]
      .filter((account) => !isToken(account) && account !== stack.account && !this.serviceGrants.trustsLambdaAccount(account));
    this.serviceGrants.lambdaAccountsTrusted(otherAccounts);
    if (otherAccounts.length > 0) {
      this.repository.addToResourcePolicy(lambdaAccountTrustStatement(otherAccounts.map((account) => new iam.AccountPrincipal(account)),
        `AllowLambdaPullCrossAccount${suffix}`));
    }
    return new iam.PolicyDocument({ statements: [repositoryIdentityStatement(EcrActions.LAMBDA_PULL, [this.repository.repositoryArn])] });
  }
}
