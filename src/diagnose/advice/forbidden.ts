import { AdviceInput, KindAdvice } from './kind-advice';
import { Task } from '../../actions/capabilities';
import { describeRepository } from '../describe';
import { DiagnosisKind } from '../diagnosis';
import { identityPolicyFor, PLACEHOLDER, toJson } from '../fix';
import { FactDetail } from '../parse';

// An HTTP 403 from the registry names neither the caller nor the policy: the fix grants the pull
// (or push) set, and the steps get the full IAM message to diagnose.

export const forbidden: KindAdvice = {
  kind: DiagnosisKind.FORBIDDEN,
  title: 'Registry answered 403 Forbidden',

  explanation(input) {
    const { facts } = input;
    if (facts.detail === FactDetail.DOCKER_HUB_DENIED) {
      return 'The registry denied the request, and the text names no ECR registry host: without one, docker sends the image to Docker Hub, not to ECR.';
    }
    const task = taskOf(input);
    const request = facts.httpMethod !== undefined ? `a ${facts.httpMethod} request (${task})` : `a ${task}`;
    const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
    return `The registry answered 403 Forbidden to ${request} on ${repository}. A registry 403 does not say who was denied or by which policy; ` +
      'the caller is logged in, but its identity policy (or, from another account, the repository policy) does not allow the action.';
  },

  fix(input) {
    const { facts, capability } = input;
    if (facts.detail === FactDetail.DOCKER_HUB_DENIED) {
      return {
        steps: [
          'Tag the image with the full ECR repository URI, `<account-id>.dkr.ecr.<region>.amazonaws.com/<repository-name>:<tag>`, and push that.',
          'Log in to that host first: `aws ecr get-login-password --region <region> | docker login --username AWS --password-stdin <account-id>.dkr.ecr.<region>.amazonaws.com`.',
        ],
      };
    }
    const task = taskOf(input);
    const reproduce = task === 'push'
      ? `\`aws ecr initiate-layer-upload --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region}\``
      : `\`aws ecr batch-get-image --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region} --image-ids imageTag=${facts.tag ?? PLACEHOLDER.tag}\``;
    return {
      identityPolicy: toJson(identityPolicyFor(capability, input.target)),
      cdk: `repository.${task === 'push' ? 'grantPush' : 'grantPull'}(role); // role: the principal that ${task === 'push' ? 'pushes' : 'pulls'} (for ECS: taskDefinition.obtainExecutionRole())`,
      steps: [
        `Get the full message with the same credentials: ${reproduce}; then \`cdk-ecr-access diagnose\` it to learn the caller and the missing side.`,
        `Same account as the repository: attach the identity policy (fix.identityPolicy) to the caller's role. From another account: the repository policy must allow the ${task} actions for that role too.`,
      ],
    };
  },
};

/** A registry 403 is a pull, or a push when the text is about pushing. */
function taskOf(input: AdviceInput): 'push' | 'pull' {
  return input.capability.task === Task.PUSH ? 'push' : 'pull';
}
