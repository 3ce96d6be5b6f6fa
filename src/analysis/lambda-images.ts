import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessModel } from './access-model';
import { UnknownParts } from './arn-pattern';
import { isKnown } from './cfn-values';
import { ImageRepository, repositoryOfImage } from './image-uri';
import { LambdaImageView, RepositoryView } from './model-views';
import { ecrActionsOf, StatementView } from './policy-view';
import { PrincipalMatch, principalValueMatch } from './principal-match';
import { EcrActions } from '../actions/action-sets';
import { LAMBDA_SERVICE, lambdaAccountTrustStatement, lambdaPullStatement } from '../policy/statements';

// A Lambda function whose container image is in a repository of another account: Lambda pulls the
// image as its service principal, which has no identity policy, so the repository's policy alone
// decides. AWS requires two statements there: the Lambda service for the function's account (and
// function), and that account itself trusted to read the image. In the function's own account Lambda
// writes them when it creates the function.
// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions

/** What a function of another account still needs in its image's repository policy. */
export interface LambdaImageNeed {
  readonly fn: LambdaImageView;
  readonly repository: ImageRepository;
  /** The repository when the app defines it (its policy is then known), else undefined. */
  readonly inApp?: RepositoryView;
  /** The statements its policy must add, as the library's builders write them. */
  readonly statements: iam.PolicyStatement[];
  /** Whether the function's name is generated at deployment (the statement then names every function of its account). */
  readonly generatedName: boolean;
}

/**
 * The statements a function's image repository of another account lacks, or undefined when it lacks
 * none (or the function is not such a case). The app's repository policy is read with its
 * conditions assumed to hold, except `aws:SourceAccount` with known values, which names the accounts.
 */
export function lambdaImageNeed(model: AccessModel, fn: LambdaImageView): LambdaImageNeed | undefined {
  const repository = repositoryOfImage(fn.imageUri);
  if (!repository || !isKnown(fn.account) || repository.account === fn.account) return undefined;
  const inApp = model.repositoryByArn(`arn:${fn.partition}:ecr:${repository.region}:${repository.account}:repository/${repository.name}`);
  const statements = inApp?.policy?.statements.filter((s) => s.effect === 'Allow' && coversLambdaPull(s)) ?? [];
  const generatedName = !isKnown(fn.functionArn);
  const functionArn = generatedName ? `arn:${fn.partition}:lambda:${fn.region}:${fn.account}:function:*` : fn.functionArn;
  const missing: iam.PolicyStatement[] = [];
  if (!statements.some((s) => allowsLambdaFor(s, fn.account))) {
    missing.push(lambdaPullStatement(iam.ServicePrincipal.fromStaticServicePrincipleName(LAMBDA_SERVICE), [fn.account], [functionArn]));
  }
  if (!statements.some((s) => trustsAccount(s, fn.account))) {
    missing.push(lambdaAccountTrustStatement([new iam.ArnPrincipal(`arn:${fn.partition}:iam::${fn.account}:root`)]));
  }
  return missing.length === 0 ? undefined : { fn, repository, inApp, statements: missing, generatedName };
}

function coversLambdaPull(statement: StatementView): boolean {
  const actions = ecrActionsOf(statement);
  return EcrActions.LAMBDA_PULL.every((a) => actions.has(a));
}

function allowsLambdaFor(statement: StatementView, account: string): boolean {
  const named = [...statement.principals?.get('Service') ?? [], ...statement.principals?.get('AWS') ?? []]
    .some(({ value }) => principalValueMatch('Service', value, { service: LAMBDA_SERVICE }, UnknownParts.OPTIMISTIC).match !== PrincipalMatch.NONE);
  if (!named) return false;
  const sourceAccounts = statement.condition?.StringEquals?.['aws:SourceAccount'];
  const values = sourceAccounts === undefined ? [] : [sourceAccounts].flat();
  return values.length === 0 || values.some((v) => typeof v !== 'string' || !isKnown(v) || v === account);
}

function trustsAccount(statement: StatementView, account: string): boolean {
  return (statement.principals?.get('AWS') ?? [])
    .some(({ value }) => principalValueMatch('AWS', value, { account }, UnknownParts.OPTIMISTIC).match !== PrincipalMatch.NONE);
}
