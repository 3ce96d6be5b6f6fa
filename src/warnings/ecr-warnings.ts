/**
 * The ids of the warnings this library adds at synth, to acknowledge a warning once what it asks for
 * is in place (or the risk it names is accepted):
 *
 * ```ts
 * import { Annotations } from 'aws-cdk-lib';
 * import { EcrWarnings } from 'cdk-ecr-access';
 *
 * declare const stack: Stack;
 * Annotations.of(stack).acknowledgeWarning(EcrWarnings.REPOSITORY_POLICY_REQUIRED, 'the owner added the statement');
 * ```
 *
 * An acknowledgement covers the construct it is made on and everything below it: make it on the
 * construct the warning is shown at, or on a scope above it (its stack, a stage, the app), before
 * or after the code that causes the warning. The rule ids of `EcrAccessChecks` are acknowledged
 * with `EcrAccessChecks.acknowledge` instead.
 */
export class EcrWarnings {
  /**
   * A grant names a principal this app cannot attach policies to (a role imported from another
   * account, say), so ECR denies it until the identity policy in the message is attached to it.
   * Shown on the grantee. Attach the policy in the principal's account, then acknowledge.
   */
  public static readonly IDENTITY_POLICY_REQUIRED = 'cdk-ecr-access:identityPolicyRequired';

  /**
   * A grantee needs the repository's side too (it is in another account, or is a service principal),
   * and that side is not this app's to write: the repository is imported, or a namespace grant names
   * repositories of another account. Shown on the imported repository (or the `EcrCiPrincipal`),
   * with the statements the owner must add. Once they are in the repository (or registry) policy,
   * acknowledge.
   */
  public static readonly REPOSITORY_POLICY_REQUIRED = 'cdk-ecr-access:repositoryPolicyRequired';

  /**
   * An action pattern given to a repository's `grant()` (`ecr:*`) also matches registry-level
   * actions, which configure the whole registry and are left out. Shown on the repository. Name the
   * action in `grant()` if the grantee needs it (it goes on `*`), otherwise acknowledge.
   */
  public static readonly REGISTRY_ACTIONS_NOT_GRANTED = 'cdk-ecr-access:registryActionsNotGranted';

  /**
   * One of your lifecycle rules (`lifecycleRules`, `addLifecycleRule`, a creation template's) can
   * expire tagged images, which a running deployment may still pull. Shown on the repository or
   * creation template. Keep the tags your deployments use out of the rule, or acknowledge if losing
   * those images is intended.
   */
  public static readonly LIFECYCLE_EXPIRES_TAGGED_IMAGES = 'cdk-ecr-access:lifecycleExpiresTaggedImages';

  /**
   * A Lambda function uses a repository's images from a stack without an account, so the account
   * its functions run in cannot be trusted for Lambda's pull. Shown on the function. Give its stack an
   * `env.account`, or call `allowLambdaPull({ accounts })` on the repository and acknowledge.
   */
  public static readonly LAMBDA_ACCOUNT_UNKNOWN = 'cdk-ecr-access:lambdaAccountUnknown';

  /**
   * A role or user needs more managed policies than IAM allows by default (10), so the deployment
   * fails unless the account's quota was raised. Shown on the role or user. Grant namespaces instead
   * of repositories one by one, or acknowledge once the quota is raised.
   */
  public static readonly MANAGED_POLICY_QUOTA = 'cdk-ecr-access:managedPolicyQuota';

  /**
   * An `EcrCiPrincipal` whose provider trusts pull-request runs may push or create repositories:
   * the code of any pull request could publish an image. Shown on the principal. Give pull requests
   * a separate role that only pulls, or acknowledge.
   */
  public static readonly PULL_REQUESTS_CAN_PUSH = 'cdk-ecr-access:pullRequestsCanPush';

  /**
   * `EcrCiPrincipal.allowCreateOnPush` for a namespace that no `CREATE_ON_PUSH` creation template of
   * the app covers, so a push to a new name fails unless the registry has one made outside this app.
   * Shown on the principal. Add the template with `EcrRegistry.addCreationTemplate`, or acknowledge
   * when the registry's template is managed elsewhere.
   */
  public static readonly CREATE_ON_PUSH_WITHOUT_TEMPLATE = 'cdk-ecr-access:createOnPushWithoutTemplate';

  /**
   * A replication rule's destination is in another account that has no `EcrRegistry` in this app, so
   * that registry's policy must allow this account (the statement is in the message). Shown on the
   * source `EcrRegistry`. Add the statement there (`allowReplicationFrom`), then acknowledge.
   */
  public static readonly REPLICATION_REGISTRY_POLICY_REQUIRED = 'cdk-ecr-access:replicationRegistryPolicyRequired';

  /**
   * `EcrAccessReport` could not read the app's templates, so no report was written (the message says
   * why). Shown on the scope the report was added to as an Aspect. Acknowledge when no report is wanted there.
   */
  public static readonly ACCESS_REPORT_NOT_WRITTEN = 'cdk-ecr-access:accessReportNotWritten';

  /**
   * A GitHub Actions role accepts the name-based subjects `repo:<owner>/<repository>:…` until a
   * moment (`nameSubjectsUntil`) that has passed, so IAM refuses them now. Shown on the
   * `EcrCiPrincipal`. Remove `nameSubjectsUntil` once every workflow sends the immutable subject.
   */
  public static readonly GITHUB_NAME_SUBJECTS_EXPIRED = 'cdk-ecr-access:gitHubNameSubjectsExpired';

  /**
   * A pull-through cache rule caches a private ECR registry of another account that has no
   * `EcrRegistry` in this app, so that registry's policy must allow this account to read and import
   * its images (the statement is in the message, and `PullThroughCacheRule.upstreamRegistryPolicy()`
   * returns it). Shown on the rule. Add the statement in the upstream account, then acknowledge.
   */
  public static readonly UPSTREAM_REGISTRY_POLICY_REQUIRED = 'cdk-ecr-access:upstreamRegistryPolicyRequired';

  /**
   * A pull-through cache rule with an Amazon ECR upstream is in a region of the China or AWS
   * GovCloud (US) partitions, where AWS documents ECR-to-ECR pull-through cache as unavailable (the
   * GovCloud guide says it works within the partition: the two pages disagree). Shown on the rule.
   * Acknowledge once you have confirmed that the region supports it.
   */
  public static readonly ECR_UPSTREAM_UNAVAILABLE = 'cdk-ecr-access:ecrUpstreamUnavailable';

  /**
   * A push grant names repositories known only at deploy time (a generated repository name, a
   * namespace from a parameter) while the registry has managed signing rules with repository
   * filters, so synth cannot tell whether they sign its pushes, and gives no `signer:SignPayload` for
   * them. Shown on the repository (or the `EcrCiPrincipal`). Give the repository a `repositoryName`,
   * or attach the statement in the message when a rule matches, then acknowledge.
   */
  public static readonly SIGNING_REPOSITORY_NAME_UNKNOWN = 'cdk-ecr-access:signingRepositoryNameUnknown';

  /**
   * A pusher signs with a managed signing profile of another account that this app does not define,
   * so the profile owner must allow its account (`AWS::Signer::ProfilePermission`, in the message),
   * or the images stay unsigned. Shown on the `EcrRegistry`. Add the permission in the profile's
   * account, then acknowledge.
   */
  public static readonly SIGNING_PROFILE_PERMISSION_REQUIRED = 'cdk-ecr-access:signingProfilePermissionRequired';

  /**
   * `grantPushMountingFrom` names a source repository encrypted with another type or key than the
   * repository pushed to, and ECR mounts layers only between repositories with identical
   * encryption, so those pushes upload the layers again (they still succeed). Shown on the pushed
   * repository. Mount from repositories encrypted like it, or acknowledge.
   */
  public static readonly LAYER_MOUNT_ENCRYPTION_DIFFERS = 'cdk-ecr-access:layerMountEncryptionDiffers';

  private constructor() {}
}
