import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../actions/action-sets';
import { findEcrAction } from '../../actions/catalog';
import { AccessModel } from '../../analysis/access-model';
import { hasWildcard, patternMatches, UnknownParts } from '../../analysis/arn-pattern';
import { displayValue, isKnown } from '../../analysis/cfn-values';
import { actionList, constructLabel, statementJson, statementLabel } from '../../analysis/describe';
import { lambdaImageNeed } from '../../analysis/lambda-images';
import { LambdaImageView, PrincipalType, PrincipalView, RepositoryView } from '../../analysis/model-views';
import { ecrActionsOf, StatementView, uploadsLayers } from '../../analysis/policy-view';
import { principalConditionsExclude, statementNamesPrincipal } from '../../analysis/principal-match';
import { hasRegistryPolicy, registryAllows } from '../../analysis/registry-grants';
import { repositoryPolicyStatement } from '../../policy/statements';
import { EcrCheckLevel } from '../check-level';
import { Rule, RuleContext } from '../rule';

/**
 * Catches a role or user of one account whose identity policy grants ECR actions on a repository of
 * this app in another account, when neither that repository's policy nor a registry policy of the app
 * for its account and Region allows those actions to it (an ECR-to-ECR pull-through cache, or
 * `EcrRegistry.allowAccountPull`, trusts the other account in the registry policy);
 * and a Lambda function whose image is in such a repository, when its policy lacks what Lambda needs
 * for an image of another account (the function may reach it through an import of its name).
 * Conditions in the repository policy are assumed to hold (the check never reports what might work),
 * except a condition on the principal's own tags or ARN, which the template decides: a statement that
 * trusts the account for another role of the app (by its tag, or by aws:PrincipalArn) does not let this one in.
 */
export const crossAccountWithoutRepositoryPolicy: Rule = {
  id: 'cross-account-without-repository-policy',
  level: EcrCheckLevel.ERROR,
  summary: 'A principal granted ECR actions on (or a Lambda function running an image of) a repository of this app in another account, whose repository and registry policies do not allow them',
  why: 'Across accounts ECR needs both the caller\'s identity policy and a resource policy to allow the action: the repository policy, or the registry '
    + 'policy of the repository\'s account and Region; with only one side, ECR denies it ("no resource-based policy allows the ecr:… action"). '
    + 'A registry policy counts for every action it allows (registry policy scope V2, the default for new registries; CloudFormation cannot set the '
    + 'scope, so the app says nothing of it): a registry still on V1 applies only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and '
    + 'ecr:CreateRepository from it, and `EcrRegistry` tells at synth when its policy needs V2.',
  fix: 'Grant through the repository with `PushableRepository` grants (`grantPull`, `grantPush`), which write both sides (grants on a repository imported with '
    + '`PushableRepository.fromRepositoryArn(...)` print the statement its policy needs), or add the principal to the repository policy, '
    + 'or let its account in through the registry policy (`EcrRegistry` `allowAccountPull`/`allowAccountPush`)',
  check(context) {
    const { model } = context;
    for (const fn of model.lambdaImages) context.guard(fn.resource, 'Properties/Code/ImageUri', () => checkLambdaImage(context, fn));
    for (const principal of model.principals) {
      if (principal.type === PrincipalType.GROUP || !isKnown(principal.account)) continue;
      context.guard(principal.resource, 'Properties', () => {
        // asked of every role and user, and most grant nothing across accounts: indexed loops, and no
        // map or list until a repository of another account is named
        let grants: Grants | undefined;
        const policies = model.identityPolicies(principal);
        for (let p = 0; p < policies.length; p++) {
          const statements = policies[p].statements;
          for (let s = 0; s < statements.length; s++) {
            const statement = statements[s];
            const resources = statement.resources;
            if (statement.effect !== 'Allow' || resources === undefined) continue;
            for (let r = 0; r < resources.length; r++) {
              const value = resources[r].value;
              const exact = model.repositoryByArn(value);
              if (exact !== undefined) {
                grants = withGrant(grants, principal, exact, value, statement);
              } else if (hasWildcard(value)) {
                for (const repository of repositoriesMatching(model, value, statement)) {
                  grants = withGrant(grants, principal, repository, value, statement);
                }
              }
            }
          }
        }
        if (grants === undefined) return;
        for (const [repository, grant] of grants) {
          const allowed = new Set<string>();
          for (const statement of repository.policy?.statements ?? []) {
            if (statement.effect !== 'Allow' || !statementNamesPrincipal(statement, principal, UnknownParts.OPTIMISTIC)) continue;
            if (principalConditionsExclude(statement, principal, model.principals)) continue;
            ecrActionsOf(statement).forEach((a) => allowed.add(a));
          }
          registryAllows(model, principal, repository.arn).forEach((a) => allowed.add(a));
          const missing = [...grant.actions].filter((a) => !allowed.has(a));
          if (missing.length === 0) continue;
          const fixStatement = repositoryPolicyStatement(missing.sort(), [new iam.ArnPrincipal(displayValue(principal.arn))]);
          context.report({
            resource: grant.first.policy.resource,
            location: grant.first.location,
            message: `${principal.type === PrincipalType.ROLE ? 'Role' : 'User'} '${constructLabel(principal.resource)}' in account ${principal.account} is allowed ` +
              `${actionList(missing)} on repository '${constructLabel(repository.resource)}' in account ${repository.account} (${statementLabel(grant.first)}), ` +
              `but ${repository.policy ? 'the repository policy does not allow it to' : 'the repository has no repository policy'}`
              + `${hasRegistryPolicy(model, repository.arn) ? ' (nor does the registry policy of its account)' : ''}: ECR denies the request.`,
            fix: 'grant through the repository (repository.grantPull/grantPush of a PushableRepository), which writes both sides (pass the repository itself '
              + 'to other stacks: grants on an import made with PushableRepository.fromRepositoryArn(...) only print the statement below), ' +
              `or add to the repository policy of '${constructLabel(repository.resource)}': ${statementJson(fixStatement)}`,
          });
        }
      });
    }
  },
};

const PULL_OR_PUSH = new Set([...EcrActions.LAMBDA_PULL, ...EcrActions.PUSH_LAYER]);

type Grants = Map<RepositoryView, { actions: Set<string>; first: StatementView }>;

/** The grants with what the statement allows the principal on the repository, when it is of another account. */
function withGrant(grants: Grants | undefined, principal: PrincipalView, repository: RepositoryView, value: string,
  statement: StatementView): Grants | undefined {
  if (!isKnown(repository.account) || repository.account === principal.account) return grants;
  // through a pattern, only the pull and push reach another account's repository on purpose
  const exact = repository.arn === value;
  const actions = [...ecrActionsOf(statement)]
    .filter((a) => findEcrAction(a)?.wildcardOnly === false && (exact || PULL_OR_PUSH.has(a)));
  if (actions.length === 0) return grants;
  const all: Grants = grants ?? new Map();
  const grant = all.get(repository) ?? { actions: new Set<string>(), first: statement };
  actions.forEach((a) => grant.actions.add(a));
  all.set(repository, grant);
  return all;
}

/**
 * The repositories of the app a `Resource` pattern (`*`, `arn:aws:ecr:*:*:repository/*`) matches, in a
 * statement that pulls or pushes: such a grant reaches the repositories of other accounts too, and
 * needs their policies as well. (A value that is a repository's own ARN names that repository.)
 */
function repositoriesMatching(model: AccessModel, value: string, statement: StatementView): RepositoryView[] {
  const actions = ecrActionsOf(statement);
  const pullsOrPushes = EcrActions.LAMBDA_PULL.every((a) => actions.has(a)) || uploadsLayers(statement);
  return pullsOrPushes ? model.repositories.filter((r) => patternMatches(value, r.arn, UnknownParts.STRICT)) : [];
}

/** A function whose image is in a repository of this app in another account, whose policy does not let Lambda read it for the function. */
function checkLambdaImage(context: RuleContext, fn: LambdaImageView): void {
  const need = lambdaImageNeed(context.model, fn);
  if (!need?.inApp) return;
  const repository = constructLabel(need.inApp.resource);
  context.report({
    resource: fn.resource,
    location: 'Properties/Code/ImageUri',
    message: `Lambda function '${constructLabel(fn.resource)}' in account ${fn.account} runs an image of repository '${repository}' in account `
      + `${need.repository.account}, but the repository policy does not let Lambda read it for this function: Lambda is denied the image `
      + '(\'Lambda does not have permission to access the ECR image\').',
    fix: 'make the repository a PushableRepository, which writes these statements for the functions that use it, or add to the repository policy of '
      + `'${repository}': ${need.statements.map(statementJson).join(' and ')}`,
  });
}
