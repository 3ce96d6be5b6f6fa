import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { acknowledgeOrganizationPrincipal } from './nag-acknowledgements';
import { identityPolicyStatements, registryPolicyStatement, repositoryPolicyStatement, statementId } from './statements';
import { EcrActions } from '../actions/action-sets';
import { checkAccountId, checkOrganizationId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';

// A principal outside the app needs both sides: the resource's policy trusts its account (or its
// organization), and its own identity policy, which only the other side can attach, allows the
// actions. The repository, the registry, a creation template and a pull-through cache rule all
// write these grants the same way, here: one statement per grant (a second identical grant adds
// nothing, and a Sid stays unique), and the identity policy returned for the other side.

/** The resource policy an account or organization grant is written to. */
export interface TrustingPolicy {
  /** The class whose method was called, for error messages (`PushableRepository`). */
  readonly owner: string;
  /** The construct the method was called on. */
  readonly scope: IConstruct;
  /**
   * True for a registry policy, whose statements name the repositories they cover; a repository
   * policy (or a creation template's) applies to its own repository and names none.
   */
  readonly namesRepositories: boolean;
  /** An account whose principals need only an identity policy here (the registry's own): refused. */
  readonly ownAccount?: string;
  /** Adds a statement to the policy. */
  readonly add: (statement: iam.PolicyStatement) => iam.AddToResourcePolicyResult;
  /**
   * The resource cdk-nag reads the policy on, to acknowledge its finding on `Principal: "*"`
   * (AwsSolutions-ECR1) for an organization grant; none: nothing is acknowledged.
   */
  readonly nagResource?: (added: iam.AddToResourcePolicyResult) => IConstruct | undefined;
}

/** The repositories an account or organization grant covers. */
export interface TrustedRepositories {
  /** Their ARN, or an ARN pattern. */
  readonly arn: string;
  /** What the statement's Sid says of them (a namespace); nothing when the grant covers all the resource has. */
  readonly sidPart?: string;
}

/** One account or organization grant. */
export interface TrustRequest {
  /** The method called (`allowAccountPull`), for error messages. */
  readonly method: string;
  /** What the grant is for, in its Sid: `Allow<purpose>FromAccount…` (`Pull`, `Push`, `PullThroughCache`). */
  readonly purpose: string;
  /** The repository actions (login is added to the identity policy returned). */
  readonly actions: readonly string[];
  /** The repositories, worked out with the other input (a namespace is validated in `problems`). */
  readonly repositories: (problems: InputProblems) => TrustedRepositories;
  /**
   * Receives the statements written for this grant that name the repositories (the resource
   * policy's, once, and the returned identity policy's), for actions added to them later.
   */
  readonly collect?: iam.PolicyStatement[];
}

/** Writes the account and organization grants of one resource policy. */
export class AccountGrants {
  private readonly written = new Set<string>();

  constructor(private readonly policy: TrustingPolicy) {}

  /**
   * Trusts an account in the resource policy for the actions, and returns the identity policy its
   * principals must attach (login on `*` and the actions on the repositories).
   */
  public allowAccount(accountId: string, request: TrustRequest): iam.PolicyDocument {
    const problems = this.problemsOf(request);
    checkAccountId(problems, 'accountId', accountId);
    if (this.policy.ownAccount !== undefined && !isToken(accountId) && accountId === this.policy.ownAccount) {
      problems.add('accountId', accountId, 'is the registry\'s own account, whose principals need only an identity policy',
        'grant the principals directly (e.g. PushableRepository.grantPull, PullThroughCacheRule.grantPull)');
    }
    const repositories = request.repositories(problems);
    problems.throwIfAny();
    return this.write(request, repositories, 'Account', accountId, new iam.AccountPrincipal(accountId));
  }

  /**
   * Trusts every principal of an AWS Organization: `Principal: "*"` limited by the
   * `aws:PrincipalOrgID` condition. Returns the identity policy its principals must attach.
   */
  public allowOrganization(organizationId: string, request: TrustRequest): iam.PolicyDocument {
    const problems = this.problemsOf(request);
    checkOrganizationId(problems, 'organizationId', organizationId);
    const repositories = request.repositories(problems);
    problems.throwIfAny();
    return this.write(request, repositories, 'Organization', organizationId, new iam.StarPrincipal(),
      { StringEquals: { 'aws:PrincipalOrgID': organizationId } });
  }

  private problemsOf(request: TrustRequest): InputProblems {
    return new InputProblems(`${this.policy.owner}.${request.method}() at '${this.policy.scope.node.path}'`);
  }

  private write(
    request: TrustRequest, repositories: TrustedRepositories, kind: 'Account' | 'Organization', id: string, principal: iam.IPrincipal,
    conditions?: Record<string, Record<string, unknown>>,
  ): iam.PolicyDocument {
    const key = [kind, request.purpose, id, repositories.arn].join('|');
    if (!this.written.has(key)) {
      this.written.add(key);
      const sid = statementId(`Allow${request.purpose}From${kind}`, id, ...repositories.sidPart ? [repositories.sidPart] : []);
      const statement = this.policy.namesRepositories
        ? registryPolicyStatement(request.actions, [principal], [repositories.arn], conditions, sid)
        : repositoryPolicyStatement(request.actions, [principal], conditions, sid);
      const added = this.policy.add(statement);
      request.collect?.push(statement);
      const nagResource = kind === 'Organization' ? this.policy.nagResource?.(added) : undefined;
      if (nagResource) acknowledgeOrganizationPrincipal(nagResource, id);
    }
    const statements = identityPolicyStatements([...EcrActions.LOGIN, ...request.actions], [repositories.arn]);
    request.collect?.push(...statements.filter((s) => s.resources.includes(repositories.arn)));
    return new iam.PolicyDocument({ statements });
  }
}
