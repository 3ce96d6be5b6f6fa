import { Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { grantOnRepository } from './grant-on-repository';
import { EcrActions } from '../actions/action-sets';
import { InputProblems } from '../private/input-problems';

// Blob mounting: with the registry setting BLOB_MOUNTING enabled, a push mounts layers that already
// exist in another repository of the registry instead of uploading them, and "Users need
// ecr:GetDownloadUrlForLayer IAM permission on a repository to mount layers from it". Without it the
// mount fails silently and the layer is uploaded again.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html

/**
 * Grants mounting layers from the source repositories: `ecr:GetDownloadUrlForLayer` on each. Sources
 * must be of the pushed repository's registry ("only works within the same registry"), other than
 * the repository itself; all problems at once.
 */
export function grantLayerMounts(
  repository: ecr.IRepository, grantee: iam.IGrantable, sources: readonly ecr.IRepository[], subject: string,
): iam.Grant[] {
  const problems = new InputProblems(subject);
  const differs = (a: string, b: string) => Token.compareStrings(a, b) === TokenComparison.DIFFERENT;
  if (sources.length === 0) problems.add('sources', '[]', 'lists no repository to mount layers from', 'name the repositories whose layers pushes reuse, or use grantPush');
  sources.forEach((source, i) => {
    if (source === repository) {
      problems.add(`sources[${i}]`, source.node.path, 'is the repository pushed to', 'list only the other repositories whose layers pushes reuse');
    } else if (differs(source.env.account, repository.env.account) || differs(source.env.region, repository.env.region)) {
      problems.add(`sources[${i}]`, source.node.path, `is in account ${source.env.account} in ${source.env.region}, and ECR mounts layers only within one registry ` +
        `(account ${repository.env.account} in ${repository.env.region})`, 'list repositories of the same account and region only');
    }
  });
  problems.throwIfAny();
  return sources.map((source) => grantOnRepository(source, grantee, EcrActions.MOUNT_LAYERS));
}
