import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { grantRepositoryActions } from './access';
import { ImportedRepository } from './imported-repository';
import { PushableRepository } from './pushable-repository';
import { namedRoleGrant } from './role-grants';

/**
 * Grants ECR actions on any `ecr.IRepository`: a `PushableRepository`, or one imported through its
 * `from*` methods, writes both sides itself; any other repository (an `ecr.Repository`, or one
 * imported through aws-cdk-lib) gets the same treatment through its own `grant`, with login on `*`
 * and a warning for the side this app cannot write. An `ecr.Repository` of the app names a role of
 * another account with a fixed name by its ARN, as a `PushableRepository` does, instead of
 * aws-cdk-lib's tag condition (which any role of that account carrying the tag value meets).
 */
export function grantOnRepository(repository: ecr.IRepository, grantee: iam.IGrantable, actions: readonly string[]): iam.Grant {
  if (PushableRepository.isPushableRepository(repository) || ImportedRepository.isImportedRepository(repository)) {
    return repository.grant(grantee, ...actions);
  }
  return grantRepositoryActions(repository, grantee, actions, (repositoryActions) =>
    (repository instanceof ecr.Repository ? namedRoleGrant(repository, grantee, repositoryActions) : undefined)
      ?? repository.grant(grantee, ...repositoryActions));
}
