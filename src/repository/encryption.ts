import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { InputProblems } from '../private/input-problems';

// ECR's encryption settings, for repositories and creation templates alike. `ecr.Repository` offers
// `RepositoryEncryption.KMS_DSSE` but cannot render it (it throws "Unexpected 'encryptionType'", and
// with a key "encryptionKey is specified, so 'encryption' must be set to KMS"): valid input that
// crashes synth. So the library writes the `EncryptionConfiguration` property itself.

/** The encryption a repository gets from `encryption` and `encryptionKey`, as `ecr.Repository` reads them (KMS when only a key is given). */
export function encryptionTypeOf(encryption: ecr.RepositoryEncryption | undefined, key: kms.IKeyRef | undefined): string {
  return encryption?.value ?? (key !== undefined ? ecr.RepositoryEncryption.KMS.value : ecr.RepositoryEncryption.AES_256.value);
}

/**
 * Checks `encryption` with `encryptionKey` and the stack's region: a key needs KMS or KMS_DSSE, and
 * "Dual-layer server-side encryption with AWS KMS (DSSE-KMS) is only available in the AWS GovCloud
 * (US) Regions". A deploy-time region is not judged.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 */
export function checkEncryption(
  problems: InputProblems, scope: IConstruct, encryption: ecr.RepositoryEncryption | undefined, key: kms.IKeyRef | undefined,
): void {
  const type = encryptionTypeOf(encryption, key);
  if (key !== undefined && type !== ecr.RepositoryEncryption.KMS.value && type !== ecr.RepositoryEncryption.KMS_DSSE.value) {
    problems.add('encryption', type, 'must be KMS or KMS_DSSE when encryptionKey is given',
      'remove encryption (KMS is implied by encryptionKey) or set RepositoryEncryption.KMS');
  }
  const region = Stack.of(scope).region;
  if (type === ecr.RepositoryEncryption.KMS_DSSE.value && !Token.isUnresolved(region) && !region.startsWith('us-gov-')) {
    problems.add('encryption', type, `is only available in the AWS GovCloud (US) Regions, and this stack's region is '${region}'`,
      'use RepositoryEncryption.KMS (one layer of KMS encryption), or deploy the repository to us-gov-west-1 or us-gov-east-1');
  }
}

/** The `EncryptionConfiguration` of a repository or creation template that uses KMS_DSSE; undefined for the other types. */
export function dsseEncryptionConfiguration(
  encryption: ecr.RepositoryEncryption | undefined, key: kms.IKeyRef | undefined,
): { encryptionType: string; kmsKey?: string } | undefined {
  if (encryption?.value !== ecr.RepositoryEncryption.KMS_DSSE.value) return undefined;
  // without a key ECR uses its AWS managed key (aws/ecr), as for KMS
  return { encryptionType: ecr.RepositoryEncryption.KMS_DSSE.value, kmsKey: key?.keyRef.keyArn };
}

/** A repository's encryption: its type, and its KMS key (absent for AES256, and for ECR's AWS managed key). */
export interface KnownEncryption {
  readonly type: string;
  readonly key?: string;
}

/** How a repository of this app is encrypted; undefined for an imported one, or one whose settings are known only at deploy time. */
export function knownEncryption(repository: ecr.IRepository): KnownEncryption | undefined {
  const resource = repository.node.defaultChild;
  if (!(resource instanceof ecr.CfnRepository)) return undefined;
  const config = resource.encryptionConfiguration;
  // ecr.Repository writes nothing for AES256, ECR's default
  if (config === undefined) return { type: ecr.RepositoryEncryption.AES_256.value };
  if (Token.isUnresolved(config)) return undefined;
  const { encryptionType, kmsKey } = config as ecr.CfnRepository.EncryptionConfigurationProperty;
  return Token.isUnresolved(encryptionType) ? undefined : { type: encryptionType, key: kmsKey };
}
