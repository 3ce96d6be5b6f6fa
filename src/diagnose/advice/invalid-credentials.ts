import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { FactDetail } from '../parse';

// AWS rejected the credentials themselves (invalid or expired token, wrong signature): no grant
// changes this; the credentials do.

export const invalidCredentials: KindAdvice = {
  kind: DiagnosisKind.INVALID_CREDENTIALS,
  title: 'AWS credentials rejected',

  explanation({ facts }) {
    const call = facts.operation !== undefined ? ` (calling ${facts.operation})` : '';
    const explanations: Record<string, string> = {
      [FactDetail.EXPIRED_SECURITY_TOKEN]: `The AWS credentials${call} have expired.`,
      [FactDetail.NO_CREDENTIALS]: `The client found no AWS credentials${call}.`,
    };
    const explanation = explanations[facts.detail ?? ''] ?? `AWS did not accept the credentials${call}: the access key or session token is invalid (mismatched, deleted, or from another partition).`;
    return `${explanation} Not a policy problem: no grant changes this.`;
  },

  fix() {
    return {
      steps: [
        'Check which credentials are in use: `aws sts get-caller-identity` (environment variables override profiles; a stale AWS_SESSION_TOKEN next to new keys is invalid).',
        'Refresh them: `aws sso login --profile <profile>`, re-run the CI step that assumes the role (aws-actions/configure-aws-credentials), or raise the role session duration for long jobs.',
        'Regions that are disabled by default accept session tokens only from regional STS endpoints; clock skew breaks signatures.',
      ],
    };
  },
};
