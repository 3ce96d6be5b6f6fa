import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { SignalDetail } from '../signals';

// The CI job got no AWS credentials: the role's trust policy, the OIDC provider or the token do not
// match. Nothing ECR grants matters before that works.
// https://repost.aws/knowledge-center/iam-idp-access-error

const CAUSES: Record<string, string> = {
  [SignalDetail.NO_OIDC_PROVIDER]: 'There is no IAM OIDC identity provider for the token\'s issuer in the role\'s account.',
  [SignalDetail.AUDIENCE]: 'The token\'s audience (aud) is not one the OIDC provider lists, or not the one the trust policy expects (sts.amazonaws.com for aws-actions/configure-aws-credentials).',
  [SignalDetail.THUMBPRINT]: 'The OIDC provider\'s thumbprint does not match the issuer\'s certificate.',
  [SignalDetail.MISSING_CLAIM]: 'The token lacks a claim STS requires (sub or aud).',
  [SignalDetail.NO_ID_TOKEN]: 'The job did not request an OIDC token: GitHub Actions gives one only with `permissions: id-token: write`.',
};

export const federation: KindAdvice = {
  kind: DiagnosisKind.FEDERATION,
  title: 'The CI job could not assume its role',

  explanation({ facts }) {
    if (facts.action === 'sts:TagSession') {
      return 'The role\'s trust policy does not allow sts:TagSession, and the caller tags its session (aws-actions/configure-aws-credentials does by default with access keys and role chaining).';
    }
    const cause = CAUSES[facts.detail ?? ''] ?? 'The role\'s trust policy does not match the token: most often the subject (sub) differs from the one the policy pins (branch, environment, tag, pull request), or the audience does.';
    return `${cause} Not an ECR permission: ECR policies do not matter until the job has credentials.`;
  },

  fix({ facts }) {
    if (facts.action === 'sts:TagSession') {
      return {
        steps: [
          'Allow sts:TagSession in the trust policy of the target role for the same principal, or skip session tags (configure-aws-credentials: `role-skip-session-tagging: true`).',
        ],
      };
    }
    return {
      cdk: 'new EcrCiPrincipal(this, \'Ci\', {\n' +
        '  provider: CiProvider.gitHubActions({ owner: \'<owner>\', repository: \'<repository>\', branches: [\'main\'] }), // audience and subject pinned\n' +
        '  push: [repository],\n});',
      steps: [
        'Compare the claims the job prints (sub, aud, iss) with the role\'s trust policy: `cdk-ecr-access diagnose --assembly cdk.out` names the condition that fails when the paste includes them.',
        'The subject must match exactly: repo:<owner>/<repository>:ref:refs/heads/<branch>, …:environment:<name> for jobs with an environment, …:pull_request for pull requests.',
        'Create the OIDC provider for the exact issuer URL (token.actions.githubusercontent.com, gitlab.com, the EKS cluster issuer) in the role\'s account.',
        'GitHub Actions: `permissions: id-token: write` in the workflow or job.',
      ],
    };
  },
};
