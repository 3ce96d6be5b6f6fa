import { AdviceInput } from './kind-advice';
import { boundaryCdk, identityCdk, repositoryCdk, vpcEndpointCdk } from './snippets';
import { principalWords, resourcePolicyWords, vpcEndpointSteps } from './words';
import { Task } from '../../actions/capabilities';
import { CallerType } from '../arn';
import { MissingPolicy } from '../diagnosis';
import { identityPolicyFor, PLACEHOLDER, repositoryPolicyFor, toJson } from '../fix';

// The access-denied advice by the policy that does not allow the request: what must change there,
// and the fix (the policy documents, the cdk-ecr-access code and the steps) for that side.

/** The fix for one side, before the steps every access-denied fix ends with. */
export interface SideFix {
  readonly identityPolicy?: unknown;
  readonly repositoryPolicy?: unknown;
  readonly cdk?: string;
  readonly steps: string[];
}

/** The advice for one missing policy. */
export interface MissingPolicySide {
  /** What must change, after "AWS says no <policy> allows it: ". */
  mustChange(input: AdviceInput): string;
  fix(input: AdviceInput): SideFix;
}

const THAT_POLICY = 'that policy must allow it.';

export const MISSING_POLICY_SIDES: Readonly<Record<MissingPolicy, MissingPolicySide>> = {
  [MissingPolicy.IDENTITY]: {
    mustChange: (input) => `the identity policy of ${principalWords(input)} must allow ${input.facts.action ?? 'it'}.`,
    fix: (input) => ({
      identityPolicy: identityDocument(input),
      cdk: identityCdk(input),
      steps: [`Attach the identity policy (fix.identityPolicy) to ${principalWords(input)}.`],
    }),
  },

  [MissingPolicy.RESOURCE]: {
    mustChange: (input) => {
      const notEcr = input.capability.task === Task.NOT_ECR;
      const side = notEcr ? 'the resource policy' : 'the repository policy';
      const why = input.crossAccount ? ` (a cross-account request needs ${side} even when the identity policy allows)` : '';
      return `${notEcr ? resourcePolicyWords(input) : side} must allow it for the caller${why}.`;
    },
    fix: (input) => {
      const repositoryPolicy = repositoryDocument(input);
      const steps = [repositoryPolicy !== undefined
        ? `Add the statement (fix.repositoryPolicy) to ${resourcePolicyWords(input)}.`
        : `Add a statement to ${resourcePolicyWords(input)} that allows ${input.capability.actions.join(', ')} for the caller.`];
      if (input.crossAccount !== false && input.facts.caller?.type !== CallerType.ROOT) {
        steps.push('The caller\'s identity policy must allow the same actions (a cross-account request needs both sides); if the next error says \'no identity-based policy allows\', attach the identity policy too.');
      }
      return { repositoryPolicy, cdk: repositoryCdk(input), steps };
    },
  },

  [MissingPolicy.BOTH]: {
    mustChange: () => THAT_POLICY,
    fix: (input) => {
      const { facts, capability } = input;
      const repositoryPolicy = repositoryDocument(input);
      return {
        identityPolicy: identityDocument(input),
        repositoryPolicy,
        cdk: repositoryCdk(input),
        steps: [
          `In the caller's account${facts.caller?.account ? ` (${facts.caller.account})` : ''}: attach the identity policy (fix.identityPolicy) to ${principalWords(input)}.`,
          `In the ${capability.task === Task.NOT_ECR ? 'resource' : 'repository'}'s account${facts.resourceAccount ? ` (${facts.resourceAccount})` : ''}: ${repositoryPolicy !== undefined
            ? `add the statement (fix.repositoryPolicy) to ${resourcePolicyWords(input, false)}`
            : `allow ${capability.actions.join(', ')} for the caller in ${resourcePolicyWords(input, false)}`}.`,
          'One of the two may already be in place; both must allow the request.',
        ],
      };
    },
  },

  [MissingPolicy.PERMISSIONS_BOUNDARY]: {
    mustChange: () => 'the permissions boundary of the caller must allow it too (a boundary limits what identity policies can grant).',
    fix: (input) => ({
      identityPolicy: identityDocument(input),
      cdk: boundaryCdk(input),
      steps: [`Add the statements of fix.identityPolicy to the permissions boundary of ${principalWords(input)} (\`aws iam get-role --role-name ${input.facts.caller?.roleName ?? '<role-name>'} --query Role.PermissionsBoundary\` names it). A boundary only limits: the identity policy must allow the actions too.`],
    }),
  },

  [MissingPolicy.SESSION_POLICY]: {
    mustChange: () => 'the session policy passed when the role was assumed must allow it too.',
    fix: (input) => ({
      identityPolicy: identityDocument(input),
      steps: ['The session was started with a session policy that does not allow it (`--policy`/`--policy-arns` of `aws sts assume-role`, `inline-session-policy`/`managed-session-policies` of aws-actions/configure-aws-credentials). Add the statements of fix.identityPolicy to that session policy, or assume the role without one.'],
    }),
  },

  [MissingPolicy.VPC_ENDPOINT_POLICY]: {
    mustChange: () => 'the policy of the VPC endpoint the request went through must allow it.',
    fix: (input) => ({ cdk: vpcEndpointCdk(input), steps: vpcEndpointSteps(input, 'allow') }),
  },

  [MissingPolicy.SERVICE_CONTROL_POLICY]: {
    mustChange: () => 'a service control policy of the organization must allow it.',
    fix: ({ facts }) => ({
      steps: [`A service control policy of your AWS Organization does not allow ${facts.action ?? 'the action'} in account ${facts.caller?.account ?? '<account-id>'}. SCPs grant nothing; they only limit. Ask the organization's administrators: \`aws organizations list-policies-for-target --target-id ${facts.caller?.account ?? '<account-id>'} --filter SERVICE_CONTROL_POLICY\` (in the management account) lists them.`],
    }),
  },

  [MissingPolicy.RESOURCE_CONTROL_POLICY]: {
    mustChange: () => 'a resource control policy of the organization must allow it.',
    fix: ({ facts }) => ({
      steps: [`A resource control policy of your AWS Organization does not allow ${facts.action ?? 'the action'} on resources of account ${facts.resourceAccount ?? '<account-id>'}. Ask the organization's administrators: \`aws organizations list-policies-for-target --target-id ${facts.resourceAccount ?? '<account-id>'} --filter RESOURCE_CONTROL_POLICY\` lists them.`],
    }),
  },
};

/** When the message allows no conclusion: both documents, and how to tell the sides apart. */
export const UNKNOWN_SIDE: MissingPolicySide = {
  mustChange: () => THAT_POLICY,
  fix: (input) => {
    const repositoryPolicy = repositoryDocument(input);
    return {
      identityPolicy: identityDocument(input),
      repositoryPolicy,
      cdk: identityCdk(input),
      steps: [
        'Find the caller: `aws sts get-caller-identity` with the same credentials.',
        `Same account as the repository: attach the identity policy (fix.identityPolicy) to ${principalWords(input)}; that is enough.`,
        `Another account: ${resourcePolicyWords(input)} must also allow it${repositoryPolicy !== undefined ? ' (fix.repositoryPolicy)' : ' for the caller'}.`,
      ],
    };
  },
};

/** The identity policy the task needs: what the matching grant writes on the grantee. */
function identityDocument(input: AdviceInput): unknown {
  return toJson(identityPolicyFor(input.capability, input.target, input.facts.resource));
}

/** The repository policy naming the caller (a root: its account), when the message names it. */
function repositoryDocument(input: AdviceInput): unknown {
  const { capability, fixPrincipalArn, facts } = input;
  if (fixPrincipalArn === undefined) return undefined;
  const caller = facts.caller;
  const root = caller?.type === CallerType.ROOT ? caller.account ?? PLACEHOLDER.account : undefined;
  const document = repositoryPolicyFor(capability, fixPrincipalArn, root);
  return document !== undefined ? toJson(document) : undefined;
}
