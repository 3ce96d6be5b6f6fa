import { ArnFormat, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { CiOutputs } from './ci-outputs';
import { PackedRole } from './packed-role';
import { EcrActions } from '../actions/action-sets';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';
import { knownPartition, renderPolicyJson } from '../policy/render';
import { registryPolicyStatement } from '../policy/statements';
import { knownRepositoryName } from '../private/ecr-names';
import { RepositoryNamespace } from '../private/namespace';
import { AccountRelation, accountRelation, grantLogin, principalForOwner } from '../repository/access';
import { grantOnRepository } from '../repository/grant-on-repository';
import { isPush, recordNamespacePushGrant } from '../repository/push-grants';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/** Where the repositories of a namespace grant are: by default, the CI role's own registry. */
export interface RegistryLocation {
  readonly account?: string;
  readonly region?: string;
}

/**
 * The identity grants of a CI role: on repositories, folded into their namespace when
 * `foldIntoNamespaces` asks for it, and on whole namespaces. Every ARN pattern is acknowledged for
 * cdk-nag (AwsSolutions-IAM5) with the reason it was asked for, and every registry it names is
 * recorded for the outputs.
 */
export class CiGrants {
  private readonly foldedNamespaces = new Map<string, string>();
  private readonly foldedGrants = new Map<string, iam.Grant>();

  constructor(
    private readonly principal: Construct,
    private readonly role: PackedRole,
    private readonly folds: readonly RepositoryNamespace[],
    private readonly outputs: CiOutputs,
  ) {}

  /**
   * Grants the actions (and login) on the repository. A repository of a folded namespace is granted
   * as the namespace: in the role's account that is the whole grant (written once, whatever the
   * number of repositories); in another account its repository policy is written as usual and the
   * identity side names the namespace.
   */
  public onRepository(repository: ecr.IRepository, actions: readonly string[]): iam.Grant {
    this.outputs.addRegistry(repository.env.account, repository.env.region);
    const fold = this.foldedNamespace(repository);
    if (fold === undefined) return grantOnRepository(repository, this.role, [...EcrActions.LOGIN, ...actions]);
    const namespace = fold.arn;
    this.role.writeResourceAs(repository.repositoryArn, namespace);
    // the identity side names the whole namespace: a push grant there lets it push to every repository of it
    if (isPush(actions)) recordNamespacePushGrant(this.principal, this.role, fold.resourceName, repository.env.account, repository.env.region);
    if (accountRelation(repository, this.role) !== AccountRelation.SAME) {
      return grantOnRepository(repository, this.role, [...EcrActions.LOGIN, ...actions]);
    }
    const key = `${namespace}|${actions.join(',')}`;
    let grant = this.foldedGrants.get(key);
    if (!grant) {
      grant = grantLogin(this.role).combine(iam.Grant.addToPrincipal({ grantee: this.role, actions: [...actions], resourceArns: [namespace] }));
      this.foldedGrants.set(key, grant);
    }
    return grant;
  }

  /**
   * Grants the actions (and login) on every repository of a namespace. For a namespace of another
   * account, whose side this app cannot write, warns with the registry-policy statement to add there.
   */
  public onNamespace(
    method: string, namespace: string, covered: RepositoryNamespace, actions: readonly string[], location: RegistryLocation,
  ): iam.Grant {
    const stack = Stack.of(this.principal);
    const account = location.account ?? stack.account;
    const region = location.region ?? stack.region;
    const reason = `${method}('${namespace}'): the CI may use every repository under this namespace, as asked.`;
    const grant = this.under(covered.resourceName, actions, reason, account, region);
    if (Token.compareStrings(account, stack.account) === TokenComparison.DIFFERENT) {
      const repositories = this.repositoryPattern(covered.resourceName, account, region, reason);
      const named = principalForOwner(this.role);
      const document = new iam.PolicyDocument({ statements: [registryPolicyStatement(actions, [named.principal], [repositories])] });
      warn(this.principal, EcrWarnings.REPOSITORY_POLICY_REQUIRED,
        `The repositories under '${namespace}' are in account ${account}, and this role is in account ${stack.account}: ` +
        'a cross-account request needs the repository\'s side too, or ECR denies it (\'no resource-based policy allows\'). Each repository ' +
        'policy must allow the role (grants on PushableRepository write it), or, in that account, add this statement to the registry ' +
        'policy (with the V2 registry policy scope it covers every repository under the namespace; an EcrRegistry there can instead ' +
        `trust this whole account with allowAccountPush or allowAccountPull and a namespace)${named.advice ? `. ${named.advice}` : ''}:\n` +
        renderPolicyJson(this.principal, document));
    }
    return grant;
  }

  /**
   * Login on `*` and the actions on the repositories matching `resourceName` (`team-a/*`) in a
   * registry, by default the role's own.
   */
  public under(resourceName: string, actions: readonly string[], reason: string, account?: string, region?: string): iam.Grant {
    const stack = Stack.of(this.principal);
    const repositories = this.repositoryPattern(resourceName, account ?? stack.account, region ?? stack.region, reason);
    this.outputs.addRegistry(account ?? stack.account, region ?? stack.region);
    if (isPush(actions)) recordNamespacePushGrant(this.principal, this.role, resourceName, account ?? stack.account, region ?? stack.region);
    const login = grantLogin(this.role);
    return login.combine(iam.Grant.addToPrincipal({ grantee: this.role, actions: [...new Set(actions)], resourceArns: [repositories] }));
  }

  /**
   * `arn:…:ecr:<region>:<account>:repository/<resourceName>`. The partition is written out when the
   * region is known, so the ARN is plain text that the acknowledgement can name (an id holding
   * '${AWS::Partition}' cannot be acknowledged). cdk-nag's IAM5 flags every wildcard resource; this
   * one is the narrowest scope ECR allows for names chosen at run time, or a namespace the caller
   * asked for.
   */
  private repositoryPattern(resourceName: string, account: string, region: string, reason: string): string {
    const stack = Stack.of(this.principal);
    const partition = Token.isUnresolved(region) ? knownPartition(stack) : RegionInfo.get(region).partition ?? knownPartition(stack);
    const arn = stack.formatArn({
      partition, service: 'ecr', account, region, resource: 'repository', resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    acknowledgeWildcardResource(this.principal, arn, reason);
    return arn;
  }

  /** The namespace (and its ARN) a repository's grants are folded into, when `foldIntoNamespaces` lists its namespace. */
  private foldedNamespace(repository: ecr.IRepository): { arn: string; resourceName: string } | undefined {
    if (this.folds.length === 0) return undefined;
    const name = knownRepositoryName(repository);
    if (name === undefined) return undefined;
    const fold = this.folds.find((f) => name.startsWith(f.nameStart));
    if (fold === undefined) return undefined;
    const key = `${fold.resourceName}|${repository.env.account}|${repository.env.region}`;
    let namespace = this.foldedNamespaces.get(key);
    if (namespace === undefined) {
      namespace = this.repositoryPattern(fold.resourceName, repository.env.account, repository.env.region,
        `foldIntoNamespaces: ['${fold.resourceName}']: grants on repositories under this namespace are written for the whole namespace, as asked.`);
      this.foldedNamespaces.set(key, namespace);
    }
    return { arn: namespace, resourceName: fold.resourceName };
  }
}
