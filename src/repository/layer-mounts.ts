import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KnownEncryption, knownEncryption } from './encryption';
import { grantOnRepository } from './grant-on-repository';
import { EcrActions } from '../actions/action-sets';
import { InputProblems } from '../private/input-problems';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

// Blob mounting: with the registry setting BLOB_MOUNTING enabled, a push mounts layers that already
// exist in another repository of the registry instead of uploading them, and "Users need
// ecr:GetDownloadUrlForLayer IAM permission on a repository to mount layers from it". Without it the
// mount fails silently and the layer is uploaded again. "Repositories must use identical encryption
// type and keys": a mount between repositories encrypted otherwise uploads the layer again too.
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
  sources.forEach((source) => warnIfEncryptedOtherwise(repository, source));
  return sources.map((source) => grantOnRepository(source, grantee, EcrActions.MOUNT_LAYERS));
}

const warnedPairs = new WeakMap<ecr.IRepository, Set<ecr.IRepository>>();

/** Warns (once a pair) when both repositories' encryption is known at synth and differs. */
function warnIfEncryptedOtherwise(repository: ecr.IRepository, source: ecr.IRepository): void {
  const mine = knownEncryption(repository);
  const theirs = knownEncryption(source);
  if (mine === undefined || theirs === undefined || sameEncryption(repository, mine, theirs) !== false) return;
  const warned = warnedPairs.get(repository) ?? new Set<ecr.IRepository>();
  warnedPairs.set(repository, warned);
  if (warned.has(source)) return;
  warned.add(source);
  warn(repository, EcrWarnings.LAYER_MOUNT_ENCRYPTION_DIFFERS,
    `This repository is encrypted with ${describe(mine)} and '${source.node.path}', which pushes mount layers from, with ${describe(theirs)}: ` +
    'ECR mounts layers only between repositories with identical encryption type and key, so those pushes upload the layers again (they ' +
    'still succeed). Mount from repositories encrypted like this one, or acknowledge.');
}

/** True or false when synth can tell; undefined for two keys known only at deploy time in different stacks. */
function sameEncryption(repository: ecr.IRepository, a: KnownEncryption, b: KnownEncryption): boolean | undefined {
  if (a.type !== b.type) return false;
  if (a.key === undefined || b.key === undefined) return a.key === b.key;
  const comparison = Token.compareStrings(a.key, b.key);
  if (comparison === TokenComparison.SAME) return true;
  if (comparison === TokenComparison.DIFFERENT) return false;
  if (comparison === TokenComparison.ONE_UNRESOLVED) return undefined;
  // two references to keys of the app: different keys are different resources
  const stack = Stack.of(repository);
  return JSON.stringify(stack.resolve(a.key)) === JSON.stringify(stack.resolve(b.key));
}

function describe(encryption: KnownEncryption): string {
  if (encryption.key === undefined) return encryption.type === ecr.RepositoryEncryption.AES_256.value ? 'AES256' : `${encryption.type} (the AWS managed key)`;
  return `${encryption.type} (${Token.isUnresolved(encryption.key) ? 'a customer managed key' : `key ${encryption.key}`})`;
}
