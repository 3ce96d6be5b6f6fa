import { accessDenied } from './access-denied';
import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';

// ECR uses a KMS key through the grant it creates when the repository is created: the creator needs
// kms:CreateGrant, the deleter kms:RetireGrant; pulls and pushes never need the caller's kms:Decrypt.
// Lambda's KMSAccessDeniedException is about the function's own key, not the repository's.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html

export const kms: KindAdvice = {
  kind: DiagnosisKind.KMS,
  title: 'AWS KMS refused the key',

  explanation(input) {
    const { facts } = input;
    // an IAM message names caller, key and missing side: say so, and where such a denial comes from
    if (facts.caller !== undefined && facts.action !== 'kms:CreateGrant') {
      return `${accessDenied.explanation(input)} ECR reads an encrypted repository's key through its own grant, so pulls and pushes need no kms permission of the caller: ` +
        'this denial comes from another read of the same job (a secret, a parameter, an object) or from a key the caller uses directly.';
    }
    switch (facts.action) {
      case 'kms:CreateGrant':
      case 'kms:DescribeKey':
        return `Creating a KMS-encrypted repository needs ${facts.action} on the key for the caller: ECR adds a grant to the key for the repository.`;
      case 'kms:RetireGrant':
        return 'The repository was deleted, but the grant ECR created on its KMS key was not retired: the caller that deleted it lacks kms:RetireGrant on the key.';
      case 'kms:Decrypt':
        return 'Lambda could not decrypt its copy of the container image: the key is the function\'s KMS key (or the AWS managed key), not the repository\'s; its key policy or state refused Lambda.';
      default:
        return 'ECR could not use the repository\'s KMS key: the key is disabled, pending deletion, or the grant ECR holds on it was revoked. No permission of the caller fixes that.';
    }
  },

  fix(input) {
    const { facts } = input;
    if (facts.caller !== undefined) return accessDenied.fix(input);
    const steps = facts.action === 'kms:CreateGrant' || facts.action === 'kms:DescribeKey' ? [
      'Allow the caller kms:CreateGrant, kms:RetireGrant and kms:DescribeKey on the key (identity policy, and the key policy if it does not delegate to IAM).',
      'The key must be in the region of the repository.',
    ] : facts.action === 'kms:RetireGrant' ? [
      'Find the leftover grant (`aws kms list-grants --key-id <key-arn>`) and retire it (`aws kms retire-grant`).',
      'Allow kms:RetireGrant on the key to the principals that delete repositories.',
    ] : facts.action === 'kms:Decrypt' ? [
      'Check the function\'s kmsKeyArn: its key policy must allow Lambda to use it, and the key must be enabled.',
    ] : [
      'Check the key state (`aws kms describe-key --key-id <key-arn>`): enable it, or cancel its deletion.',
      'Check that ECR\'s grant on the key still exists (`aws kms list-grants --key-id <key-arn>`); a revoked grant means re-creating the repository.',
    ];
    return { steps };
  },
};
