import * as M from './messages';
import { diagnose, EcrErrorDiagnosis } from '../../src';
import { LAMBDA_PULL, LOGIN, PULL, PUSH } from '../helpers/expected-actions';

// Every field of every diagnosis is asserted: the identifying fields exactly (absent means absent),
// the explanation by its key sentence, and the fix by its statements, compared with the action
// lists AWS documents (test/helpers/expected-actions.ts), not with the library's own sets.

/** The identifying fields as their JSON values (the contract scripts read), written as literals on purpose. */
type Fields = { readonly kind: string } & Record<string, string | boolean>;

interface Expected {
  readonly fields: Fields;
  readonly explanation: RegExp;
  /** Identity policy statements as [actions, resource]; undefined = no identity policy. */
  readonly identity?: Array<[string[], string]>;
  /** Repository policy statements as [sid, principal, actions]; undefined = no repository policy. */
  readonly repository?: Array<[string | undefined, Record<string, string>, string[]]>;
  /** The cdk snippet; undefined = none. */
  readonly cdk?: RegExp;
  /** A step that must be there; undefined with noFix = no fix at all. */
  readonly step?: RegExp;
  readonly noFix?: boolean;
}

const CREATE = ['ecr:CreateRepository', 'ecr:DescribeRepositories'];
const sorted = (actions: string[]) => [...actions].sort();

const TABLE: Array<[string, string, Expected]> = [
  ['seed 000: IAM user without CreateRepository (9-digit account, line break)', M.SEED_000_CREATE_REPOSITORY, {
    fields: { kind: 'access-denied', action: 'ecr:CreateRepository', principalArn: 'arn:aws:iam::123456789:user/admin', missingPolicy: 'identity' },
    explanation: /ecr:CreateRepository can only be allowed by an identity policy.*'123456789' is not an account id \(9 digits/,
    identity: [[CREATE, 'arn:aws:ecr:<region>:<account-id>:repository/<prefix>*']],
    cdk: /ciPrincipal\.allowCreateRepositories\('<prefix>'\)[\s\S]*EcrActions\.CREATE/,
    step: /Replace each <placeholder>/,
  }],
  ['seed 001: docker push answered 403 Forbidden', M.SEED_001_PUSH_FORBIDDEN, {
    fields: { kind: 'forbidden', region: 'us-east-1' },
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
  ['seed 004: login error in prose', M.SEED_004_LOGIN_PROSE, {
    fields: { kind: 'access-denied', action: 'ecr:GetAuthorizationToken', missingPolicy: 'identity' },
    explanation: /account-level: only an identity policy with Resource "\*" can allow it/,
    identity: [[LOGIN, '*']],
    cdk: /repository\.grantPull\(role\)[\s\S]*ecr\.AuthorizationToken\.grantRead\(role\)/,
  }],
  ['account root of another account pushes (no reason clause)', M.ROOT_CROSS_ACCOUNT_PUSH, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:iam::871259748386:root',
      policyPrincipalArn: 'arn:aws:iam::871259748386:root',
      callerAccount: '871259748386',
      resourceAccount: '692230297653',
      region: 'us-west-2',
      repositoryName: 'celeba-spoof-challenge-871259748386',
      crossAccount: true,
      missingPolicy: 'resource',
    },
    explanation: /root of another account.*repository policy must trust account 871259748386/,
    repository: [['AllowPushFromAccount871259748386', { AWS: 'arn:aws:iam::871259748386:root' }, PUSH]],
    cdk: /^repository\.allowAccountPush\('871259748386'\)/,
  }],
  ['GitHub Actions role, same account, identity side named', M.GITHUB_ACTIONS_IDENTITY, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:sts::754256621582:assumed-role/cloud-platform-ecr-e344de1fe05708ec-github/GitHubActions',
      policyPrincipalArn: 'arn:aws:iam::754256621582:role/cloud-platform-ecr-e344de1fe05708ec-github',
      callerAccount: '754256621582',
      resourceAccount: '754256621582',
      region: 'eu-west-2',
      repositoryName: 'laa-pcuam/csv-converter',
      crossAccount: false,
      missingPolicy: 'identity',
    },
    explanation: /AWS says no identity-based policy allows it/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:eu-west-2:754256621582:repository/laa-pcuam/csv-converter']],
    cdk: /iam\.Role\.fromRoleArn\(this, 'Caller', 'arn:aws:iam::754256621582:role\/cloud-platform-ecr-e344de1fe05708ec-github'\)[\s\S]*repository\.grantPush\(caller\)/,
  }],
  ['placeholders for account and region', M.SAGEMAKER_PLACEHOLDERS, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:sts::<account>:assumed-role/role-name/role-session-name',
      repositoryName: 'catboost',
    },
    explanation: /names neither the missing policy nor both accounts.*'<account>' is a placeholder/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:<region>:<account-id>:repository/catboost']],
    repository: [[undefined, { AWS: 'arn:aws:iam::<account-id>:role/role-name' }, PUSH]],
    cdk: /repository\.grantPush\(caller\)/,
    step: /aws sts get-caller-identity/,
  }],
  ['CodeBuild log, caller account cut out', M.CODEBUILD_CUT_ACCOUNT, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:CompleteLayerUpload',
      principalArn: 'arn:aws:sts::<CUT>:assumed-role/MythicalMysfitsServiceCodeBuildServiceRole/AWSCodeBuild-4c4a1c09-bbca-4853-9d15-e18fe7c6f667',
      resourceAccount: '026927173535',
      region: 'eu-west-1',
      repositoryName: 'mythicalmysfits/service',
    },
    explanation: /caller in an unknown account, repository in 026927173535/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:eu-west-1:026927173535:repository/mythicalmysfits/service']],
    repository: [[undefined, { AWS: 'arn:aws:iam::<account-id>:role/MythicalMysfitsServiceCodeBuildServiceRole' }, PUSH]],
    cdk: /repository\.grantPush/,
    step: /does not show the role's path.*--role-name MythicalMysfitsServiceCodeBuildServiceRole/,
  }],
  ['cross-account push, resource side named', M.PYTORCH_CROSS_ACCOUNT, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:sts::391835788720:assumed-role/ghci-lf-github-action-runners-runner-role/i-03d4fc4f0ea90c6cd',
      policyPrincipalArn: 'arn:aws:iam::391835788720:role/ghci-lf-github-action-runners-runner-role',
      callerAccount: '391835788720',
      resourceAccount: '308535385114',
      region: 'us-east-1',
      repositoryName: 'pytorch/pytorch-linux-jammy-py3-clang18-asan',
      crossAccount: true,
      missingPolicy: 'resource',
    },
    explanation: /AWS says no resource-based policy allows it.*a cross-account request needs the repository policy/,
    repository: [[undefined, { AWS: 'arn:aws:iam::391835788720:role/ghci-lf-github-action-runners-runner-role' }, PUSH]],
    cdk: /repository\.grantPush\(caller\); \/\/ writes the repository policy/,
    step: /cross-account request needs both sides/,
  }],
  ['accounts replaced by letters; the message names the side', M.ECR_LOGIN_LETTER_ACCOUNTS, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:sts::A:assumed-role/cp-sw-actions-runner/GitHubActions',
      region: 'us-west-2',
      repositoryName: 'runner-test',
      missingPolicy: 'resource',
    },
    explanation: /no resource-based policy allows it.*'A' is a placeholder.*'B' is a placeholder/,
    repository: [[undefined, { AWS: 'arn:aws:iam::<account-id>:role/cp-sw-actions-runner' }, PUSH]],
    cdk: /repository\.grantPush\(caller\)/,
  }],
  ['docker push log, same account, no reason clause', M.SAGEMAKER_PUSH_LOG, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:sts::109225375568:assumed-role/AmazonSageMaker-ExecutionRole-20200213T151637/SageMaker',
      policyPrincipalArn: 'arn:aws:iam::109225375568:role/AmazonSageMaker-ExecutionRole-20200213T151637',
      callerAccount: '109225375568',
      resourceAccount: '109225375568',
      region: 'us-east-2',
      repositoryName: 'test',
      crossAccount: false,
      missingPolicy: 'identity',
    },
    explanation: /same account \(109225375568\), so one allow is enough/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:us-east-2:109225375568:repository/test']],
    cdk: /repository\.grantPush\(caller\)/,
  }],
  ['JSON-escaped SDK error in a log record (10-digit account)', M.EXTERNAL_SECRETS_JSON_LOG, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:GetAuthorizationToken',
      principalArn: 'arn:aws:sts::1234567890:assumed-role/common-tools-external-secrets/1725541882585093008',
      missingPolicy: 'identity',
    },
    explanation: /no identity-based policy allows it.*'1234567890' is not an account id \(10 digits/,
    identity: [[LOGIN, '*']],
    cdk: /repository\.grantPull/,
  }],
  ['explicit deny with caller and action as placeholders', M.CLI_EXPLICIT_DENY_PLACEHOLDERS, {
    fields: { kind: 'explicit-deny' },
    explanation: /denied an action on "\*" by a Deny statement \(the message does not say in which policy\).*cannot fix it/,
    step: /Look for a Deny that matches/,
  }],
  ['older login message, scrambled account', M.BUILDKITE_LOGIN, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:GetAuthorizationToken',
      principalArn: 'arn:aws:sts::sdfsdfsd:assumed-role/buildkite-docker-builders-Role/i-sdfsdf',
      missingPolicy: 'identity',
    },
    explanation: /account-level.*'sdfsdfsd' is a placeholder/,
    identity: [[LOGIN, '*']],
    cdk: /repository\.grantPull/,
  }],
  ['${ACCOUNT_ONE} placeholders from CloudTrail', M.ACK_TEMPLATE_PLACEHOLDERS, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:BatchGetImage',
      principalArn: 'arn:aws:sts::${ACCOUNT_ONE}:assumed-role/ack-lambda-controller-role/***',
      region: 'us-west-2',
      repositoryName: 'example/hello-world-lambda',
      missingPolicy: 'identity',
    },
    explanation: /'\$\{ACCOUNT_ONE\}' is a placeholder.*'\$\{ACCOUNT_TWO\}' is a placeholder/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-west-2:<account-id>:repository/example/hello-world-lambda']],
    cdk: /repository\.grantPull\(caller\)/,
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
    fields: { kind: 'forbidden', resourceAccount: '123456789123', region: 'us-east-1', repositoryName: 'a2-ecr-app-repo' },
    explanation: /403 Forbidden to a pull on repository 'a2-ecr-app-repo' in account 123456789123/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-east-1:123456789123:repository/a2-ecr-app-repo']],
    cdk: /repository\.grantPull\(role\).*obtainExecutionRole/,
    step: /aws ecr batch-get-image --repository-name a2-ecr-app-repo --registry-id 123456789123 --region us-east-1/,
  }],
  ['containerd HEAD request answered 403', M.CONTAINERD_HEAD_403, {
    fields: { kind: 'forbidden', resourceAccount: '366590864501', region: 'us-west-2', repositoryName: 'bedrock-proxy-api-ecs' },
    explanation: /a HEAD request \(pull\)/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-west-2:366590864501:repository/bedrock-proxy-api-ecs']],
    cdk: /grantPull/,
  }],
  ['docker pull without a login', M.DOCKER_NO_BASIC_AUTH, {
    fields: { kind: 'not-logged-in', resourceAccount: '533243300146', region: 'us-east-1', repositoryName: 'newrelic/logging-firelens-fluentbit' },
    explanation: /no registry credentials for 533243300146\.dkr\.ecr\.us-east-1\.amazonaws\.com.*Not a policy problem/,
    step: /aws ecr get-login-password --region us-east-1 \| docker login --username AWS --password-stdin 533243300146\.dkr\.ecr\.us-east-1\.amazonaws\.com/,
  }],
  ['kubelet journal line, escaped three times', M.KUBELET_ESCAPED, {
    fields: { kind: 'not-logged-in', resourceAccount: '123456789101', region: 'ap-southeast-2', repositoryName: 'k8s-example/pause' },
    explanation: /123456789101\.dkr\.ecr\.ap-southeast-2\.amazonaws\.com/,
    step: /kubelet credential provider/,
  }],
  ['"<account number>" placeholder in the registry host', M.ACCOUNT_NUMBER_PLACEHOLDER, {
    fields: { kind: 'not-logged-in', region: 'eu-west-1', repositoryName: 'zre' },
    explanation: /'<account number>' is a placeholder/,
    step: /--password-stdin <account-id>\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
  }],
  ['expired registry login, account partly masked', M.EXPIRED_REGISTRY_LOGIN, {
    fields: { kind: 'not-logged-in', region: 'ap-south-1' },
    explanation: /has expired: ECR logins last 12 hours.*'07579032XXXX' is a placeholder/,
    step: /amazon-ecr-credential-helper/,
  }],
  ['security token AWS does not know', M.INVALID_SECURITY_TOKEN, {
    fields: { kind: 'invalid-credentials' },
    explanation: /did not accept the credentials \(calling GetAuthorizationToken\).*no grant changes this/,
    step: /aws sts get-caller-identity/,
  }],
  ['expired session', M.EXPIRED_SECURITY_TOKEN, {
    fields: { kind: 'invalid-credentials' },
    explanation: /credentials \(calling GetAuthorizationToken\) have expired/,
    step: /aws sso login/,
  }],
  ['Lambda cannot read the image (CloudFormation), with the image host in the same log', M.LAMBDA_CFN_WITH_IMAGE, {
    fields: { kind: 'lambda-image-access', resourceAccount: '366590864501', region: 'eu-north-1', repositoryName: 'bedrock-proxy-api-ecs', missingPolicy: 'resource' },
    explanation: /Lambda could not read the function's image from repository 'bedrock-proxy-api-ecs'/,
    repository: [['AllowLambdaPull', { Service: 'lambda.amazonaws.com' }, LAMBDA_PULL]],
    cdk: /^repository\.allowLambdaPull\(\);/,
  }],
  ['encoded authorization failure message', M.ENCODED_MESSAGE, {
    fields: { kind: 'encoded-authorization-message' },
    explanation: /encoded authorization failure message/,
    step: /aws sts decode-authorization-message --encoded-message pvEqPYu3WLzXQOGBbGRYo8ZHu-8LQ0i/,
  }],
  ['decoded authorization message (JSON), cross-account', M.DECODED_MESSAGE, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:PutImage',
      principalArn: 'arn:aws:sts::222222222222:assumed-role/ci/ci',
      policyPrincipalArn: 'arn:aws:iam::222222222222:role/ci',
      callerAccount: '222222222222',
      resourceAccount: '111111111111',
      region: 'us-east-1',
      repositoryName: 'team-a/api',
      crossAccount: true,
      missingPolicy: 'both',
    },
    explanation: /Cross-account request .*both the caller's identity policy and the repository policy must allow it/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api']],
    repository: [[undefined, { AWS: 'arn:aws:iam::222222222222:role/ci' }, PUSH]],
    cdk: /repository\.grantPush\(caller\)/,
    step: /In the caller's account \(222222222222\)/,
  }],
  ['implicit deny in a VPC endpoint policy', M.VPC_ENDPOINT_DENY, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:GetDownloadUrlForLayer',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'eu-central-1',
      repositoryName: 'web',
      crossAccount: false,
      missingPolicy: 'vpc-endpoint-policy',
    },
    explanation: /no VPC endpoint policy allows it/,
    cdk: /endpoint\.addToPolicy\(.*ArnPrincipal\('arn:aws:iam::111111111111:role\/ecsTaskExecutionRole'\).*EcrActions\.PULL/,
    step: /prod-eu-central-1-starport-layer-bucket/,
  }],
  ['implicit deny in a permissions boundary', M.BOUNDARY_DENY, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:PutImage',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'eu-central-1',
      repositoryName: 'web',
      crossAccount: false,
      missingPolicy: 'permissions-boundary',
    },
    explanation: /no permissions boundary allows it/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:eu-central-1:111111111111:repository/web']],
    cdk: /boundary\.addStatements\([\s\S]*EcrActions\.PUSH/,
    step: /get-role --role-name ecsTaskExecutionRole --query Role\.PermissionsBoundary/,
  }],
  ['implicit deny in a session policy', M.SESSION_POLICY_DENY, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:BatchGetImage',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'eu-central-1',
      repositoryName: 'web',
      crossAccount: false,
      missingPolicy: 'session-policy',
    },
    explanation: /no session policy allows it/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:eu-central-1:111111111111:repository/web']],
    step: /inline-session-policy/,
  }],
  ['implicit deny by a service control policy', M.SCP_IMPLICIT, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:BatchGetImage',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'eu-central-1',
      repositoryName: 'web',
      crossAccount: false,
      missingPolicy: 'service-control-policy',
    },
    explanation: /no service control policy allows it/,
    step: /SCPs grant nothing/,
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
  ['federated user', M.FEDERATED_USER, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:BatchGetImage',
      principalArn: 'arn:aws:sts::123456789012:federated-user/bob',
      policyPrincipalArn: 'arn:aws:sts::123456789012:federated-user/bob',
      callerAccount: '123456789012',
      resourceAccount: '123456789012',
      region: 'us-east-1',
      repositoryName: 'app',
      crossAccount: false,
      missingPolicy: 'identity',
    },
    explanation: /Federated user 'bob'.*the IAM user that called GetFederationToken/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-east-1:123456789012:repository/app']],
    cdk: /repository\.grantPull\(user\)/,
    step: /session policy passed to GetFederationToken/,
  }],
  ['CodeBuild log: the role path comes from the role ARN printed earlier', M.CODEBUILD_ROLE_PATH, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      principalArn: 'arn:aws:sts::333333333333:assumed-role/codebuild-api-service-role/AWSCodeBuild-2f1b0c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f',
      policyPrincipalArn: 'arn:aws:iam::333333333333:role/service-role/codebuild-api-service-role',
      callerAccount: '333333333333',
      resourceAccount: '111111111111',
      region: 'us-east-1',
      repositoryName: 'team-a/api',
      crossAccount: true,
      missingPolicy: 'both',
    },
    explanation: /Cross-account request \(caller in 333333333333, repository in 111111111111\)/,
    identity: [[LOGIN, '*'], [PUSH, 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api']],
    repository: [[undefined, { AWS: 'arn:aws:iam::333333333333:role/service-role/codebuild-api-service-role' }, PUSH]],
    cdk: /fromRoleArn\(this, 'Caller', 'arn:aws:iam::333333333333:role\/service-role\/codebuild-api-service-role'\)/,
  }],
  ['"User" without a colon, IAM user across accounts', M.USER_WITHOUT_COLON, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:BatchGetImage',
      principalArn: 'arn:aws:iam::222222222222:user/deploy',
      policyPrincipalArn: 'arn:aws:iam::222222222222:user/deploy',
      callerAccount: '222222222222',
      resourceAccount: '111111111111',
      region: 'us-east-1',
      repositoryName: 'base/node',
      crossAccount: true,
      missingPolicy: 'both',
    },
    explanation: /IAM user 'deploy' in account 222222222222/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-east-1:111111111111:repository/base/node']],
    repository: [[undefined, { AWS: 'arn:aws:iam::222222222222:user/deploy' }, PULL]],
    cdk: /iam\.User\.fromUserArn\(this, 'Caller', 'arn:aws:iam::222222222222:user\/deploy'\)[\s\S]*repository\.grantPull\(caller\)/,
  }],
  ['ECR Public login (not a private ECR action)', M.ECR_PUBLIC_LOGIN, {
    fields: {
      kind: 'access-denied',
      action: 'ecr-public:GetAuthorizationToken',
      principalArn: 'arn:aws:iam::123456789012:user/ci',
      policyPrincipalArn: 'arn:aws:iam::123456789012:user/ci',
      callerAccount: '123456789012',
      missingPolicy: 'identity',
    },
    explanation: /no identity-based policy allows it/,
    identity: [[['ecr-public:GetAuthorizationToken'], '*']],
    cdk: /actions: \['ecr-public:GetAuthorizationToken'\], resources: \['\*'\]/,
  }],
  ['KMS key of an encrypted repository in another account (not an ECR action)', M.KMS_KEY_CROSS_ACCOUNT, {
    fields: {
      kind: 'access-denied',
      action: 'kms:Decrypt',
      principalArn: 'arn:aws:sts::222222222222:assumed-role/ecsTaskExecutionRole/4b1c2d3e',
      policyPrincipalArn: 'arn:aws:iam::222222222222:role/ecsTaskExecutionRole',
      callerAccount: '222222222222',
      resourceAccount: '111111111111',
      region: 'us-east-1',
      crossAccount: true,
      missingPolicy: 'resource',
    },
    explanation: /denied kms:Decrypt on 'arn:aws:kms:us-east-1:111111111111:key\/1234abcd-12ab-34cd-56ef-1234567890ab'/,
    step: /Add a statement to the resource policy of 'arn:aws:kms:.*' \(for a KMS key, its key policy\) that allows kms:Decrypt for the caller/,
  }],
  ['repository does not exist', M.REPOSITORY_NOT_FOUND, {
    fields: { kind: 'unrecognized', resourceAccount: '111111111111', repositoryName: 'team-a/api' },
    explanation: /Not an access error: repository 'team-a\/api' does not exist in registry 111111111111/,
    noFix: true,
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
  ['GitHub Actions log with timestamps inside the message, masked account', M.GITHUB_LOG_MASKED, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:GetAuthorizationToken',
      principalArn: 'arn:aws:sts::***:assumed-role/github-actions/GitHubActions',
      missingPolicy: 'identity',
    },
    explanation: /no identity-based policy allows it.*'\*\*\*' is a placeholder/,
    identity: [[LOGIN, '*']],
    cdk: /fromRoleArn\(this, 'Caller', 'arn:aws:iam::<account-id>:role\/github-actions'\)/,
  }],
  ['ECS execution role cannot log in', M.ECS_EXECUTION_ROLE_LOGIN, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:GetAuthorizationToken',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/0f3c5e2a9b7d4c1e8f6a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      missingPolicy: 'identity',
    },
    explanation: /no identity-based policy allows it/,
    identity: [[LOGIN, '*']],
    cdk: /repository\.grantPull\(caller\)/,
  }],
  ['ECS pull, same account, older message', M.ECS_PULL_SAME_ACCOUNT, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:BatchGetImage',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/0f3c5e2a9b7d4c1e8f6a',
      policyPrincipalArn: 'arn:aws:iam::111111111111:role/ecsTaskExecutionRole',
      callerAccount: '111111111111',
      resourceAccount: '111111111111',
      region: 'us-east-1',
      repositoryName: 'team-a/api',
      crossAccount: false,
      missingPolicy: 'identity',
    },
    explanation: /same account \(111111111111\)/,
    identity: [[LOGIN, '*'], [PULL, 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api']],
    cdk: /repository\.grantPull\(caller\)/,
  }],
  ['two registries in one log: the failed request names the one', M.TWO_REGISTRIES, {
    fields: { kind: 'not-logged-in', resourceAccount: '222222222222', region: 'eu-west-1', repositoryName: 'team-a/api' },
    explanation: /no registry credentials for 222222222222\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
    step: /--region eu-west-1 \| docker login --username AWS --password-stdin 222222222222\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
  }],
  ['two messages pasted together: the first with an action; hosts that disagree say nothing', M.TWO_MESSAGES, {
    fields: {
      kind: 'access-denied',
      action: 'ecr:GetAuthorizationToken',
      principalArn: 'arn:aws:sts::***:assumed-role/github-actions/GitHubActions',
      missingPolicy: 'identity',
    },
    explanation: /denied ecr:GetAuthorizationToken on "\*"/,
    identity: [[LOGIN, '*']],
    cdk: /grantPull\(caller\)/,
  }],
  ['unrelated text', M.UNRELATED, {
    fields: { kind: 'unrecognized' }, explanation: /No ECR access error found/, noFix: true,
  }],
];

describe('diagnose: messages as people paste them', () => {
  test('the table covers at least 30 messages and every kind', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(TABLE.map(([, text]) => diagnose(text).kind));
    expect([...kinds].sort()).toEqual([
      'access-denied', 'encoded-authorization-message', 'explicit-deny', 'forbidden', 'invalid-credentials',
      'lambda-image-access', 'not-logged-in', 'unrecognized',
    ]);
  });

  test.each(TABLE)('%s', (_name, text, expected) => {
    const { explanation, fix, ...fields } = diagnose(text);

    expect(fields).toStrictEqual(expected.fields);
    expect(explanation).toMatch(expected.explanation);

    if (expected.noFix) {
      expect(fix).toBeUndefined();
      return;
    }
    expect(fix).toBeDefined();
    expect(identityStatements(fix!.identityPolicy)).toEqual(expected.identity?.map(([actions, resource]) => [sorted(actions), resource]));
    const repository = expected.repository?.map(([sid, principal, actions]) => [sid, principal, sorted(actions)]);
    expect(repositoryStatements(fix!.repositoryPolicy)).toEqual(repository);
    if (expected.cdk) expect(fix!.cdk).toMatch(expected.cdk);
    else expect(fix!.cdk).toBeUndefined();
    expect(fix!.steps.length).toBeGreaterThan(0);
    if (expected.step) expect(fix!.steps.join('\n')).toMatch(expected.step);
  });

  test('the static method is the same function, and JSON shows every field', () => {
    const viaClass = EcrErrorDiagnosis.diagnose(M.PYTORCH_CROSS_ACCOUNT);
    expect(viaClass).toEqual(diagnose(M.PYTORCH_CROSS_ACCOUNT));
    expect(Object.keys(JSON.parse(JSON.stringify(viaClass))).sort()).toEqual([
      'action', 'callerAccount', 'crossAccount', 'explanation', 'fix', 'missingPolicy', 'policyPrincipalArn', 'principalArn',
      'region', 'repositoryName', 'resourceAccount', 'kind',
    ].sort());
  });

  test('a repository policy never names a session, and a login never lands in a repository policy', () => {
    for (const [, text] of TABLE) {
      const d = diagnose(text);
      const json = JSON.stringify(d.fix?.repositoryPolicy ?? {});
      expect(json).not.toMatch(/assumed-role/);
      expect(json).not.toMatch(/GetAuthorizationToken/);
      expect(JSON.stringify([d.fix?.identityPolicy, d.fix?.repositoryPolicy])).not.toMatch(/"ecr:\*"|"\*:\*"/);
      expect(JSON.stringify(d)).not.toMatch(/\$\{Token\[/);
    }
  });

  test('human output, for every message in the table', () => {
    const rendered = Object.fromEntries(TABLE.map(([name, text]) => [name, EcrErrorDiagnosis.render(diagnose(text))]));
    expect(rendered).toMatchSnapshot();
  });
});

function identityStatements(document: any): Array<[string[], string]> | undefined {
  if (document === undefined) return undefined;
  return document.Statement.map((s: any) => [sorted([s.Action].flat()), s.Resource]);
}

function repositoryStatements(document: any): Array<[string | undefined, Record<string, string>, string[]]> | undefined {
  if (document === undefined) return undefined;
  return document.Statement.map((s: any) => {
    expect(s.Resource).toBeUndefined();
    expect(s.Effect).toBe('Allow');
    return [s.Sid, s.Principal, sorted([s.Action].flat())];
  });
}
