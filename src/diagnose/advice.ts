import { Caller, CallerType, splitArn } from './arn';
import { Capability } from './capability';
import { describeCaller, describeRepository } from './describe';
import { DenyingPolicyType, DiagnosisFix, DiagnosisKind, MissingPolicy } from './diagnosis';
import { FixTarget, identityPolicyFor, lambdaRepositoryPolicyFor, PLACEHOLDER, repositoryPolicyFor, toJson } from './fix';
import { ErrorFacts, FactDetail } from './parse';
import { phraseOfDenying, phraseOfMissing } from './policy-phrases';
import { MissingBasis, MissingPolicyConclusion } from './reasoning';
import { boundaryCdk, identityCdk, repositoryCdk, vpcEndpointCdk } from './snippets';
import { EcrActions } from '../actions/action-sets';
import { Task } from '../actions/capabilities';

// Words for a diagnosis: the explanation (what happened, which policy on which side, and why) and
// the fix (policy JSON, the cdk-ecr-access code that writes it, and the steps).

/** Everything the advice is written from. */
export interface AdviceInput {
  readonly facts: ErrorFacts;
  readonly capability: Capability;
  readonly conclusion: MissingPolicyConclusion;
  readonly policyPrincipalArn?: string;
  /** The principal a fix names: the policy principal, or the same ARN with `<account-id>` when the message masks the account. */
  readonly fixPrincipalArn?: string;
  readonly crossAccount?: boolean;
  readonly target: FixTarget;
}

/** The explanation and the fix for a diagnosis. */
export interface Advice {
  readonly explanation: string;
  readonly fix?: DiagnosisFix;
}

/** Writes the explanation and the fix. */
export function advise(input: AdviceInput): Advice {
  const { facts } = input;
  const advice = adviceByKind(input);
  const unusable = facts.unusable.length > 0 ? ` Not taken from the message: ${facts.unusable.join('; ')}.` : '';
  return { explanation: advice.explanation + unusable, fix: advice.fix };
}

function adviceByKind(input: AdviceInput): Advice {
  switch (input.facts.kind) {
    case DiagnosisKind.ACCESS_DENIED: return accessDenied(input);
    case DiagnosisKind.EXPLICIT_DENY: return explicitDeny(input);
    case DiagnosisKind.NOT_LOGGED_IN: return notLoggedIn(input);
    case DiagnosisKind.INVALID_CREDENTIALS: return invalidCredentials(input);
    case DiagnosisKind.LAMBDA_IMAGE_ACCESS: return lambdaImageAccess(input);
    case DiagnosisKind.FORBIDDEN: return forbidden(input);
    case DiagnosisKind.ENCODED_AUTHORIZATION_MESSAGE: return encodedMessage(input);
    default: return unrecognized(input);
  }
}

// ---------------------------------------------------------------------------------------------
// access denied (implicit)

function accessDenied(input: AdviceInput): Advice {
  const { facts, capability, conclusion } = input;
  const what = `${describeCaller(facts.caller)} was denied ${facts.action ?? 'an action'}${onResource(input)}.`;
  const why = reasonSentence(input);
  const steps: string[] = [];
  let identityPolicy: any;
  let repositoryPolicy: any;
  let cdk: string | undefined;
  const principal = principalWords(input);
  const identityDoc = toJson(identityPolicyFor(capability, input.target, facts.resource));
  const repositoryDoc = input.fixPrincipalArn !== undefined
    ? repositoryPolicyJson(capability, input.fixPrincipalArn, facts.caller)
    : undefined;

  switch (conclusion.policy) {
    case MissingPolicy.IDENTITY:
      identityPolicy = identityDoc;
      steps.push(`Attach the identity policy (fix.identityPolicy) to ${principal}.`);
      cdk = identityCdk(input);
      break;
    case MissingPolicy.RESOURCE:
      repositoryPolicy = repositoryDoc;
      steps.push(repositoryDoc !== undefined
        ? `Add the statement (fix.repositoryPolicy) to ${resourcePolicyWords(input)}.`
        : `Add a statement to ${resourcePolicyWords(input)} that allows ${capability.actions.join(', ')} for the caller.`);
      if (input.crossAccount !== false && facts.caller?.type !== CallerType.ROOT) steps.push('The caller\'s identity policy must allow the same actions (a cross-account request needs both sides); if the next error says \'no identity-based policy allows\', attach the identity policy too.');
      cdk = repositoryCdk(input);
      break;
    case MissingPolicy.BOTH:
      identityPolicy = identityDoc;
      repositoryPolicy = repositoryDoc;
      steps.push(`In the caller's account${facts.caller?.account ? ` (${facts.caller.account})` : ''}: attach the identity policy (fix.identityPolicy) to ${principal}.`);
      steps.push(`In the ${capability.task === Task.NOT_ECR ? 'resource' : 'repository'}'s account${facts.resourceAccount ? ` (${facts.resourceAccount})` : ''}: ${repositoryDoc !== undefined
        ? `add the statement (fix.repositoryPolicy) to ${resourcePolicyWords(input, false)}`
        : `allow ${capability.actions.join(', ')} for the caller in ${resourcePolicyWords(input, false)}`}.`);
      steps.push('One of the two may already be in place; both must allow the request.');
      cdk = repositoryCdk(input);
      break;
    case MissingPolicy.PERMISSIONS_BOUNDARY:
      identityPolicy = identityDoc;
      steps.push(`Add the statements of fix.identityPolicy to the permissions boundary of ${principal} (\`aws iam get-role --role-name ${input.facts.caller?.roleName ?? '<role-name>'} --query Role.PermissionsBoundary\` names it). A boundary only limits: the identity policy must allow the actions too.`);
      cdk = boundaryCdk(input);
      break;
    case MissingPolicy.SESSION_POLICY:
      identityPolicy = identityDoc;
      steps.push('The session was started with a session policy that does not allow it (`--policy`/`--policy-arns` of `aws sts assume-role`, `inline-session-policy`/`managed-session-policies` of aws-actions/configure-aws-credentials). Add the statements of fix.identityPolicy to that session policy, or assume the role without one.');
      break;
    case MissingPolicy.VPC_ENDPOINT_POLICY:
      steps.push(...vpcEndpointSteps(input, 'allow'));
      cdk = vpcEndpointCdk(input);
      break;
    case MissingPolicy.SERVICE_CONTROL_POLICY:
      steps.push(`A service control policy of your AWS Organization does not allow ${facts.action ?? 'the action'} in account ${facts.caller?.account ?? '<account-id>'}. SCPs grant nothing; they only limit. Ask the organization's administrators: \`aws organizations list-policies-for-target --target-id ${facts.caller?.account ?? '<account-id>'} --filter SERVICE_CONTROL_POLICY\` (in the management account) lists them.`);
      break;
    case MissingPolicy.RESOURCE_CONTROL_POLICY:
      steps.push(`A resource control policy of your AWS Organization does not allow ${facts.action ?? 'the action'} on resources of account ${facts.resourceAccount ?? '<account-id>'}. Ask the organization's administrators: \`aws organizations list-policies-for-target --target-id ${facts.resourceAccount ?? '<account-id>'} --filter RESOURCE_CONTROL_POLICY\` lists them.`);
      break;
    default:
      identityPolicy = identityDoc;
      repositoryPolicy = repositoryDoc;
      steps.push('Find the caller: `aws sts get-caller-identity` with the same credentials.');
      steps.push(`Same account as the repository: attach the identity policy (fix.identityPolicy) to ${principal}; that is enough.`);
      steps.push(`Another account: ${resourcePolicyWords(input)} must also allow it${repositoryDoc !== undefined ? ' (fix.repositoryPolicy)' : ' for the caller'}.`);
      cdk = identityCdk(input);
      break;
  }
  steps.push(...principalCaveats(input, repositoryPolicy !== undefined));
  if (facts.caller?.type === CallerType.FEDERATED_USER && identityPolicy !== undefined) {
    steps.push('A federated user has what that IAM user has and the session policy passed to GetFederationToken allows: the session policy must allow the actions too.');
  }
  if (capability.task !== Task.NOT_ECR && (identityPolicy !== undefined || repositoryPolicy !== undefined)) {
    steps.push('Grant exactly these actions: not `ecr:*`, and repository actions on the repository ARN rather than on "*".');
  }
  if (hasPlaceholder([identityPolicy, repositoryPolicy, cdk])) steps.push('Replace each <placeholder> with your value: the message does not carry it.');
  return { explanation: `${what} ${why}`, fix: withoutUndefined({ identityPolicy, repositoryPolicy, cdk, steps }) };
}

function reasonSentence(input: AdviceInput): string {
  const { facts, capability, conclusion } = input;
  const accounts = `caller in ${facts.caller?.account ?? 'an unknown account'}, repository in ${facts.resourceAccount ?? 'an unknown account'}`;
  switch (conclusion.basis) {
    case MissingBasis.MESSAGE:
      return `AWS says no ${phraseOfMissing(conclusion.policy)} allows it: ${whatMustChange(input)}`;
    case MissingBasis.IDENTITY_ONLY_ACTION:
      return capability.task === Task.CREATE
        ? `${facts.action} can only be allowed by an identity policy: the repository does not exist yet, so no repository policy applies. Scope it to a name prefix instead of "*".`
        : `${facts.action} is account-level: only an identity policy with Resource "*" can allow it; a repository policy cannot.`;
    case MissingBasis.SAME_ACCOUNT:
      return `Caller and repository are in the same account (${facts.caller?.account}), so one allow is enough: the caller's identity policy is missing it (a repository policy naming the caller would also do, but the identity policy is where grants belong).`;
    case MissingBasis.CROSS_ACCOUNT_ROOT:
      return `The caller is the root of another account (${accounts}): its own side is always allowed, so the repository policy must trust account ${facts.caller?.account}.`;
    case MissingBasis.CROSS_ACCOUNT:
      return `Cross-account request (${accounts}): both the caller's identity policy and the repository policy must allow it, and the message does not say which one is missing.`;
    default:
      if (facts.caller?.type === CallerType.ROOT) {
        return 'A root user needs no identity policy, so a service control policy, a resource control policy or a Deny is the likely cause; the message does not say which.';
      }
      return `The message names neither the missing policy nor both accounts (${accounts}), so the side cannot be told apart.`;
  }
}

function whatMustChange(input: AdviceInput): string {
  const { facts, conclusion } = input;
  switch (conclusion.policy) {
    case MissingPolicy.IDENTITY: return `the identity policy of ${principalWords(input)} must allow ${facts.action ?? 'it'}.`;
    case MissingPolicy.RESOURCE: {
      const side = input.capability.task === Task.NOT_ECR ? 'the resource policy' : 'the repository policy';
      const why = input.crossAccount ? ` (a cross-account request needs ${side} even when the identity policy allows)` : '';
      return `${input.capability.task === Task.NOT_ECR ? resourcePolicyWords(input) : side} must allow it for the caller${why}.`;
    }
    case MissingPolicy.PERMISSIONS_BOUNDARY: return 'the permissions boundary of the caller must allow it too (a boundary limits what identity policies can grant).';
    case MissingPolicy.SESSION_POLICY: return 'the session policy passed when the role was assumed must allow it too.';
    case MissingPolicy.VPC_ENDPOINT_POLICY: return 'the policy of the VPC endpoint the request went through must allow it.';
    case MissingPolicy.SERVICE_CONTROL_POLICY: return 'a service control policy of the organization must allow it.';
    case MissingPolicy.RESOURCE_CONTROL_POLICY: return 'a resource control policy of the organization must allow it.';
    default: return 'that policy must allow it.';
  }
}

// ---------------------------------------------------------------------------------------------
// explicit deny

function explicitDeny(input: AdviceInput): Advice {
  const { facts } = input;
  const where = facts.deniedBy !== undefined ? `a Deny statement in ${articleFor(facts.deniedBy)} ${denyPhrase(facts.deniedBy)}` : 'a Deny statement (the message does not say in which policy)';
  const named = facts.denyingPolicyArn !== undefined ? ` The message names it: ${facts.denyingPolicyArn}.` : '';
  const explanation = `${describeCaller(facts.caller)} was denied ${facts.action ?? 'an action'}${onResource(input)} by ${where}.${named} An explicit Deny overrides every Allow: adding permissions (or \`ecr:*\`) cannot fix it.`;
  const steps = [...denySteps(input), 'Narrow the Deny (for example, exclude this principal or repository in its Condition) or remove it; then retry.'];
  return { explanation, fix: { steps } };
}

function denyPhrase(type: DenyingPolicyType): string {
  return type === DenyingPolicyType.RESOURCE_BASED_POLICY ? `${phraseOfDenying(type)} (the repository policy)` : phraseOfDenying(type);
}

function articleFor(type: DenyingPolicyType): string {
  return type === DenyingPolicyType.IDENTITY_BASED_POLICY ? 'an' : 'a';
}

function denySteps(input: AdviceInput): string[] {
  const { facts } = input;
  const roleName = facts.caller?.roleName ?? '<role-name>';
  const action = facts.action ?? '<action>';
  switch (facts.deniedBy) {
    case DenyingPolicyType.IDENTITY_BASED_POLICY:
      return [
        `Find the Deny in the policies of ${principalWords(input)}: \`aws iam list-attached-role-policies --role-name ${roleName}\` and \`aws iam list-role-policies --role-name ${roleName}\` (for a user: list-attached-user-policies, list-user-policies and its groups' policies).`,
        `\`aws iam simulate-principal-policy --policy-source-arn ${input.policyPrincipalArn ?? '<principal-arn>'} --action-names ${action}${facts.resource ? ` --resource-arns '${facts.resource}'` : ''}\` shows which statement matches.`,
      ];
    case DenyingPolicyType.RESOURCE_BASED_POLICY:
      return [`Find the Deny in the repository policy: \`aws ecr get-repository-policy --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region}\`, and in the registry policy (\`aws ecr get-registry-policy\`).`];
    case DenyingPolicyType.PERMISSIONS_BOUNDARY:
      return [`Find the Deny in the permissions boundary: \`aws iam get-role --role-name ${roleName} --query Role.PermissionsBoundary\` names it.`];
    case DenyingPolicyType.SESSION_POLICY:
      return ['Find the Deny in the session policy passed when the role was assumed (`--policy`/`--policy-arns` of `aws sts assume-role`, `inline-session-policy`/`managed-session-policies` of aws-actions/configure-aws-credentials).'];
    case DenyingPolicyType.VPC_ENDPOINT_POLICY:
      return vpcEndpointSteps(input, 'deny');
    case DenyingPolicyType.SERVICE_CONTROL_POLICY:
      return [`Ask your organization's administrators: a service control policy on account ${facts.caller?.account ?? '<account-id>'} (or its organizational units) denies ${action}; \`aws organizations list-policies-for-target --target-id ${facts.caller?.account ?? '<account-id>'} --filter SERVICE_CONTROL_POLICY\` lists them.`];
    case DenyingPolicyType.RESOURCE_CONTROL_POLICY:
      return [`Ask your organization's administrators: a resource control policy on account ${facts.resourceAccount ?? '<account-id>'} denies ${action}; \`aws organizations list-policies-for-target --target-id ${facts.resourceAccount ?? '<account-id>'} --filter RESOURCE_CONTROL_POLICY\` lists them.`];
    default:
      return [
        'Look for a Deny that matches in: the identity policies and permissions boundary of the caller, the session policy, the repository policy, VPC endpoint policies, and the organization\'s service and resource control policies.',
        'The CloudTrail event of the denied call (errorCode AccessDenied) has the same message; newer messages name the policy type.',
      ];
  }
}

// ---------------------------------------------------------------------------------------------
// login and credentials

function notLoggedIn(input: AdviceInput): Advice {
  const { facts } = input;
  const host = hostFor(input);
  const region = facts.region ?? PLACEHOLDER.region;
  const login = `\`aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${host}\``;
  const detail: Record<string, string> = {
    [FactDetail.EXPIRED_REGISTRY_TOKEN]: `The registry login for ${host} has expired: ECR logins last 12 hours.`,
    [FactDetail.LOGIN_REJECTED]: `The registry ${host} rejected the login: the password must come from \`aws ecr get-login-password\` in the registry's own region (${region}).`,
  };
  const explanation = detail[facts.detail ?? ''] ?? `The client sent no registry credentials for ${host}: it is not logged in to exactly this registry (account and region are part of the host).`;
  const steps = [
    `Log in to this registry right before the pull or push: ${login}.`,
    'Logins are per host: a login to another account or region does not count. For a registry in another account, log in to that account\'s host (aws-actions/amazon-ecr-login: `registries: <account-id>`).',
    'On ECS the task execution role logs in, on EKS the node role (kubelet credential provider): they need `ecr:GetAuthorizationToken` on "*" and the pull actions.',
    'If the login command itself fails with AccessDenied, diagnose that message: the caller needs `ecr:GetAuthorizationToken` on "*" in an identity policy.',
  ];
  if (facts.detail === FactDetail.EXPIRED_REGISTRY_TOKEN) steps.splice(1, 0, 'For long jobs, use amazon-ecr-credential-helper, which renews the login.');
  return { explanation: `${explanation} Not a policy problem.`, fix: { steps } };
}

function invalidCredentials(input: AdviceInput): Advice {
  const { facts } = input;
  const call = facts.operation !== undefined ? ` (calling ${facts.operation})` : '';
  const explanations: Record<string, string> = {
    [FactDetail.EXPIRED_SECURITY_TOKEN]: `The AWS credentials${call} have expired.`,
    [FactDetail.NO_CREDENTIALS]: `The client found no AWS credentials${call}.`,
  };
  const explanation = explanations[facts.detail ?? ''] ?? `AWS did not accept the credentials${call}: the access key or session token is invalid (mismatched, deleted, or from another partition).`;
  const steps = [
    'Check which credentials are in use: `aws sts get-caller-identity` (environment variables override profiles; a stale AWS_SESSION_TOKEN next to new keys is invalid).',
    'Refresh them: `aws sso login --profile <profile>`, re-run the CI step that assumes the role (aws-actions/configure-aws-credentials), or raise the role session duration for long jobs.',
    'Regions that are disabled by default accept session tokens only from regional STS endpoints; clock skew breaks signatures.',
  ];
  return { explanation: `${explanation} Not a policy problem: no grant changes this.`, fix: { steps } };
}

function encodedMessage(input: AdviceInput): Advice {
  const message = input.facts.encodedMessage ?? '<encoded-message>';
  return {
    explanation: 'AWS returned an encoded authorization failure message: who was denied what, and by which statements, is inside it.',
    fix: {
      steps: [
        `Decode it: \`aws sts decode-authorization-message --encoded-message ${message} --query DecodedMessage --output text\` (needs \`sts:DecodeAuthorizationMessage\`).`,
        'Diagnose the decoded JSON: `cdk-ecr-access diagnose -` reads it from standard input.',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Lambda, 403, unrecognized

function lambdaImageAccess(input: AdviceInput): Advice {
  const { facts, target } = input;
  const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
  const explanation = `AWS Lambda could not read the function's image from ${repository}: the repository policy must allow the Lambda service ` +
    `(lambda.amazonaws.com) ${EcrActions.LAMBDA_PULL.join(' and ')}, for functions of the function's account.`;
  const repositoryPolicy = toJson(lambdaRepositoryPolicyFor(target, facts.resourceAccount));
  return {
    explanation,
    fix: {
      repositoryPolicy,
      cdk: 'repository.allowLambdaPull(); // functions of the repository\'s account\n' +
        '// functions in other accounts: repository.allowLambdaPull({ accounts: [\'<function-account-id>\'] })',
      steps: [
        `Add the statement (fix.repositoryPolicy) to the repository policy of ${repository}; it is limited to functions of that account by aws:SourceAccount and aws:SourceArn.`,
        'A function in another account also needs that account trusted in the repository policy: allowLambdaPull({ accounts }) writes both statements.',
        'Or let Lambda add the statement itself: the principal that creates or updates the function then needs `ecr:GetRepositoryPolicy` and `ecr:SetRepositoryPolicy` on the repository.',
        'A repository encrypted with a customer managed KMS key also needs that key to allow the function\'s account to decrypt.',
      ],
    },
  };
}

function forbidden(input: AdviceInput): Advice {
  const { facts, capability } = input;
  if (facts.detail === FactDetail.DOCKER_HUB_DENIED) {
    return {
      explanation: 'The registry denied the request, and the text names no ECR registry host: without one, docker sends the image to Docker Hub, not to ECR.',
      fix: {
        steps: [
          'Tag the image with the full ECR repository URI, `<account-id>.dkr.ecr.<region>.amazonaws.com/<repository-name>:<tag>`, and push that.',
          'Log in to that host first: `aws ecr get-login-password --region <region> | docker login --username AWS --password-stdin <account-id>.dkr.ecr.<region>.amazonaws.com`.',
        ],
      },
    };
  }
  const task = capability.task === Task.PUSH ? 'push' : 'pull';
  const request = facts.httpMethod !== undefined ? `a ${facts.httpMethod} request (${task})` : `a ${task}`;
  const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
  const explanation = `The registry answered 403 Forbidden to ${request} on ${repository}. A registry 403 does not say who was denied or by which policy; ` +
    'the caller is logged in, but its identity policy (or, from another account, the repository policy) does not allow the action.';
  const reproduce = task === 'push'
    ? `\`aws ecr initiate-layer-upload --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region}\``
    : `\`aws ecr batch-get-image --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region} --image-ids imageTag=latest\``;
  return {
    explanation,
    fix: {
      identityPolicy: toJson(identityPolicyFor(capability, input.target)),
      cdk: `repository.${task === 'push' ? 'grantPush' : 'grantPull'}(role); // role: the principal that ${task === 'push' ? 'pushes' : 'pulls'} (for ECS: taskDefinition.obtainExecutionRole())`,
      steps: [
        `Get the full message with the same credentials: ${reproduce}; then \`cdk-ecr-access diagnose\` it to learn the caller and the missing side.`,
        `Same account as the repository: attach the identity policy (fix.identityPolicy) to the caller's role. From another account: the repository policy must allow the ${task} actions for that role too.`,
      ],
    },
  };
}

function unrecognized(input: AdviceInput): Advice {
  const { facts } = input;
  if (facts.detail === FactDetail.REPOSITORY_NOT_FOUND) {
    const name = facts.repositoryName ?? 'the repository';
    return {
      explanation: `Not an access error: ${facts.repositoryName ? `repository '${name}'` : 'the repository'} does not exist in ${facts.resourceAccount ? `registry ${facts.resourceAccount}` : 'that registry'} ` +
        `(or the region is wrong). Create it, e.g. \`new PushableRepository(this, 'Repository', { repositoryName: '${facts.repositoryName ?? PLACEHOLDER.repositoryName}' })\`, or fix the image name.`,
    };
  }
  return {
    explanation: 'No ECR access error found in the text. Paste the whole error: the line with \'is not authorized to perform\', or the registry URL with its HTTP status.',
  };
}

// ---------------------------------------------------------------------------------------------
// shared pieces

function onResource(input: AdviceInput): string {
  const { facts } = input;
  if (facts.resource === '*') return ' on "*"';
  if (facts.resource !== undefined && splitArn(facts.resource)?.service !== 'ecr') return ` on '${facts.resource}'`;
  if (facts.repositoryName !== undefined || facts.resourceAccount !== undefined) return ` on ${describeRepository(facts.repositoryName, facts.resourceAccount, facts.region)}`;
  return facts.resource !== undefined ? ` on '${facts.resource}'` : '';
}

/** Where the resource side is written: a repository policy, or for other services the resource's own policy. */
function resourcePolicyWords(input: AdviceInput, withAccount = true): string {
  const { facts, capability } = input;
  if (capability.task === Task.NOT_ECR) return `the resource policy of '${facts.resource ?? 'the resource'}' (for a KMS key, its key policy)`;
  return `the repository policy of ${describeRepository(facts.repositoryName, withAccount ? facts.resourceAccount : undefined, withAccount ? facts.region : undefined)}`;
}

function principalWords(input: AdviceInput): string {
  const { facts, policyPrincipalArn } = input;
  const caller = facts.caller;
  if (caller?.type === CallerType.ASSUMED_ROLE) return `role ${policyPrincipalArn ?? `'${caller.roleName}'`} (the session's role; a session takes no policies)`;
  if (caller?.type === CallerType.FEDERATED_USER) return 'the IAM user that called GetFederationToken';
  if (policyPrincipalArn !== undefined) return policyPrincipalArn;
  if (caller !== undefined && caller.type !== CallerType.OTHER) return describeCaller(caller).replace(/^The /, 'the ');
  return 'the caller\'s role or user';
}

function repositoryPolicyJson(capability: Capability, principalArn: string, caller: Caller | undefined): any {
  const root = caller?.type === CallerType.ROOT ? caller.account ?? PLACEHOLDER.account : undefined;
  const document = repositoryPolicyFor(capability, principalArn, root);
  return document !== undefined ? toJson(document) : undefined;
}

function principalCaveats(input: AdviceInput, namesPrincipal: boolean): string[] {
  const caller = input.facts.caller;
  if (!namesPrincipal || caller?.type !== CallerType.ASSUMED_ROLE) return [];
  if (caller.identityCenterRole) {
    return ['This is an IAM Identity Center role, under the path /aws-reserved/sso.amazonaws.com/ (followed by the region, e.g. …/sso.amazonaws.com/eu-west-1/, when Identity Center runs outside us-east-1; `aws iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/` shows it). Its name changes when the permission set is re-provisioned: a repository policy that trusts the account with an `aws:PrincipalArn` ArnLike condition on `…/AWSReservedSSO_<PermissionSet>_*` survives that.'];
  }
  if (caller.rolePath === undefined) {
    return [`A session ARN does not show the role's path: if \`aws iam get-role --role-name ${caller.roleName} --query Role.Arn\` prints one (such as role/service-role/${caller.roleName}), name that ARN in the repository policy.`];
  }
  return [];
}

function hostFor(input: AdviceInput): string {
  const { facts } = input;
  if (facts.registryHost !== undefined && facts.resourceAccount !== undefined && facts.region !== undefined) return facts.registryHost;
  return `${facts.resourceAccount ?? PLACEHOLDER.account}.dkr.ecr.${facts.region ?? PLACEHOLDER.region}.amazonaws.com`;
}

function vpcEndpointSteps(input: AdviceInput, effect: 'allow' | 'deny'): string[] {
  const region = input.facts.region ?? PLACEHOLDER.region;
  const verb = effect === 'allow' ? 'does not allow' : 'denies';
  return [
    `The request went through a VPC endpoint whose policy ${verb} ${input.facts.action ?? 'the action'}. Check the policies of the com.amazonaws.${region}.ecr.api and com.amazonaws.${region}.ecr.dkr endpoints: \`aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${region}.ecr.api,com.amazonaws.${region}.ecr.dkr\`.`,
    `Image layers download from Amazon S3: an S3 gateway endpoint policy must allow s3:GetObject on arn:aws:s3:::prod-${region}-starport-layer-bucket/*.`,
  ];
}

function hasPlaceholder(parts: unknown[]): boolean {
  return parts.some((part) => part !== undefined && /<[a-z-]+>/.test(typeof part === 'string' ? part : JSON.stringify(part)));
}

/** Absent means absent: no `"field": undefined` in the object, so equality and JSON agree. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
