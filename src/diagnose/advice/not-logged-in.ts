import { AdviceInput, KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';
import { isPublicRegistryHost, PUBLIC_REGISTRY_HOST } from '../locate';
import { FactDetail } from '../parse';
import { SignalDetail } from '../signals';

// The registry client sent no valid registry credentials: not a policy problem, a login to run
// (ECR logins last 12 hours and count for one registry host only).

export const notLoggedIn: KindAdvice = {
  kind: DiagnosisKind.NOT_LOGGED_IN,
  title: 'Not logged in to the registry',

  explanation(input) {
    const { facts } = input;
    if (facts.detail === SignalDetail.PUBLIC_LOGIN_REGION) {
      return `The login to ECR Public (${PUBLIC_REGISTRY_HOST}) was asked of another region: ECR Public issues login tokens in us-east-1 only. Not a policy problem.`;
    }
    const host = hostFor(input);
    // ECR Public's password comes from its own command, in us-east-1, and its host names no account or region
    const isPublic = isPublicRegistryHost(host);
    const detail: Record<string, string> = {
      [FactDetail.EXPIRED_REGISTRY_TOKEN]: `The registry login for ${host} has expired: ECR logins last 12 hours.`,
      [FactDetail.LOGIN_REJECTED]: isPublic
        ? `The registry ${host} rejected the login: the password must come from \`aws ecr-public get-login-password --region us-east-1\`.`
        : `The registry ${host} rejected the login: the password must come from \`aws ecr get-login-password\` in the registry's own region (${facts.region ?? PLACEHOLDER.region}).`,
    };
    const noCredentials = isPublic
      ? `The client sent no registry credentials for ${host}: it is not logged in to ECR Public at this host (a login counts for one host).`
      : `The client sent no registry credentials for ${host}: it is not logged in to exactly this registry (account and region are part of the host).`;
    const explanation = detail[facts.detail ?? ''] ?? noCredentials;
    return `${explanation} Not a policy problem.`;
  },

  fix(input) {
    if (input.facts.detail === SignalDetail.PUBLIC_LOGIN_REGION || isPublicRegistryHost(input.facts.registryHost)) {
      // logins are per host: the dual-stack host needs its own
      const host = input.facts.registryHost ?? PUBLIC_REGISTRY_HOST;
      return {
        steps: [
          `Log in to ECR Public in us-east-1, whatever the region of the job: \`aws ecr-public get-login-password --region us-east-1 | docker login --username AWS --password-stdin ${host}\`.`,
          'aws-actions/amazon-ecr-login with `registry-type: public` needs the job\'s region set to us-east-1 for that step.',
          `Pulls of public images need no login at all: an expired ECR Public login fails where none would succeed, so log out (\`docker logout ${host}\`) or log in again.`,
          'Pushes need ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken on "*" in the caller\'s identity policy.',
        ],
      };
    }
    const login = `\`aws ecr get-login-password --region ${input.facts.region ?? PLACEHOLDER.region} | docker login --username AWS --password-stdin ${hostFor(input)}\``;
    const steps = [
      `Log in to this registry right before the pull or push: ${login}.`,
      'Logins are per host: a login to another account or region does not count. For a registry in another account, log in to that account\'s host (aws-actions/amazon-ecr-login: `registries: <account-id>`).',
      'On ECS the task execution role logs in, on EKS the node role (kubelet credential provider): they need `ecr:GetAuthorizationToken` on "*" and the pull actions.',
      'If the login command itself fails with AccessDenied, diagnose that message: the caller needs `ecr:GetAuthorizationToken` on "*" in an identity policy.',
    ];
    if (input.facts.detail === FactDetail.EXPIRED_REGISTRY_TOKEN) steps.splice(1, 0, 'For long jobs, use amazon-ecr-credential-helper, which renews the login.');
    return { steps };
  },
};

/** The registry host as the message writes it, or built from what it says (placeholders for the rest). */
function hostFor(input: AdviceInput): string {
  const { facts } = input;
  // ECR Public's hosts name no account or region
  if (isPublicRegistryHost(facts.registryHost)) return facts.registryHost!;
  if (facts.registryHost !== undefined && facts.resourceAccount !== undefined && facts.region !== undefined) return facts.registryHost;
  return `${facts.resourceAccount ?? PLACEHOLDER.account}.dkr.ecr.${facts.region ?? PLACEHOLDER.region}.amazonaws.com`;
}
