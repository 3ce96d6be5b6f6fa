import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantRepositoryActions } from './access';
import { dsseEncryptionConfiguration } from './encryption';
import { ImageLifecycleRule, imageLifecycleRuleModel } from './image-lifecycle-rule';
import { ImportedRepository } from './imported-repository';
import { LambdaPullOptions, LambdaPulls } from './lambda-pull';
import { grantLayerMounts } from './layer-mounts';
import { LifecycleRuleList, warnForUserRules, warnIfExpiresTaggedImages } from './lifecycle';
import { lifecyclePolicyProperty, lifecycleRuleModel } from './lifecycle-policy';
import { PushableRepositoryProps, secureRepositoryProps } from './repository-props';
import { namedRoleGrant } from './role-grants';
import { limitedServiceStatement, serviceOf, ServiceGrants } from './service-grants';
import { mutableTagFilters } from './tag-mutability';
import { EcrActions } from '../actions/action-sets';
import { AccountGrants, TrustedRepositories } from '../policy/account-grants';
import { POLICY_QUOTAS, PolicySizer } from '../policy/policy-size';
import { watchRepositoryPolicy } from '../policy/quota-check';
import { packResourceStatements } from '../policy/statement-packer';
import { InputProblems } from '../private/input-problems';
import { isMarked, markAs } from '../private/type-marker';
import { checkDualStackRegion, dualStackRegistryHost } from '../registry/dual-stack';

/**
 * An ECR repository whose grants are right the first time, with secure and data-safe defaults.
 *
 * A drop-in `ecr.Repository` (ECS, Lambda and pipelines accept it) that:
 * - scans images on push, keeps tags immutable (`mutableTags` names exceptions such as `latest`),
 *   is retained when the stack is deleted, and has a lifecycle that never deletes an image: untagged
 *   images nobody has pulled for 30 days move to ECR's archive storage class, tagged ones stay;
 * - grants login (`ecr:GetAuthorizationToken` on `*`) with every pull or push grant, in the
 *   grantee's identity policy, never in the repository policy where it has no effect;
 * - writes the repository policy too when the grantee is in another account, and warns at synth
 *   with the exact policy JSON when the other side is outside this app.
 *
 * @example
 * import { PushableRepository } from 'cdk-ecr-access';
 *
 * declare const ciRole: iam.IRole;
 * const repository = new PushableRepository(this, 'Api', { repositoryName: 'team-a/api', mutableTags: ['latest'] });
 * repository.grantPush(ciRole);
 * repository.allowAccountPull('222222222222');
 */
export class PushableRepository extends ecr.Repository {
  /**
   * True when `x` is a `PushableRepository`, also one made by another copy of this library in the app
   * (where `instanceof` is false).
   */
  public static isPushableRepository(x: any): x is PushableRepository {
    return isMarked(x, 'PushableRepository');
  }

  /**
   * Imports a repository that exists outside this app, by ARN. Unlike `ecr.Repository.fromRepositoryArn`,
   * every grant on it, whoever makes it (your code, or aws-cdk-lib's ECS, Batch, CodeBuild and Lambda
   * constructs), writes login on `*` and the repository actions in the grantee's identity policy,
   * and warns ({@link EcrWarnings.REPOSITORY_POLICY_REQUIRED}) with the exact statements the repository's
   * owner must add when its repository policy is needed: a grantee of another account, or a
   * service principal.
   *
   * @param repositoryArn `arn:<partition>:ecr:<region>:<account>:repository/<name>`
   */
  public static fromRepositoryArn(scope: Construct, id: string, repositoryArn: string): ecr.IRepository {
    return ImportedRepository.import(scope, id, 'fromRepositoryArn', { repositoryArn });
  }

  /**
   * Imports a repository of the scope's account and region, by name, with the grants of
   * {@link fromRepositoryArn}.
   */
  public static fromRepositoryName(scope: Construct, id: string, repositoryName: string): ecr.IRepository {
    return ImportedRepository.import(scope, id, 'fromRepositoryName', { repositoryName });
  }

  /**
   * Imports a repository by ARN and name (for an ARN known only at deploy time), with the grants of
   * {@link fromRepositoryArn}.
   */
  public static fromRepositoryAttributes(scope: Construct, id: string, attrs: ecr.RepositoryAttributes): ecr.IRepository {
    return ImportedRepository.import(scope, id, 'fromRepositoryAttributes', { repositoryArn: attrs.repositoryArn, repositoryName: attrs.repositoryName });
  }

  private readonly accountGrants = new AccountGrants({
    owner: 'PushableRepository',
    scope: this,
    namesRepositories: false,
    add: (statement) => this.addToResourcePolicy(statement),
    nagResource: () => this.node.defaultChild,
  });
  private readonly resourceStatements: iam.PolicyStatement[] = [];
  private readonly lifecycleRuleList: LifecycleRuleList;
  private readonly serviceGrants = new ServiceGrants(this);
  private written?: { statements: number; document: iam.PolicyDocument; size: number };
  private readonly lambdaPulls = new LambdaPulls(this, this.serviceGrants);

  constructor(scope: Construct, id: string, props: PushableRepositoryProps = {}) {
    super(scope, id, secureRepositoryProps(scope, id, props));
    markAs(this, 'PushableRepository');

    const mutableTags = props.mutableTags ?? [];
    if (mutableTags.length > 0) {
      const resource = this.node.defaultChild as ecr.CfnRepository;
      resource.imageTagMutability = ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION;
      resource.imageTagMutabilityExclusionFilters = mutableTagFilters(mutableTags);
    }

    const dsse = dsseEncryptionConfiguration(props.encryption, props.encryptionKey);
    if (dsse !== undefined) (this.node.defaultChild as ecr.CfnRepository).encryptionConfiguration = dsse;

    this.lifecycleRuleList = new LifecycleRuleList(props);
    warnForUserRules(this, props);
    const resource = this.node.defaultChild as ecr.CfnRepository;
    resource.lifecyclePolicy = Lazy.any({ produce: () => lifecyclePolicyProperty(this, this.lifecycleRuleList.rules, props.lifecycleRegistryId) });

    // the repository policy as written: packed when it would be over ECR's quota otherwise
    resource.repositoryPolicyText = Lazy.any({ produce: () => this.repositoryPolicy()?.document });
    watchRepositoryPolicy(this, () => this.repositoryPolicy()?.size);
  }

  /**
   * Adds a statement to the repository policy. Statements are written as they are while the policy
   * fits ECR's 10,240 characters; past that, statements with the same actions and conditions are
   * merged into one that names all their principals, and synth fails if even that does not fit.
   *
   * An Allow statement whose principals are all AWS service principals with no condition on
   * `aws:SourceAccount`, `aws:SourceArn` (or the other `aws:Source*` keys) is written limited as a
   * grant to a service is, so that the service acting for another account is not let in (the
   * confused deputy): `aws:SourceAccount` of this repository's account, or for Lambda the accounts
   * and functions of this app whose image is in this repository. aws-cdk-lib's CodeBuild adds such a
   * statement for `ImagePullPrincipalType.CODEBUILD`. The limit is written on a copy: your
   * statement object is not changed.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    const written = limitedServiceStatement(this, statement);
    const result = super.addToResourcePolicy(written);
    this.resourceStatements.push(written);
    return result;
  }

  /**
   * Adds a lifecycle rule, after the default rule unless `lifecycleRules` replaced it (as
   * `ecr.Repository` does). A rule that can expire tagged images gets the warning
   * {@link EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES}. The rule is checked with the rules already there,
   * as the constructor checks `lifecycleRules`: a priority in use, a second `TagStatus.ANY` rule, or
   * a priority that would put a rule after the `TagStatus.ANY` one (ECR applies that one last) is an
   * error.
   */
  public addLifecycleRule(rule: ecr.LifecycleRule): void {
    this.lifecycleRuleList.add(new InputProblems(`PushableRepository.addLifecycleRule() at '${this.node.path}'`), rule, 'addLifecycleRule()');
    warnIfExpiresTaggedImages(this, 'The rule added with addLifecycleRule()', lifecycleRuleModel(rule));
  }

  /**
   * Adds a lifecycle rule in ECR's own terms ({@link ImageLifecycleRule}: archive, count from the
   * last pull, delete archived images), checked as {@link addLifecycleRule} checks its rule, and
   * against ECR's combinations of count type, storage class and action.
   */
  public addImageLifecycleRule(rule: ImageLifecycleRule): void {
    this.lifecycleRuleList.addImageRule(new InputProblems(`PushableRepository.addImageLifecycleRule() at '${this.node.path}'`), rule, 'addImageLifecycleRule()');
    warnIfExpiresTaggedImages(this, 'The rule added with addImageLifecycleRule()', imageLifecycleRuleModel(rule));
  }

  /**
   * Grants the actions on this repository: login-type actions (accepted only on `*`) in the
   * grantee's identity policy, the rest on this repository, with a repository policy statement
   * when the grantee is in another account or is a service principal.
   *
   * A pattern (`ecr:Get*`, `ecr:Describe*`, `ecr:*`) is expanded through the library's ECR action
   * catalogue and written as the list of actions it matches, so the policy shows exactly what is
   * allowed: the repository actions on this repository and, when it matches login,
   * `ecr:GetAuthorizationToken` on `*`. Registry-level actions a pattern also matches (such as
   * `ecr:PutRegistryPolicy` for `ecr:*`) are left out with a warning
   * ({@link EcrWarnings.REGISTRY_ACTIONS_NOT_GRANTED}); one named on its own goes on `*`.
   *
   * No action, an unknown ECR action or another service's action is an error at synth.
   *
   * A role of this app in another account is named by its ARN when it has a fixed name (`roleName`):
   * the statement trusts the role's account only for that role (`aws:PrincipalArn`). Otherwise the
   * statement trusts the role's account for principals tagged like the role, as aws-cdk-lib writes
   * it: any role of that account carrying the same `aws-cdk:id` tag value gets the access.
   *
   * A service principal (`lambda.amazonaws.com`, as `DockerImageCode.fromEcr` grants) is limited
   * with `aws:SourceAccount`, and for Lambda `aws:SourceArn`, to the consumers this app defines: the
   * Lambda functions whose image is in this repository, else this repository's own account.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return grantRepositoryActions(this, grantee, actions, (repositoryActions) => {
      const principal = grantee.grantPrincipal;
      const service = serviceOf(principal);
      if (service !== undefined) return this.serviceGrants.grant(grantee, service, repositoryActions);
      return namedRoleGrant(this, grantee, repositoryActions) ?? super.grant(grantee, ...repositoryActions);
    });
  }

  /**
   * Grants pulling images: `ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage`,
   * `ecr:GetDownloadUrlForLayer` on this repository, and `ecr:GetAuthorizationToken` on `*`.
   */
  public grantPull(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.LOGIN, ...EcrActions.PULL);
  }

  /**
   * Grants pushing images: AWS's documented push set (`ecr:BatchCheckLayerAvailability`,
   * `ecr:BatchGetImage`, `ecr:CompleteLayerUpload`, `ecr:InitiateLayerUpload`, `ecr:PutImage`,
   * `ecr:UploadLayerPart`) on this repository, and `ecr:GetAuthorizationToken` on `*`.
   */
  public grantPush(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.LOGIN, ...EcrActions.PUSH);
  }

  /**
   * Grants pushing images ({@link grantPush}), and mounting layers that already exist in the source
   * repositories (`ecr:GetDownloadUrlForLayer` on each), for registries with blob mounting
   * (`BLOB_MOUNTING`) enabled: set it with `EcrRegistry`'s `blobMounting: true`. Without the grant a
   * mount fails silently and the layer is uploaded again. The sources must be of this registry; they
   * should use the same encryption type and key (ECR mounts nothing otherwise, and synth warns when
   * it can tell they differ).
   *
   * @param sources the repositories whose layers pushes to this one reuse (base images, sibling services)
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html
   */
  public grantPushMountingFrom(grantee: iam.IGrantable, sources: ecr.IRepository[]): iam.Grant {
    const mounts = grantLayerMounts(this, grantee, sources, `PushableRepository.grantPushMountingFrom() at '${this.node.path}'`);
    return mounts.reduce((grant, mount) => grant.combine(mount), this.grantPush(grantee));
  }

  /** Grants pulling and pushing images (the union of {@link grantPull} and {@link grantPush}). */
  public grantPullPush(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.LOGIN, ...EcrActions.PULL_PUSH);
  }

  /**
   * Grants archiving and restoring images and finding archived ones: `ecr:UpdateImageStorageClass`,
   * `ecr:DescribeImages`, `ecr:ListImages` on this repository. One action both archives and restores
   * (IAM cannot tell them apart). An archived image cannot be pulled until its restore completes
   * (about 20 minutes); pushing the same image again also restores it, with the push grant.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/restore-image.html
   */
  public grantManageStorageClass(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.MANAGE_STORAGE_CLASS);
  }

  /**
   * Lets principals of another account pull: trusts the account in the repository policy and returns
   * the identity policy its principals must attach (login on `*` and the pull actions on this
   * repository). A cross-account pull needs both.
   *
   * @param accountId the 12-digit id of the account whose principals pull
   * @returns the identity policy to attach to the pulling principals in that account
   */
  public allowAccountPull(accountId: string): iam.PolicyDocument {
    return this.accountGrants.allowAccount(accountId, { method: 'allowAccountPull', purpose: 'Pull', actions: EcrActions.PULL, repositories: () => this.itself });
  }

  /**
   * Lets principals of another account push: trusts the account in the repository policy and returns
   * the identity policy its principals must attach (login on `*` and the push actions on this
   * repository). A cross-account push needs both.
   *
   * @param accountId the 12-digit id of the account whose principals push
   * @returns the identity policy to attach to the pushing principals in that account
   */
  public allowAccountPush(accountId: string): iam.PolicyDocument {
    return this.accountGrants.allowAccount(accountId, { method: 'allowAccountPush', purpose: 'Push', actions: EcrActions.PUSH, repositories: () => this.itself });
  }

  /**
   * Lets every principal in an AWS Organization pull: `Principal: "*"` limited by the
   * `aws:PrincipalOrgID` condition. Principals still need the returned identity policy.
   *
   * @param organizationId the organization id, `o-` followed by 10–32 letters or digits
   * @returns the identity policy to attach to the pulling principals
   */
  public allowOrganizationPull(organizationId: string): iam.PolicyDocument {
    return this.accountGrants.allowOrganization(organizationId, {
      method: 'allowOrganizationPull', purpose: 'Pull', actions: EcrActions.PULL, repositories: () => this.itself,
    });
  }

  /**
   * Lets AWS Lambda pull this repository's images for container-image functions, limited to
   * functions of the given accounts with `aws:SourceAccount` and `aws:SourceArn` (so no other
   * account's function can use the service principal to read your images).
   *
   * For accounts other than the repository's, the account is trusted too, as Lambda requires for
   * cross-account images (once per account, whichever call names it). Each call writes its own
   * statement: the second is `AllowLambdaPull2`, and so on, because Sids must be unique in a policy.
   *
   * @returns the identity policy the principals that create or update those functions need
   * (`ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on this repository): for a function of
   * another account, attach it there to the role that deploys the function
   * @see https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions
   */
  public allowLambdaPull(options: LambdaPullOptions = {}): iam.PolicyDocument {
    return this.lambdaPulls.allow(options);
  }

  /**
   * The registry's dual-stack (IPv4 and IPv6) host, `<account>.dkr-ecr.<region>.on.aws`, to log in
   * to from an IPv6 network (`docker login`). `registryUri` is the IPv4-only host. An error in the
   * China Regions, where AWS documents no dual-stack ECR endpoint.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
   */
  public get registryUriDualStack(): string {
    return this.dualStackUri('registryUriDualStack', 'registryUri');
  }

  /**
   * This repository's URI on the registry's dual-stack (IPv4 and IPv6) host,
   * `<account>.dkr-ecr.<region>.on.aws/<name>`, for clients on IPv6 networks (`docker push`, a
   * pipeline's image names). `repositoryUri` is the IPv4-only host, which aws-cdk-lib's ECS, Lambda
   * and CodeBuild constructs use. An error in the China Regions.
   */
  public get repositoryUriDualStack(): string {
    return this.dualStackUri('repositoryUriDualStack', 'repositoryUri', '');
  }

  /**
   * The dual-stack URI of an image of this repository by tag,
   * `<account>.dkr-ecr.<region>.on.aws/<name>:<tag>` (see {@link repositoryUriDualStack}).
   *
   * @param tag the image tag; none gives the repository's URI
   */
  public repositoryUriForTagDualStack(tag?: string): string {
    return this.dualStackUri('repositoryUriForTagDualStack()', 'repositoryUriForTag()', tag ? `:${tag}` : '');
  }

  /**
   * The dual-stack URI of an image of this repository by digest,
   * `<account>.dkr-ecr.<region>.on.aws/<name>@<digest>` (see {@link repositoryUriDualStack}).
   *
   * @param digest the image digest (`sha256:…`); none gives the repository's URI
   */
  public repositoryUriForDigestDualStack(digest?: string): string {
    return this.dualStackUri('repositoryUriForDigestDualStack()', 'repositoryUriForDigest()', digest ? `@${digest}` : '');
  }

  /** The dual-stack host, then the name and suffix unless `suffix` is undefined; split from the ARN as aws-cdk-lib's `repositoryUri` is. */
  private dualStackUri(member: string, ipv4Member: string, suffix?: string): string {
    const problems = new InputProblems(`PushableRepository.${member} at '${this.node.path}'`);
    checkDualStackRegion(problems, 'region', this.env.region, `use ${ipv4Member}, the IPv4 host`);
    problems.throwIfAny();
    const parts = this.stack.splitArn(this.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME);
    const host = dualStackRegistryHost(parts.account!, parts.region!);
    return suffix === undefined ? host : `${host}/${this.repositoryName}${suffix}`;
  }

  /** The repository policy to write, and its size: measured once for each set of statements. */
  private repositoryPolicy(): { document: iam.PolicyDocument; size: number } | undefined {
    const count = this.resourceStatements.length;
    if (count === 0) return undefined;
    if (this.written?.statements === count) return this.written;
    const sizer = PolicySizer.of(Stack.of(this));
    let document = new iam.PolicyDocument({ statements: this.resourceStatements });
    let size = sizer.size(document);
    if (size > POLICY_QUOTAS.repositoryPolicy) {
      document = new iam.PolicyDocument({ statements: packResourceStatements(this.resourceStatements) });
      size = sizer.size(document);
    }
    this.written = { statements: count, document, size };
    return this.written;
  }

  /** What an account or organization grant covers: this repository. */
  private get itself(): TrustedRepositories {
    return { arn: this.repositoryArn };
  }

}
