import type { AdviceInput } from './kind-advice';
import { Task } from '../../actions/capabilities';
import { CallerType } from '../arn';
import { createPrefixFor, repositoryArnFor } from '../fix';

// The cdk-ecr-access code a fix prints: this library's API (grantPull/grantPush, allowAccountPull/Push,
// allowLambdaPull, EcrCiPrincipal.allowCreateRepositories, EcrActions), filled with the message's values.

function callerExpression(input: AdviceInput): { setup: string; name: string } {
  const caller = input.facts.caller;
  const arn = input.fixPrincipalArn;
  if (arn !== undefined && (caller?.type === CallerType.ASSUMED_ROLE || caller?.type === CallerType.ROLE)) {
    return { setup: `const caller = iam.Role.fromRoleArn(this, 'Caller', '${arn}'); // or the iam.Role your app defines\n`, name: 'caller' };
  }
  if (arn !== undefined && caller?.type === CallerType.USER) {
    return { setup: `const caller = iam.User.fromUserArn(this, 'Caller', '${arn}');\n`, name: 'caller' };
  }
  if (caller?.type === CallerType.FEDERATED_USER) return { setup: '// user: the iam.IUser that calls GetFederationToken\n', name: 'user' };
  return { setup: '', name: 'role' };
}

/** Code that writes the identity side of the task for the caller. */
export function identityCdk(input: AdviceInput): string | undefined {
  const { capability, target } = input;
  const { setup, name } = callerExpression(input);
  const role = name === 'role' ? ' // role: the caller\'s iam.IRole' : '';
  switch (capability.task) {
    case Task.LOGIN:
      return `${setup}repository.grantPull(${name}); // every PushableRepository grant includes ecr:GetAuthorizationToken on "*"${role}\n` +
        `// login alone: ecr.AuthorizationToken.grantRead(${name});`;
    case Task.PULL:
      return `${setup}repository.grantPull(${name}); // repository: a PushableRepository${role}`;
    case Task.PUSH:
      return `${setup}repository.grantPush(${name}); // repository: a PushableRepository${role}`;
    case Task.CREATE: {
      const prefix = createPrefixFor(target.repositoryName);
      return `ciPrincipal.allowCreateRepositories('${prefix}'); // an EcrCiPrincipal\n` +
        `// any other principal:\n${setup}${name}.addToPrincipalPolicy(new iam.PolicyStatement({ actions: EcrActions.CREATE, resources: ['${identityPolicyResource(input)}'] }));`;
    }
    case Task.READ:
    case Task.DELETE:
    case Task.ADMIN:
      return `${setup}${name}.addToPrincipalPolicy(new iam.PolicyStatement({ actions: EcrActions.${capability.task.toUpperCase()}, resources: [repository.repositoryArn] }));`;
    case Task.OTHER_ECR:
    case Task.NOT_ECR:
      return `${setup}${name}.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['${capability.actions.join('\', \'')}'], resources: ['${identityPolicyResource(input)}'] }));`;
    default:
      return undefined;
  }
}

function identityPolicyResource(input: AdviceInput): string {
  const { capability, target, facts } = input;
  if (capability.task === Task.CREATE) return repositoryArnFor({ ...target, repositoryName: `${createPrefixFor(target.repositoryName)}*` });
  if (capability.task === Task.NOT_ECR) return facts.resource ?? '*';
  return capability.identityOnly ? '*' : repositoryArnFor(target);
}

/** Code that writes the repository side: an account trust for a root, a grant to the imported principal otherwise. */
export function repositoryCdk(input: AdviceInput): string | undefined {
  const { capability, facts } = input;
  // other services' resource policies (a KMS key policy) are not written by this library
  if (capability.task === Task.NOT_ECR) return undefined;
  if (capability.task !== Task.PULL && capability.task !== Task.PUSH) return identityCdk(input);
  const verb = capability.task === Task.PULL ? 'Pull' : 'Push';
  if (facts.caller?.type === CallerType.ROOT && facts.caller.account !== undefined) {
    return `repository.allowAccount${verb}('${facts.caller.account}'); // returns the identity policy principals in ${facts.caller.account} attach`;
  }
  const { setup, name } = callerExpression(input);
  return `${setup}repository.grant${verb}(${name}); // writes the repository policy; for a role of another account, synth warns with the identity policy it needs`;
}

/** Code that adds the task's statements to a permissions boundary. */
export function boundaryCdk(input: AdviceInput): string | undefined {
  const { capability } = input;
  if (capability.task === Task.NOT_ECR) return undefined;
  const set = capability.task === Task.OTHER_ECR ? `['${capability.actions.join('\', \'')}']` : `EcrActions.${capability.task.toUpperCase()}`;
  const login = capability.task === Task.PULL || capability.task === Task.PUSH ? 'new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: [\'*\'] }),\n  ' : '';
  return `// boundary: the iam.ManagedPolicy that is the role's permissions boundary\nboundary.addStatements(\n  ${login}new iam.PolicyStatement({ actions: ${set}, resources: ['${identityPolicyResource(input)}'] }),\n);`;
}

/** Code that lets the caller through an ECR interface endpoint. */
export function vpcEndpointCdk(input: AdviceInput): string | undefined {
  const { capability } = input;
  if (capability.task === Task.NOT_ECR || capability.task === Task.OTHER_ECR) return undefined;
  const principal = input.fixPrincipalArn !== undefined ? `new iam.ArnPrincipal('${input.fixPrincipalArn}')` : 'new iam.AnyPrincipal()';
  return `// endpoint: the ec2.InterfaceVpcEndpoint of ECR (ecr.api or ecr.dkr)\nendpoint.addToPolicy(new iam.PolicyStatement({ principals: [${principal}], actions: EcrActions.${capability.task.toUpperCase()}, resources: ['${identityPolicyResource(input)}'] }));`;
}
