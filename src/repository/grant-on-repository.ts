import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { grantRepositoryActions } from './access';
import { ImportedRepository } from './imported-repository';
import { PushableRepository } from './pushable-repository';

/**
 * Grants ECR actions on any `ecr.IRepository`: a `PushableRepository`, or one imported through its
 * `from*` methods, writes both sides itself; any other repository (an `ecr.Repository`, or one
 * imported through aws-cdk-lib) gets the same treatment through its own `grant`, with login on `*`
 * and a warning for the side this app cannot write.
 */
export function grantOnRepository(repository: ecr.IRepository, grantee: iam.IGrantable, actions: readonly string[]): iam.Grant {
  if (repository instanceof PushableRepository || repository instanceof ImportedRepository) return repository.grant(grantee, ...actions);
  return grantRepositoryActions(repository, grantee, actions, (repositoryActions) => repository.grant(grantee, ...repositoryActions));
}
