import { AccessModel } from './access-model';
import { ArnParts, parseArn, UnknownParts } from './arn-pattern';
import { PrincipalView, RegistryPolicyView } from './model-views';
import { ecrActionsOf, statementCovers } from './policy-view';
import { principalConditionsExclude, statementNamesPrincipal } from './principal-match';

/**
 * The ECR actions the registry policies of the app allow the principal on a repository (ECR applies
 * its registry's policy to every request on it, besides the repository policy). The registry policy
 * scope is taken to be V2, the default for new registries, under which every ECR action in it
 * applies: CloudFormation has no resource for the scope, so no template says otherwise (a registry
 * still on V1 applies only ReplicateImage, BatchImportUpstreamImage and CreateRepository from it,
 * and `EcrRegistry` tells at synth when its policy needs V2).
 */
export function registryAllows(model: AccessModel, principal: PrincipalView, repositoryArn: string): Set<string> {
  const allowed = new Set<string>();
  const repository = parseArn(repositoryArn);
  if (!repository) return allowed;
  for (const registry of registryPoliciesOf(model, repository)) {
    for (const statement of registry.policy.statements) {
      // conditions are assumed to hold, as for repository policies (never report what might work),
      // except one on the principal's own tags or ARN, which the template decides
      if (statement.effect !== 'Allow' || !statementCovers(statement, repositoryArn)) continue;
      if (!statementNamesPrincipal(statement, principal, UnknownParts.OPTIMISTIC)) continue;
      if (principalConditionsExclude(statement, principal, model.principals)) continue;
      ecrActionsOf(statement).forEach((a) => allowed.add(a));
    }
  }
  return allowed;
}

/** True when the app has a registry policy for the repository's account and Region. */
export function hasRegistryPolicy(model: AccessModel, repositoryArn: string): boolean {
  const repository = parseArn(repositoryArn);
  return repository !== undefined && registryPoliciesOf(model, repository).length > 0;
}

function registryPoliciesOf(model: AccessModel, repository: ArnParts): RegistryPolicyView[] {
  return model.registryPolicies.filter((r) => r.account === repository.account && r.region === repository.region);
}
