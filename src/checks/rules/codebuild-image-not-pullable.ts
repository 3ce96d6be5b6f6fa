import { EcrActions } from '../../actions/action-sets';
import { AccessModel } from '../../analysis/access-model';
import { UnknownParts } from '../../analysis/arn-pattern';
import { constructLabel, statementJson } from '../../analysis/describe';
import { appImageOf } from '../../analysis/image-references';
import { mayCall } from '../../analysis/may-call';
import { PrincipalView, RepositoryView } from '../../analysis/model-views';
import { ecrActionsOf, resourceRef } from '../../analysis/policy-view';
import { PrincipalMatch, principalValueMatch } from '../../analysis/principal-match';
import { repositoryIdentityStatement } from '../../policy/statements';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

// A CodeBuild project whose build image is in a repository of the app pulls it when the build starts,
// with the credentials `ImagePullCredentialsType` names: "CODEBUILD specifies that CodeBuild uses its
// own credentials. This requires that you modify your ECR repository policy to trust CodeBuild service
// principal. SERVICE_ROLE specifies that CodeBuild uses your build project's service role."
// (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html)

const CODEBUILD_SERVICE = 'codebuild.amazonaws.com';
// what pulling an image takes: the manifest and the layers
const FETCH = EcrActions.LAMBDA_PULL;

/**
 * Catches a CodeBuild project of the app whose build image is in a repository of the app that the
 * credentials it pulls with may not read: with `SERVICE_ROLE`, a service role of the app in the
 * repository's account without `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on it; with
 * `CODEBUILD` (the default), a repository policy without a statement for `codebuild.amazonaws.com`.
 * A service role of another account is left to `cross-account-without-repository-policy`.
 */
export const codebuildImageNotPullable: Rule = {
  id: 'codebuild-image-not-pullable',
  level: EcrCheckLevel.ERROR,
  summary: 'A CodeBuild project whose build image is in a repository of the app that its image pull credentials (`SERVICE_ROLE` or `CODEBUILD`) may not read',
  why: 'CodeBuild pulls the build image when the build starts: with SERVICE_ROLE as the project\'s service role, with CODEBUILD as its own service principal, '
    + 'which only the repository policy can allow. Without the grant every build fails in its PROVISIONING phase ("not authorized to perform: ecr:BatchGetImage").',
  fix: 'With SERVICE_ROLE, grant the service role a pull on the repository (`repository.grantPull(project)`); with CODEBUILD, add the codebuild.amazonaws.com '
    + 'statement to the repository policy, or switch to SERVICE_ROLE (`LinuxBuildImage.fromEcrRepository` does)',
  check(context) {
    const { model } = context;
    for (const { stack, logicalId, resource } of model.resourcesOfType('AWS::CodeBuild::Project')) {
      const ref = resourceRef(stack, logicalId, resource.Type);
      context.guard(ref, 'Properties/Environment', () => {
        const environment = model.resolver.resolve(stack, resource.Properties?.Environment);
        const image = appImageOf(model, environment?.Image);
        if (!image) return;
        const credentials = environment?.ImagePullCredentialsType ?? 'CODEBUILD';
        const repository = image.repository;
        const where = `'${constructLabel(ref)}' builds in ${environment.Image}`;
        if (credentials === 'SERVICE_ROLE') {
          const role = serviceRole(model, model.resolver.resolve(stack, resource.Properties?.ServiceRole));
          if (!role || role.unknownManagedPolicies.length > 0 || role.account !== repository.account) return;
          const statements = model.effectivePolicies(role).flatMap((p) => p.statements);
          if (FETCH.every((action) => mayCall(statements, action, repository.arn))) return;
          context.report({
            resource: ref,
            location: 'Properties/Environment/ImagePullCredentialsType',
            message: `${where} with SERVICE_ROLE, but its service role '${constructLabel(role.resource)}' may not pull from '${constructLabel(repository.resource)}': every build fails to start.`,
            fix: `grant the role a pull on the repository (repository.grantPull(project)): ${statementJson(repositoryIdentityStatement(EcrActions.PULL, [repository.arn]))}`,
          });
        } else if (credentials === 'CODEBUILD' && !allowsCodeBuild(repository)) {
          context.report({
            resource: ref,
            location: 'Properties/Environment/Image',
            message: `${where} with CODEBUILD credentials, but the repository policy of '${constructLabel(repository.resource)}' does not allow ${CODEBUILD_SERVICE} to pull: every build fails to start.`,
            fix: 'use SERVICE_ROLE (codebuild.LinuxBuildImage.fromEcrRepository(repository, tag) does, and grants the pull), or allow codebuild.amazonaws.com '
              + `${FETCH.join(' and ')} in the repository policy with aws:SourceAccount or aws:SourceArn naming the project`,
          });
        }
      });
    }
  },
};

/** The role of the app a project's `ServiceRole` (ARN or name) names. */
function serviceRole(model: AccessModel, value: unknown): PrincipalView | undefined {
  if (typeof value !== 'string') return undefined;
  return model.principals.find((p) => p.arn === value || model.resolver.nameOf(p.resource.stack, p.resource.logicalId) === value);
}

/** The repository policy allows the CodeBuild service (or anyone) the fetch actions (conditions assumed to hold). */
function allowsCodeBuild(repository: RepositoryView): boolean {
  const statements = repository.policy?.statements.filter((s) => s.effect === 'Allow') ?? [];
  return FETCH.every((action) => statements.some((s) => ecrActionsOf(s).has(action)
    && [...s.principals?.get('Service') ?? [], ...s.principals?.get('AWS') ?? []]
      .some(({ value }) => value === '*' || principalValueMatch('Service', value, { service: CODEBUILD_SERVICE }, UnknownParts.OPTIMISTIC).match !== PrincipalMatch.NONE)));
}
