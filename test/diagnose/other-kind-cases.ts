import { Expected } from './expected-diagnosis';
import * as M from './messages';
import { LAMBDA_PULL, LOGIN, PULL, PUSH } from '../helpers/expected-actions';

// The expected diagnoses of the messages that are not implicit access denials (their shape:
// expected-diagnosis.ts).

export const OTHER_KIND_CASES: Array<[string, string, Expected]> = [
  ['seed 001: docker push answered 403 Forbidden', M.SEED_001_PUSH_FORBIDDEN, {
    fields: { tag: 'latest', kind: 'forbidden', region: 'us-east-1' },
    explanation: /403 Forbidden to a push on the repository \(us-east-1\).*'<account_id>' is a placeholder/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:us-east-1:<account-id>:repository/<repository-name>']],
    cdk: /repository\.grantPush\(role\)/,
    step: /aws ecr initiate-layer-upload --repository-name <repository-name> --registry-id <account-id> --region us-east-1/,
  }],
  ['seed 002: documentation with policies, no error', M.SEED_002_DOCS_POLICY, {
    fields: { kind: 'unrecognized' }, explanation: /No ECR access error found/, noFix: true,
  }],
  ['seed 003: documentation about encoded messages, no message', M.SEED_003_DOCS_ENCODED, {
    fields: { kind: 'unrecognized' }, explanation: /No ECR access error found/, noFix: true,
  }],
  ['explicit deny with caller and action as placeholders', M.CLI_EXPLICIT_DENY_PLACEHOLDERS, {
    fields: { kind: 'explicit-deny' },
    explanation: /denied an action on "\*" by a Deny statement \(the message does not say in which policy\).*cannot fix it/,
    step: /Look for a Deny that matches/,
  }],
  ['explicit deny in an SCP, IAM Identity Center session', M.SCP_DENY_IDENTITY_CENTER, {
    fields: {
      kind: 'explicit-deny',
      action: 'ecr:CreateRepository',
      principalArn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_a7491ea25c15715b/jane@example.com',
      policyPrincipalArn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_a7491ea25c15715b',
      callerAccount: '111122223333',
      resourceAccount: '111122223333',
      region: 'eu-west-2',
      repositoryName: 'team-a/api',
      crossAccount: false,
      denyingPolicyType: 'service-control-policy',
    },
    explanation: /Deny statement in a service control policy\. The message names it: arn:aws:organizations::999988887777:policy\/o-b2fpbzyd95\/service_control_policy\/p-v4qqk7we/,
    step: /list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY/,
  }],
  ['ECS pull answered 403 (manifest)', M.ECS_PULL_403, {
    fields: { tag: 'latest', kind: 'forbidden', resourceAccount: '123456789123', region: 'us-east-1', repositoryName: 'a2-ecr-app-repo' },
    explanation: /403 Forbidden to a pull on repository 'a2-ecr-app-repo' in account 123456789123/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-east-1:123456789123:repository/a2-ecr-app-repo']],
    cdk: /repository\.grantPull\(role\).*obtainExecutionRole/,
    step: /aws ecr batch-get-image --repository-name a2-ecr-app-repo --registry-id 123456789123 --region us-east-1/,
  }],
  ['containerd HEAD request answered 403', M.CONTAINERD_HEAD_403, {
    fields: { tag: 'latest', kind: 'forbidden', resourceAccount: '366590864501', region: 'us-west-2', repositoryName: 'bedrock-proxy-api-ecs' },
    explanation: /a HEAD request \(pull\)/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-west-2:366590864501:repository/bedrock-proxy-api-ecs']],
    cdk: /grantPull/,
  }],
  ['docker pull without a login', M.DOCKER_NO_BASIC_AUTH, {
    fields: { tag: 'latest', kind: 'not-logged-in', resourceAccount: '533243300146', region: 'us-east-1', repositoryName: 'newrelic/logging-firelens-fluentbit' },
    explanation: /no registry credentials for 533243300146\.dkr\.ecr\.us-east-1\.amazonaws\.com.*Not a policy problem/,
    step: /aws ecr get-login-password --region us-east-1 \| docker login --username AWS --password-stdin 533243300146\.dkr\.ecr\.us-east-1\.amazonaws\.com/,
  }],
  ['kubelet journal line, escaped three times', M.KUBELET_ESCAPED, {
    fields: { tag: '3.9', kind: 'not-logged-in', resourceAccount: '123456789101', region: 'ap-southeast-2', repositoryName: 'k8s-example/pause' },
    explanation: /123456789101\.dkr\.ecr\.ap-southeast-2\.amazonaws\.com/,
    step: /kubelet credential provider/,
  }],
  ['"<account number>" placeholder in the registry host', M.ACCOUNT_NUMBER_PLACEHOLDER, {
    fields: { tag: 'latest', kind: 'not-logged-in', region: 'eu-west-1', repositoryName: 'zre' },
    explanation: /'<account number>' is a placeholder/,
    step: /--password-stdin <account-id>\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
  }],
  ['expired registry login, account partly masked', M.EXPIRED_REGISTRY_LOGIN, {
    fields: { kind: 'not-logged-in', region: 'ap-south-1' },
    explanation: /has expired: ECR logins last 12 hours.*'07579032XXXX' is a placeholder/,
    step: /amazon-ecr-credential-helper/,
  }],
  ['security token AWS does not know', M.INVALID_SECURITY_TOKEN, {
    fields: { action: 'ecr:GetAuthorizationToken', kind: 'invalid-credentials' },
    explanation: /did not accept the credentials \(calling GetAuthorizationToken\).*no grant changes this/,
    step: /aws sts get-caller-identity/,
  }],
  ['expired session', M.EXPIRED_SECURITY_TOKEN, {
    fields: { action: 'ecr:GetAuthorizationToken', kind: 'invalid-credentials' },
    explanation: /credentials \(calling GetAuthorizationToken\) have expired/,
    step: /aws sso login/,
  }],
  ['Lambda cannot read the image (CloudFormation), with the image host in the same log', M.LAMBDA_CFN_WITH_IMAGE, {
    fields: { tag: 'latest', kind: 'lambda-image-access', resourceAccount: '366590864501', region: 'eu-north-1', repositoryName: 'bedrock-proxy-api-ecs', missingPolicy: 'resource' },
    explanation: /Lambda could not read the function's image from repository 'bedrock-proxy-api-ecs'/,
    repository: [['AllowLambdaPull', { Service: 'lambda.amazonaws.com' }, LAMBDA_PULL]],
    cdk: /^repository\.allowLambdaPull\(\);/,
  }],
  ['encoded authorization failure message', M.ENCODED_MESSAGE, {
    fields: { kind: 'encoded-authorization-message' },
    explanation: /encoded authorization failure message/,
    step: /aws sts decode-authorization-message --encoded-message pvEqPYu3WLzXQOGBbGRYo8ZHu-8LQ0i/,
  }],
  ['explicit deny in an identity-based policy, naming it', M.IDENTITY_EXPLICIT_DENY, {
    fields: {
      kind: 'explicit-deny',
      action: 'ecr:PutImage',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'eu-central-1',
      repositoryName: 'web',
      crossAccount: false,
      denyingPolicyType: 'identity-based-policy',
    },
    explanation: /in an identity-based policy\. The message names it: arn:aws:iam::111111111111:policy\/DenyProductionPush/,
    step: /simulate-principal-policy --policy-source-arn arn:aws:iam::111111111111:role\/ecsTaskExecutionRole --action-names ecr:PutImage/,
  }],
  ['explicit deny in the repository policy', M.RESOURCE_EXPLICIT_DENY, {
    fields: {
      kind: 'explicit-deny',
      action: 'ecr:PutImage',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'eu-central-1',
      repositoryName: 'web',
      crossAccount: false,
      denyingPolicyType: 'resource-based-policy',
    },
    explanation: /resource-based policy \(the repository policy\)/,
    step: /aws ecr get-repository-policy --repository-name web --registry-id 111111111111 --region eu-central-1/,
  }],
  ['repository does not exist', M.REPOSITORY_NOT_FOUND, {
    fields: { kind: 'repository-not-found', resourceAccount: '111111111111', repositoryName: 'team-a/api' },
    explanation: /^Repository 'team-a\/api' in account 111111111111 does not exist in that registry.*Not an access error\.$/,
    cdk: /new PushableRepository\(this, 'Repository', \{ repositoryName: 'team-a\/api' \}\)/,
    step: /aws ecr describe-repositories --registry-id 111111111111 --region <region>/,
  }],
  ['push to Docker Hub by mistake', M.DOCKER_HUB_DENIED, {
    fields: { kind: 'forbidden' },
    explanation: /names no ECR registry host/,
    step: /Tag the image with the full ECR repository URI/,
  }],
  ['docker login rejected', M.LOGIN_REJECTED, {
    fields: { kind: 'not-logged-in', resourceAccount: '111111111111', region: 'eu-west-1' },
    explanation: /rejected the login.*region \(eu-west-1\)/,
    step: /get-login-password --region eu-west-1/,
  }],
  ['two registries in one log: the failed request names the one', M.TWO_REGISTRIES, {
    fields: { tag: '1.0', kind: 'not-logged-in', resourceAccount: '222222222222', region: 'eu-west-1', repositoryName: 'team-a/api' },
    explanation: /no registry credentials for 222222222222\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
    step: /--region eu-west-1 \| docker login --username AWS --password-stdin 222222222222\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
  }],
  ['unrelated text', M.UNRELATED, {
    fields: { kind: 'unrecognized' }, explanation: /No ECR access error found/, noFix: true,
  }],
];
