import * as iam from 'aws-cdk-lib/aws-iam';
import { findEcrAction } from '../../actions/catalog';
import { AccessModel } from '../../analysis/access-model';
import { hasWildcard, parseArn } from '../../analysis/arn-pattern';
import { displayValue, isKnown } from '../../analysis/cfn-values';
import { actionList, constructLabel, statementJson, statementLabel } from '../../analysis/describe';
import { lambdaImageNeed } from '../../analysis/lambda-images';
import { LambdaImageView, PrincipalType, PrincipalView } from '../../analysis/model-views';
import { perEcrActionSet, StatementView } from '../../analysis/policy-view';
import { registryAllows } from '../../analysis/registry-grants';
import { repositoryPolicyStatement } from '../../policy/statements';
import { isAccountId } from '../../private/ecr-names';
import { EcrCheckLevel } from '../check-level';
import { Rule, RuleContext } from '../rule';

/**
 * Warns about a role or user of the app whose identity policy grants ECR actions on a repository of
 * another account that the app does not define (imported by ARN, as aws-cdk-lib's ECS
 * `ContainerImage.fromEcrRepository` grants the execution role): ECR also needs that repository's
 * policy, which only its owner can write. A registry policy of the app for that account and Region
 * that allows the actions counts. Identity statements on `Resource: "*"` name no repository and are
 * left alone.
 *
 * A Lambda function of the app whose container image is in such a repository is the same case with
 * no identity side at all (`DockerImageCode.fromEcr` on an imported repository leaves nothing but
 * the function's `ImageUri`): Lambda pulls the image only when the repository policy allows the
 * Lambda service for the function's account and trusts that account to read the image.
 */
export const crossAccountRepositoryOutsideApp: Rule = {
  id: 'cross-account-repository-outside-app',
  level: EcrCheckLevel.WARNING,
  summary: 'A principal granted ECR actions on (or a Lambda function running an image of) a repository of another account that is not defined in this app, whose repository policy must allow them too',
  why: 'Across accounts ECR needs both the caller\'s identity policy and the repository policy to allow the action; the repository\'s policy '
    + 'is not in this app, so nothing here shows it allows the principal, and without it ECR denies the request ("no resource-based policy allows the ecr:… action"). '
    + 'A Lambda function\'s image is pulled by the Lambda service, which has no identity policy: that repository policy alone decides.',
  fix: 'Have the repository\'s owner add the printed statement to its repository policy (`allowAccountPull`/`allowAccountPush` when it is a '
    + '`PushableRepository` of another app); once it is there, acknowledge this warning with that reason',
  check(context) {
    const { model } = context;
    for (const fn of model.lambdaImages) context.guard(fn.resource, 'Properties/Code/ImageUri', () => checkLambdaImage(context, fn));
    // indexed: run once per synth, unoptimized, where each for…of step over the app's principals allocates
    for (let p = 0; p < model.principals.length; p++) {
      const principal = model.principals[p];
      if (principal.type === PrincipalType.GROUP || !isKnown(principal.account)) continue;
      context.guard(principal.resource, 'Properties', () => {
        for (const [arn, grant] of outsideGrants(model, principal)) {
          const allowedByRegistry = registryAllows(model, principal, arn);
          const missing = [...grant.actions].filter((a) => !allowedByRegistry.has(a)).sort();
          if (missing.length === 0) continue;
          const repository = parseArn(arn)!;
          const name = repository.resource.slice('repository/'.length);
          const named = isKnown(principal.arn);
          const fixStatement = repositoryPolicyStatement(missing, [new iam.ArnPrincipal(named
            ? displayValue(principal.arn)
            : `arn:${repository.partition}:iam::${principal.account}:root`)]);
          const kind = principal.type === PrincipalType.ROLE ? 'role' : 'user';
          context.report({
            resource: grant.first.policy.resource,
            location: grant.first.location,
            message: `${kind === 'role' ? 'Role' : 'User'} '${constructLabel(principal.resource)}' in account ${principal.account} is allowed ${actionList(missing)} `
              + `on ${hasWildcard(name) ? 'the repositories matching' : 'repository'} '${displayValue(name)}' in account ${repository.account} (${statementLabel(grant.first)}), `
              + 'which this app does not define: ECR denies the request unless that repository\'s policy allows it too.',
            fix: `in account ${repository.account}, add to the repository policy of '${displayValue(name)}': ${statementJson(fixStatement)}`
              + (named ? '' : ` (the ${kind}'s name is generated at deployment, so the statement names its account; give the ${kind} a fixed name to name it alone)`)
              + '; if its owner has done so, acknowledge this warning with that reason',
          });
        }
      });
    }
  },
};

/** A function whose image is in a repository of another account, not in the app: the two statements Lambda needs there. */
function checkLambdaImage(context: RuleContext, fn: LambdaImageView): void {
  const need = lambdaImageNeed(context.model, fn);
  if (!need || need.inApp) return;
  const name = displayValue(need.repository.name);
  context.report({
    resource: fn.resource,
    location: 'Properties/Code/ImageUri',
    message: `Lambda function '${constructLabel(fn.resource)}' in account ${fn.account} runs an image of repository '${name}' in account ${need.repository.account}, `
      + 'which this app does not define: Lambda is denied the image (\'Lambda does not have permission to access the ECR image\') unless that '
      + 'repository\'s policy allows the Lambda service for this function and trusts its account to read the image.',
    fix: `in account ${need.repository.account}, add to the repository policy of '${name}': ${need.statements.map(statementJson).join(' and ')}`
      + (need.generatedName ? ' (the function\'s name is generated at deployment, so the statement names every function of its account; give it a functionName to name it alone)' : '')
      + '; if its owner has done so, acknowledge this warning with that reason',
  });
}

interface OutsideGrant {
  readonly actions: Set<string>;
  readonly first: StatementView;
}

/** The repository ARNs (or name patterns) of other accounts, not in the app, that the principal's identity policies allow repository actions on. */
function outsideGrants(model: AccessModel, principal: PrincipalView): Map<string, OutsideGrant> {
  const grants = new Map<string, OutsideGrant>();
  for (const policy of model.identityPolicies(principal)) {
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue;
      const actions = repositoryActions(statement);
      if (actions.length === 0) continue;
      for (const { value } of statement.resources ?? []) {
        if (!isOutsideRepository(model, value, principal.account)) continue;
        const grant = grants.get(value) ?? { actions: new Set<string>(), first: statement };
        actions.forEach((a) => grant.actions.add(a));
        grants.set(value, grant);
      }
    }
  }
  return grants;
}

/** The statement's actions that act on a repository (not only on `*`), asked of every statement of every principal. */
const repositoryActions = perEcrActionSet((actions) => [...actions].filter((a) => findEcrAction(a)?.wildcardOnly === false));

/** An ECR repository ARN (or name pattern) with a certain partition, Region and account other than the principal's, not defined in the app. */
function isOutsideRepository(model: AccessModel, value: string, account: string): boolean {
  if (!isKnown(value) || model.repositoryByArn(value)) return false;
  const arn = parseArn(value);
  if (!arn || arn.service !== 'ecr' || !arn.resource.startsWith('repository/') || arn.resource === 'repository/') return false;
  if (hasWildcard(arn.partition) || hasWildcard(arn.region) || arn.region === '') return false;
  return isAccountId(arn.account) && arn.account !== account;
}
