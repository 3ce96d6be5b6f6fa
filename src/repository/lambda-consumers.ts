import { ArnFormat, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

// aws-cdk-lib's `DockerImageCode.fromEcr(repository)` grants pull to a bare
// `ServicePrincipal('lambda.amazonaws.com')`: the grant itself does not say which function it is
// for. The functions are found instead by their image URI, which embeds the repository's name.


/** How a function's account relates to its repository's account. */
export enum ConsumerAccount {
  /** The repository's account (or both are known only at deploy time, which counts as the same). */
  SAME = 'same',
  /** Another account, known at synth. */
  OTHER = 'other',
  /** The function's stack has no account while the repository's is known: which account is unknown. */
  UNKNOWN = 'unknown',
}

/** A Lambda function of the app whose container image is in a given repository. */
export interface LambdaConsumer {
  /**
   * The function's `AWS::Lambda::Function`, where warnings about it go: below the function, so that
   * acknowledging on the function (or any scope above it) covers them.
   */
  readonly resource: lambda.CfnFunction;
  /** The function's construct path, as users know it (the L2 function's). */
  readonly path: string;
  readonly relation: ConsumerAccount;
  /** The function's account, written so the repository's stack can use it (its own account when SAME). */
  readonly account: string;
  /**
   * The function's ARN when its name is fixed, else every function of its account and region: a
   * generated name exists only after deployment, and naming the function from the repository's
   * policy would make each depend on the other.
   */
  readonly sourceArn: string;
}

/** The Lambda functions of the app whose container image is in the repository. */
export function lambdaConsumersOf(repository: ecr.IRepository): LambdaConsumer[] {
  const consumers: LambdaConsumer[] = [];
  for (const node of functionsOf(repository.node.root)) {
    const imageUri = Token.isUnresolved(node.code) ? undefined : (node.code as lambda.CfnFunction.CodeProperty).imageUri;
    if (typeof imageUri !== 'string' || !isImageOf(imageUri, repository)) continue;
    consumers.push(consumer(repository, node));
  }
  return consumers;
}

// Every repository of the app asks when synthesis prepares it and again when its policy is
// resolved: walking the whole tree each time made synth quadratic in the number of repositories
// (2,000 repositories: 38 s instead of 4 s). The functions are found once for a synthesis, which
// runs in one go, and forgotten after it, so a tree changed later is walked again.
const functionsByRoot = new WeakMap<IConstruct, lambda.CfnFunction[]>();

function functionsOf(root: IConstruct): lambda.CfnFunction[] {
  let functions = functionsByRoot.get(root);
  if (functions === undefined) {
    functions = root.node.findAll().filter((node): node is lambda.CfnFunction => node instanceof lambda.CfnFunction);
    functionsByRoot.set(root, functions);
    queueMicrotask(() => functionsByRoot.delete(root));
  }
  return functions;
}

function consumer(repository: ecr.IRepository, fn: lambda.CfnFunction): LambdaConsumer {
  const home = Stack.of(repository);
  const stack = Stack.of(fn);
  const comparison = Token.compareStrings(stack.account, repository.env.account);
  const relation = comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED ? ConsumerAccount.SAME
    : Token.isUnresolved(stack.account) ? ConsumerAccount.UNKNOWN : ConsumerAccount.OTHER;
  const account = relation === ConsumerAccount.OTHER ? stack.account : repository.env.account;
  const name = fn.functionName;
  const sourceArn = home.formatArn({
    service: 'lambda',
    account,
    // Lambda uses images of its own region only: the repository's
    region: Token.isUnresolved(stack.region) ? repository.env.region : stack.region,
    resource: 'function',
    resourceName: name !== undefined && !Token.isUnresolved(name) ? name : '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const path = (fn.node.scope instanceof lambda.Function ? fn.node.scope : fn).node.path;
  return { resource: fn, path, relation, account, sourceArn };
}

/**
 * Whether an image URI names this repository. A repository defined in the app is named by its
 * name token, which appears as such in every URI made from it, and, when it has a fixed physical
 * name, by that name too: a function may reach it through an import of its name or ARN
 * (`ecr.Repository.fromRepositoryName`), whose URI holds the name as text. An imported repository
 * is named by its name as text. Either way the URI's account and Region must be the repository's
 * where both are known.
 */
function isImageOf(imageUri: string, repository: ecr.IRepository): boolean {
  const name = repository.repositoryName;
  if (!Token.isUnresolved(name)) return namesRepository(imageUri, name, repository);
  if (imageUri.includes(name)) return true;
  const physicalName = repository instanceof ecr.Repository ? (repository.node.defaultChild as ecr.CfnRepository).repositoryName : undefined;
  return physicalName !== undefined && !Token.isUnresolved(physicalName) && namesRepository(imageUri, physicalName, repository);
}

// the IPv4 host `<account>.dkr.ecr.<region>.<suffix>`, the dual-stack `<account>.dkr-ecr.<region>.on.aws`,
// and their FIPS forms (`dkr.ecr-fips`, `dkr-ecr-fips`)
const REGISTRY_MARKER = /\.dkr[.-]ecr(?:-fips)?\./;

/** Whether `<account>.dkr.ecr.<region>.<suffix>/<name>[:tag|@digest]` (or its dual-stack host) is an image of the repository named `name`. */
function namesRepository(imageUri: string, name: string, repository: ecr.IRepository): boolean {
  const slash = imageUri.indexOf('/');
  const path = imageUri.slice(slash + 1);
  if (path !== name && !path.startsWith(`${name}:`) && !path.startsWith(`${name}@`)) return false;
  const host = imageUri.slice(0, slash);
  const marker = REGISTRY_MARKER.exec(host);
  if (marker === null) return false;
  const at = marker.index;
  const rest = host.slice(at + marker[0].length);
  // a token's text holds dots of its own
  const region = rest.startsWith('${Token[') ? rest.slice(0, rest.indexOf(']}') + 2) : rest.split('.')[0];
  return sameOrUnknown(host.slice(0, at), repository.env.account) && sameOrUnknown(region, repository.env.region);
}

function sameOrUnknown(a: string, b: string): boolean {
  return Token.isUnresolved(a) || Token.isUnresolved(b) || a === b;
}
