import { Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantRepositoryActions } from './access';
import { limitedServiceStatement, serviceOf, ServiceGrants } from './service-grants';
import { EcrActions } from '../actions/action-sets';
import { renderPolicyJson } from '../policy/render';
import { checkRepositoryArn, checkRepositoryName } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';
import { isMarked, markAs } from '../private/type-marker';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/**
 * A repository that exists outside this app, imported through `PushableRepository.fromRepositoryArn`,
 * `fromRepositoryName` or `fromRepositoryAttributes`.
 *
 * aws-cdk-lib's imported repository drops the repository-policy side of a grant without a word,
 * puts login in the grantee's default policy, and, for a role of another account, tags the role for
 * a statement that is never written. Every grant here, whoever makes it (your code, or
 * aws-cdk-lib's ECS, Batch, CodeBuild and Lambda constructs calling `grantPull`), goes through the
 * same path as a `PushableRepository`'s instead: login on `*` in a policy of its own, the
 * repository actions in the grantee's identity policy, and a `repositoryPolicyRequired` warning
 * with the exact statements when the repository policy is needed (a grantee of another account, a
 * service principal).
 */
export class ImportedRepository extends ecr.RepositoryBase {
  /** True for a repository imported through `PushableRepository.from*`, by any copy of the library. */
  public static isImportedRepository(x: unknown): x is ImportedRepository {
    return isMarked(x, 'ImportedRepository');
  }

  /**
   * Imports by ARN (`fromRepositoryArn`), by name in the scope's account and region
   * (`fromRepositoryName`), or by both (`fromRepositoryAttributes`); every problem reported at once.
   */
  public static import(
    scope: Construct, id: string, method: string, attrs: { readonly repositoryArn?: string; readonly repositoryName?: string },
  ): ImportedRepository {
    const problems = new InputProblems(`PushableRepository.${method}() at '${scope.node.path}/${id}'`);
    const byName = method === 'fromRepositoryName';
    const nameInArn = byName ? undefined : checkRepositoryArn(problems, 'repositoryArn', attrs.repositoryArn, method === 'fromRepositoryArn');
    if (!byName && attrs.repositoryArn === undefined && method !== 'fromRepositoryArn') {
      problems.add('repositoryArn', undefined, 'is needed with repositoryName', 'pass both, or use fromRepositoryName for a repository of this account and region');
    }
    const name = attrs.repositoryName;
    if (method !== 'fromRepositoryArn') {
      if (name === undefined) problems.add('repositoryName', name, 'is needed to find the repository', 'pass the repository\'s name, e.g. \'team-a/api\'');
      checkRepositoryName(problems, 'repositoryName', name);
    }
    if (nameInArn !== undefined && name !== undefined && !isToken(name) && nameInArn !== name) {
      problems.add('repositoryName', name, `is not the name in repositoryArn ('${nameInArn}')`, 'pass the same repository in both');
    }
    problems.throwIfAny();
    const repositoryName = name ?? nameInArn!;
    const repositoryArn = attrs.repositoryArn ?? ecr.Repository.arnForLocalRepository(repositoryName, scope);
    return new ImportedRepository(scope, id, { repositoryName, repositoryArn });
  }

  public readonly repositoryName: string;
  public readonly repositoryArn: string;
  private readonly serviceGrants = new ServiceGrants(this);

  private constructor(scope: Construct, id: string, attrs: ecr.RepositoryAttributes) {
    // the ARN says which account and region the repository is in; a token ARN (a value from
    // another stack) cannot be split here without resolving a foreign reference, so it is left out
    super(scope, id, Token.isUnresolved(attrs.repositoryArn) ? {} : { environmentFromArn: attrs.repositoryArn });
    markAs(this, 'ImportedRepository');
    this.repositoryName = attrs.repositoryName;
    this.repositoryArn = attrs.repositoryArn;
  }

  /**
   * The repository's policy is not this app's to change: nothing is added, and a warning
   * ({@link EcrWarnings.REPOSITORY_POLICY_REQUIRED}) gives the statement its owner must add, limited as
   * a `PushableRepository` would write it (aws-cdk-lib's CodeBuild adds one for
   * `ImagePullPrincipalType.CODEBUILD`). Grants warn on their own.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    if (this.serviceGrants.wrote(statement)) return { statementAdded: false };
    const account = Token.isUnresolved(this.env.account) ? 'its account' : `account ${this.env.account}`;
    warn(this, EcrWarnings.REPOSITORY_POLICY_REQUIRED,
      `Repository '${this.repositoryName}' is imported, so this app cannot change its repository policy, and a statement was added to it ` +
      `that only its owner can write: in ${account}, add it to the repository policy (a PushableRepository there writes it so):\n` +
      renderPolicyJson(this, new iam.PolicyDocument({ statements: [limitedServiceStatement(this, statement)] })));
    return { statementAdded: false };
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return grantRepositoryActions(this, grantee, actions, (repositoryActions) => {
      const service = serviceOf(grantee.grantPrincipal);
      if (service !== undefined) return this.serviceGrants.grant(grantee, service, repositoryActions);
      return iam.Grant.addToPrincipal({ grantee, actions: repositoryActions, resourceArns: [this.repositoryArn] });
    });
  }

  public grantPull(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.LOGIN, ...EcrActions.PULL);
  }

  public grantPush(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.LOGIN, ...EcrActions.PUSH);
  }

  public grantPullPush(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...EcrActions.LOGIN, ...EcrActions.PULL_PUSH);
  }
}
