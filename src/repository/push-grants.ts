import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DependencyGroup, IConstruct } from 'constructs';
import { knownRepositoryName } from '../private/ecr-names';
import { isToken } from '../private/input-problems';

// The push grants of each app, as they are made. A registry's managed signing gives every pusher to
// a signed repository signer:SignPayload; its signing rules may be added before or after the grants,
// so the registry reads them when synthesis starts.

// a grant with PutImage lets the grantee write images: a push, or a retag (which ECR signs too)
const PUT_IMAGE = 'ecr:PutImage';

/** A grant that lets the grantee push to a repository, or to every repository of a namespace. */
export interface PushGrant {
  readonly grantee: iam.IGrantable;
  /** The account of the registry pushed to. */
  readonly account: string;
  /** The region of the registry pushed to. */
  readonly region: string;
  /**
   * The repositories, as a name (`team-a/api`) or a pattern of names where `*` is any sequence of
   * characters (`team-a/*`); undefined when it is known only at deploy time.
   */
  readonly names: string | undefined;
  /** Where a warning about the grant is shown: the repository, or the principal of a namespace grant. */
  readonly shownAt: IConstruct;
}

const pushGrantsByApp = new WeakMap<IConstruct, PushGrant[]>();

/** True when the actions let the grantee write images. */
export function isPush(actions: readonly string[]): boolean {
  return actions.includes(PUT_IMAGE);
}

/** Records a grant that lets the grantee push to the repository. */
export function recordPushGrant(repository: ecr.IRepository, grantee: iam.IGrantable): void {
  const { account, region } = repository.env;
  record(repository, { grantee, account, region, names: knownRepositoryName(repository), shownAt: repository });
}

/**
 * Records an identity grant that lets the grantee push to every repository whose name matches
 * `resourceName` (`team-a/*`) in a registry; a name holding a deploy-time value is unknown.
 */
export function recordNamespacePushGrant(shownAt: IConstruct, grantee: iam.IGrantable, resourceName: string, account: string, region: string): void {
  record(shownAt, { grantee, account, region, names: isToken(resourceName) ? undefined : resourceName, shownAt });
}

/**
 * The principals of another account that a returned identity policy is for (`allowAccountPush`):
 * what a grant adds to them goes into that policy, which their account attaches.
 */
export function outsidePushers(accountId: string, document: iam.PolicyDocument): iam.IGrantable {
  return { grantPrincipal: new DocumentPrincipal(accountId, document) };
}

class DocumentPrincipal extends iam.AccountPrincipal {
  constructor(accountId: string, private readonly document: iam.PolicyDocument) {
    super(accountId);
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.document.addStatements(statement);
    // nothing in this app's stacks to depend on: the other account attaches the policy
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }
}

/** The push grants recorded in the app of `scope`. */
export function pushGrantsOf(scope: IConstruct): readonly PushGrant[] {
  return pushGrantsByApp.get(scope.node.root) ?? [];
}

// What each grantee's grants already recorded say: a CI principal folding 500 repositories into one
// namespace grants it once per repository, and each copy would be matched against every signing rule.
const recordedByGrantee = new WeakMap<iam.IGrantable, Set<string>>();

function record(scope: IConstruct, grant: PushGrant): void {
  if (grant.names !== undefined) {
    const recorded = recordedByGrantee.get(grant.grantee) ?? new Set<string>();
    recordedByGrantee.set(grant.grantee, recorded);
    const key = [grant.account, grant.region, grant.names, grant.shownAt.node.path].join('\u0000');
    if (recorded.has(key)) return;
    recorded.add(key);
  }
  const root = scope.node.root;
  const grants = pushGrantsByApp.get(root) ?? [];
  pushGrantsByApp.set(root, grants);
  grants.push(grant);
}
