import * as iam from 'aws-cdk-lib/aws-iam';
import { ReplicationRule } from './replication';
import { RegistryScanning } from './scanning';
import { SigningRule } from './signing';

// What users pass to EcrRegistry and its registry-policy grants, apart from the construct itself
// (as src/repository/repository-props.ts does for PushableRepository).

/**
 * Properties for an {@link EcrRegistry}.
 */
export interface EcrRegistryProps {
  /**
   * The registry's image scanning configuration (basic or enhanced, with rules by repository filter).
   *
   * @default - the scanning configuration is left as it is
   */
  readonly scanning?: RegistryScanning;

  /**
   * Replication rules: which repositories are copied to which regions and accounts.
   *
   * @default - none; add them with `addReplicationRule`
   */
  readonly replicationRules?: ReplicationRule[];

  /**
   * Managed signing: images pushed to the repositories each rule matches are signed with its AWS
   * Signer profile, using the identity of the pusher. Every push grant of this app to a matching
   * repository of this registry also gets `signer:SignPayload` on the profile.
   *
   * @default - no signing configuration is written; add rules with `addSigningRule`
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html
   */
  readonly signingRules?: SigningRule[];

  /**
   * Roles whose pulls do not update an image's last recorded pull time: scanners and audit roles
   * that pull every image would otherwise keep every image "recently pulled", so lifecycle rules
   * counting `SINCE_IMAGE_PULLED` never archive any. Amazon Inspector's pulls never count, so it
   * needs none. Up to 100 per account; each role once.
   *
   * @default - none; add them with `addPullTimeUpdateExclusion`
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-time-update-exclusions.html
   */
  readonly pullTimeUpdateExclusions?: iam.IRole[];

  /**
   * The registry setting `BLOB_MOUNTING`: with `true`, a push mounts layers that another repository
   * of the registry already holds instead of uploading them again, when the pusher may read them
   * (`PushableRepository.grantPushMountingFrom`); `false` turns it off. CloudFormation has no
   * resource for ECR's account settings, so a custom resource sets it: a Lambda function and its
   * role in this stack, allowed `ecr:PutAccountSetting` for `BLOB_MOUNTING` only. Deleting the
   * stack leaves the setting as it is, since every stack and pipeline of the registry shares it.
   *
   * @default - the setting is left as it is
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html
   */
  readonly blobMounting?: boolean;
}

/**
 * Options for the registry-policy grants of an {@link EcrRegistry}.
 */
export interface RegistryAccessOptions {
  /**
   * Limit the grant to the repositories of a namespace: `base/` (or `base`: the same) means the
   * repositories named `base/…`. A text pattern written with its `*` (`base-*`) covers the names
   * that start with that text.
   *
   * @default - every repository of the registry
   */
  readonly namespace?: string;
}

/**
 * Options for {@link EcrRegistry.allowReplicationFrom}.
 */
export interface ReplicationSourceOptions {
  /**
   * The name prefixes the source replicates (its rule's `repositoryPrefixes`), to allow only those.
   *
   * @default - every repository name
   */
  readonly repositoryPrefixes?: string[];
}
