import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

// The push grants of each app, as they are made. A registry's managed signing gives every pusher to
// a signed repository signer:SignPayload; its signing rules may be added before or after the grants,
// so the registry reads them when synthesis starts.

/** A grant that lets the grantee push to the repository. */
export interface PushGrant {
  readonly repository: ecr.IRepository;
  readonly grantee: iam.IGrantable;
}

const pushGrantsByApp = new WeakMap<IConstruct, PushGrant[]>();

/** Records a grant that lets the grantee push to the repository. */
export function recordPushGrant(repository: ecr.IRepository, grantee: iam.IGrantable): void {
  const root = repository.node.root;
  const grants = pushGrantsByApp.get(root) ?? [];
  pushGrantsByApp.set(root, grants);
  grants.push({ repository, grantee });
}

/** The push grants recorded in the app of `scope`. */
export function pushGrantsOf(scope: IConstruct): readonly PushGrant[] {
  return pushGrantsByApp.get(scope.node.root) ?? [];
}
