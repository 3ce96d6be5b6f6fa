// Error messages in the shape people paste them. Sources: the project's seed reports, public GitHub
// issues (cited), and, for reason clauses that issues rarely quote, AWS's documented message format
// filled with this project's test accounts. Account ids are kept as they appear (placeholders too).

/** Seed 000: an IAM user without CreateRepository; a 9-digit account id and a line break inside the message. */
export const SEED_000_CREATE_REPOSITORY = `When working with Amazon Elastic Container Registry (ECR), you might encounter authorization errors like:

User: arn:aws:iam::123456789:user/admin is not authorized to perform: 
ecr:CreateRepository on resource: *

This typically occurs when your IAM user lacks the necessary permissions despite having AmazonEC2ContainerServiceFullAccess attached.`;

/** Seed 001: a docker push to a repository whose policy does not allow it; placeholders, numbered lines, "403 Forbidden". */
export const SEED_001_PUSH_FORBIDDEN = `Then I authenticated Docker with ECR:
1
2
aws ecr get-login-password --region us-east-1 --profile <account_name> \\
| docker login --username AWS --password-stdin <account_id>.dkr.ecr.us-east-1.amazonaws.com
# Attempt to push the image
docker push <account_id>.dkr.ecr.us-east-1.amazonaws.com/IMAGENAME:latest
The output showed a 403 Forbidden
error, indicating that the user did not have permission to push images to the repository.`;

/** Seed 002: an ECR documentation page with policies but no error. */
export const SEED_002_DOCS_POLICY = `Accessing One Amazon ECR Repository
In this example, you want to grant an IAM user in your AWS account access to one of your Amazon ECR repositories, my-repo.
{ "Version":"2012-10-17", "Statement":[ { "Sid":"GetAuthorizationToken", "Effect":"Allow", "Action":[ "ecr:GetAuthorizationToken" ], "Resource":"*" } ] }`;

/** Seed 003: documentation that mentions encoded messages without containing one. */
export const SEED_003_DOCS_ENCODED = 'If an authorization check fails, the request returns an encoded message with diagnostic information. You can decode the message using the DecodeAuthorizationMessage action. For more information, see DecodeAuthorizationMessage in the AWS Security Token Service API Reference.';

/** Seed 004: the login error in prose, lower case, no caller. */
export const SEED_004_LOGIN_PROSE = `Is Not Authorized to Perform ECR GetAuthorizationToken: Understanding the Error and Finding a Solution
The "is not authorized to perform ecr getauthorizationtoken" error typically occurs when a user attempts to retrieve an authorization token from ECR but lacks the necessary permissions.`;

/** github.com/ZhangYuanhan-AI/CelebASpoofChallengeSubmissionExample/issues/9: another account's root pushes. */
export const ROOT_CROSS_ACCOUNT_PUSH = `After running docker push 692230297653.dkr.ecr.us-west-2.amazonaws.com/celeba-spoof-challenge-871259748386:latest got the error

> denied: User: arn:aws:iam::871259748386:root is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-west-2:692230297653:repository/celeba-spoof-challenge-871259748386`;

/** github.com/ministryofjustice/cloud-platform/issues/7245: GitHub Actions role, same account, identity side named. */
export const GITHUB_ACTIONS_IDENTITY = 'denied: User: arn:aws:sts::754256621582:assumed-role/cloud-platform-ecr-e344de1fe05708ec-github/GitHubActions is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:eu-west-2:754256621582:repository/laa-pcuam/csv-converter because no identity-based policy allows the ecr:InitiateLayerUpload action';

/** github.com/aws/amazon-sagemaker-examples/issues/1257: placeholders for account and region. */
export const SAGEMAKER_PLACEHOLDERS = 'denied: User: arn:aws:sts::<account>:assumed-role/role-name/role-session-name is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:<region>:<account>:repository/catboost';

/** github.com/aws-samples/aws-modern-application-workshop/issues/95: CodeBuild log, caller account cut out. */
export const CODEBUILD_CUT_ACCOUNT = `denied: User: arn:aws:sts::<CUT>:assumed-role/MythicalMysfitsServiceCodeBuildServiceRole/AWSCodeBuild-4c4a1c09-bbca-4853-9d15-e18fe7c6f667 is not authorized to perform: ecr:CompleteLayerUpload on resource: arn:aws:ecr:eu-west-1:026927173535:repository/mythicalmysfits/service
 [Container] 2019/04/03 07:22:13 Command did not exit successfully docker push $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com/mythicalmysfits/service:latest exit status 1
[Container] 2019/04/03 07:22:13 Phase complete: POST_BUILD State: FAILED`;

/** github.com/pytorch/pytorch/issues/137361: cross-account push, resource side named. */
export const PYTORCH_CROSS_ACCOUNT = '```\nUser: arn:aws:sts::391835788720:assumed-role/ghci-lf-github-action-runners-runner-role/i-03d4fc4f0ea90c6cd is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:308535385114:repository/pytorch/pytorch-linux-jammy-py3-clang18-asan because no resource-based policy allows the ecr:InitiateLayerUpload action\n```';

/** github.com/aws-actions/amazon-ecr-login/issues/232: accounts replaced by letters. */
export const ECR_LOGIN_LETTER_ACCOUNTS = `denied: User: arn:aws:sts::A:assumed-role/cp-sw-actions-runner/GitHubActions is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-west-2:B:repository/runner-test because no resource-based policy allows the ecr:InitiateLayerUpload action
Error: Process completed with exit code 1.`;

/** github.com/aws/amazon-sagemaker-examples/issues/1539: a docker push log, same account, no reason clause. */
export const SAGEMAKER_PUSH_LOG = `The push refers to repository [109225375568.dkr.ecr.us-east-2.amazonaws.com/test]

67e8702c: Preparing 
fb12a0f8: Preparing 
2dba4224: Waiting g 
denied: User: arn:aws:sts::109225375568:assumed-role/AmazonSageMaker-ExecutionRole-20200213T151637/SageMaker is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-2:109225375568:repository/test`;

/** github.com/terraform-aws-modules/terraform-aws-iam/issues/514: SDK error JSON-escaped in a log record; 10-digit account. */
export const EXTERNAL_SECRETS_JSON_LOG = String.raw`{"level":"error","ts":1725541882.6136096,"logger":"controllers.ExternalSecret","msg":"could not get secret data from provider","error":"could not generate [0]: unable to get authorization token: AccessDeniedException: User: arn:aws:sts::1234567890:assumed-role/common-tools-external-secrets/1725541882585093008 is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action\n\tstatus code: 400, request id: ??????","stacktrace":"github.com/external-secrets/external-secrets/pkg/controllers/externalsecret.(*Reconciler).Reconcile\n\t/home/runner/work/external-secrets/externalsecret_controller.go:189"}`;

/** github.com/aws/aws-cli/issues/5592: explicit deny, caller and action replaced by placeholders. */
export const CLI_EXPLICIT_DENY_PLACEHOLDERS = 'An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: User: <USER> is not authorized to perform: <AWS_SERVICES:ACTION> on resource: * with an explicit deny';

/** github.com/buildkite/elastic-ci-stack-for-aws/issues/193: older message (no reason), account scrambled. */
export const BUILDKITE_LOGIN = 'An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: User: arn:aws:sts::sdfsdfsd:assumed-role/buildkite-docker-builders-Role/i-sdfsdf is not authorized to perform: ecr:GetAuthorizationToken on resource: *';

/** github.com/aws-controllers-k8s/community/issues/1641: CloudTrail message with ${ACCOUNT_ONE} placeholders. */
export const ACK_TEMPLATE_PLACEHOLDERS = 'User: arn:aws:sts::${ACCOUNT_ONE}:assumed-role/ack-lambda-controller-role/*** is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-west-2:${ACCOUNT_TWO}:repository/example/hello-world-lambda because no identity-based policy allows the ecr:BatchGetImage action';

/** Shape of github.com/ministryofjustice/aws-root-account/pull/1494 (an SCP deny naming the policy), for ECR, with an IAM Identity Center session. */
export const SCP_DENY_IDENTITY_CENTER = 'aws: [ERROR]: An error occurred (AccessDeniedException) when calling the CreateRepository operation: User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_a7491ea25c15715b/jane@example.com is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:eu-west-2:111122223333:repository/team-a/api with an explicit deny in a service control policy: arn:aws:organizations::999988887777:policy/o-b2fpbzyd95/service_control_policy/p-v4qqk7we';

/** github.com/aws/aws-cdk/issues/29876: ECS could not pull, 403 from the registry. */
export const ECS_PULL_403 = 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789123.dkr.ecr.us-east-1.amazonaws.com/a2-ecr-app-repo:latest: pulling from host 123456789123.dkr.ecr.us-east-1.amazonaws.com failed with status code [manifests latest]: 403 Forbidden';

/** github.com/aws-samples/bedrock-access-gateway/issues/114: containerd HEAD request answered 403. */
export const CONTAINERD_HEAD_403 = 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 366590864501.dkr.ecr.us-west-2.amazonaws.com/bedrock-proxy-api-ecs:latest@sha256:5de487da52320ad9978f3a7a4f6700910342956c7dcb3b6f955222b4cccbd600: unexpected status from HEAD request to https://366590864501.dkr.ecr.us-west-2.amazonaws.com/v2/bedrock-proxy-api-ecs/blobs/sha256:5de487da52320ad9978f3a7a4f6700910342956c7dcb3b6f955222b4cccbd600: 403 Forbidden';

/** github.com/aws-samples/amazon-ecs-firelens-examples/issues/28: docker pull without a login. */
export const DOCKER_NO_BASIC_AUTH = `docker pull 533243300146.dkr.ecr.us-east-1.amazonaws.com/newrelic/logging-firelens-fluentbit

Using default tag: latest
Error response from daemon: Get https://533243300146.dkr.ecr.us-east-1.amazonaws.com/v2/newrelic/logging-firelens-fluentbit/manifests/latest: no basic auth credentials`;

/** github.com/kubernetes/kops/issues/16762: kubelet journal line, escaped three times. */
export const KUBELET_ESCAPED = String.raw`Aug 20 05:41:26 i-0b9bd5da0497cb428 kubelet[3267]: E0820 05:41:26.086957    3267 remote_runtime.go:193] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to get sandbox image \"123456789101.dkr.ecr.ap-southeast-2.amazonaws.com/k8s-example/pause:3.9@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097\": failed to resolve reference \\\"123456789101.dkr.ecr.ap-southeast-2.amazonaws.com/k8s-example/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097\\\": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials\\\"\" pod="kube-system/etcd-manager-main-i-0b9bd5da0497cb428"`;

/** github.com/coreos/coreos-kubernetes/issues/461: the account replaced by "<account number>". */
export const ACCOUNT_NUMBER_PLACEHOLDER = 'docker pull /<account number>.dkr.ecr.eu-west-1.amazonaws.com/zre\nUsing default tag: latest\nError response from daemon: Get https:///<account number>.dkr.ecr.eu-west-1.amazonaws.com/v2/zre/manifests/latest: no basic auth credentials';

/** github.com/sjednac/sbt-ecr/issues/20: an expired registry login; account partly masked. */
export const EXPIRED_REGISTRY_LOGIN = `[info] AWS account id: 07579032XXXX
The push refers to repository [07579032XXXX.dkr.ecr.ap-south-1.amazonaws.com/XXXX-service]
denied: Your Authorization Token has expired. Please run 'aws ecr get-login' to fetch a new one.`;

/** github.com/kciter/aws-ecr-action/issues/15: credentials AWS does not know. */
export const INVALID_SECURITY_TOKEN = `== START LOGIN

An error occurred (UnrecognizedClientException) when calling the GetAuthorizationToken operation: The security token included in the request is invalid.
`;

/** An expired session (AWS CLI). */
export const EXPIRED_SECURITY_TOKEN = 'An error occurred (ExpiredTokenException) when calling the GetAuthorizationToken operation: The security token included in the request is expired';

/** github.com/aws-samples/bedrock-access-gateway/issues/127: CloudFormation's Lambda error next to the Fargate 403 of the same image. */
export const LAMBDA_CFN_WITH_IMAGE = `Resource handler returned message: "Lambda does not have permission to access the ECR image. Check the ECR permissions. (Service: Lambda, Status Code: 403, Request ID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) (SDK Attempt Count: 1)" (RequestToken: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, HandlerErrorCode: AccessDenied)

CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 366590864501.dkr.ecr.eu-north-1.amazonaws.com/bedrock-proxy-api-ecs:latest: unexpected status from HEAD request to https://366590864501.dkr.ecr.eu-north-1.amazonaws.com/v2/bedrock-proxy-api-ecs/manifests/latest: 403 Forbidden`;

/** An encoded authorization failure message (the shape of github.com/vmware-archive/terraforming-aws/pull/73). */
export const ENCODED_MESSAGE = 'An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: pvEqPYu3WLzXQOGBbGRYo8ZHu-8LQ0i-PGJ8nnoJB86oK92Eklu2JTJm-nV255zntBhkPysjQKMe-ksJwbxzaXUlouV691OjJGjFaXt5JTMnCZHULyNRJeYzdCvEeoYT';

/** What `aws sts decode-authorization-message` prints (format as in the same thread), for an ECR push across accounts. */
export const DECODED_MESSAGE = `{
  "allowed": false,
  "explicitDeny": false,
  "matchedStatements": { "items": [] },
  "failures": { "items": [] },
  "context": {
    "principal": { "id": "AROAEXAMPLEID:ci", "arn": "arn:aws:sts::222222222222:assumed-role/ci/ci" },
    "action": "ecr:PutImage",
    "resource": "arn:aws:ecr:us-east-1:111111111111:repository/team-a/api",
    "conditions": { "items": [] }
  }
}`;

// AWS's documented reason clauses (IAM User Guide, "Access denied error message examples"), for
// which public issues rarely quote an ECR message.
const SESSION = 'arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/8f2c1d3e4b5a';
const REPO = 'arn:aws:ecr:eu-central-1:111111111111:repository/web';

/** Implicit deny in a VPC endpoint policy. */
export const VPC_ENDPOINT_DENY = `User: ${SESSION} is not authorized to perform: ecr:GetDownloadUrlForLayer on resource: ${REPO} because no VPC endpoint policy allows the ecr:GetDownloadUrlForLayer action`;

/** Implicit deny in a permissions boundary. */
export const BOUNDARY_DENY = `An error occurred (AccessDeniedException) when calling the PutImage operation: User: ${SESSION} is not authorized to perform: ecr:PutImage on resource: ${REPO} because no permissions boundary allows the ecr:PutImage action`;

/** Implicit deny in a session policy. */
export const SESSION_POLICY_DENY = `User: ${SESSION} is not authorized to perform: ecr:BatchGetImage on resource: ${REPO} because no session policy allows the ecr:BatchGetImage action`;

/** Implicit deny by a service control policy. */
export const SCP_IMPLICIT = `User: ${SESSION} is not authorized to perform: ecr:BatchGetImage on resource: ${REPO} because no service control policy allows the ecr:BatchGetImage action`;

/** Explicit deny in an identity-based policy, naming it. */
export const IDENTITY_EXPLICIT_DENY = `User: ${SESSION} is not authorized to perform: ecr:PutImage on resource: ${REPO} with an explicit deny in an identity-based policy: arn:aws:iam::111111111111:policy/DenyProductionPush`;

/** Explicit deny in the repository policy. */
export const RESOURCE_EXPLICIT_DENY = `denied: User: ${SESSION} is not authorized to perform: ecr:PutImage on resource: ${REPO} with an explicit deny in a resource-based policy`;

/** A federated user (GetFederationToken) pulling. */
export const FEDERATED_USER = 'User: arn:aws:sts::123456789012:federated-user/bob is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:123456789012:repository/app because no identity-based policy allows the ecr:BatchGetImage action';

/** A CodeBuild log that prints the service role (with its path) before the session's error. */
export const CODEBUILD_ROLE_PATH = `[Container] 2024/05/01 10:00:00.123456 Assuming role arn:aws:iam::333333333333:role/service-role/codebuild-api-service-role
[Container] 2024/05/01 10:00:09.654321 Running command docker push 111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api:1.4.2
denied: User: arn:aws:sts::333333333333:assumed-role/codebuild-api-service-role/AWSCodeBuild-2f1b0c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:111111111111:repository/team-a/api`;

/** "User" without a colon (some SDK wrappers), an IAM user pulling across accounts with no reason clause. */
export const USER_WITHOUT_COLON = 'Error: User arn:aws:iam::222222222222:user/deploy is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:111111111111:repository/base/node';

/** ECR Public login: an action outside private ECR. */
export const ECR_PUBLIC_LOGIN = 'An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr-public:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr-public:GetAuthorizationToken action';

/** A pull from a KMS-encrypted repository of another account: the key policy, not ECR, denies. */
export const KMS_KEY_CROSS_ACCOUNT = 'CannotPullContainerError: failed to copy: httpReadSeeker: failed open: unexpected status code: AccessDeniedException: User: arn:aws:sts::222222222222:assumed-role/ecsTaskExecutionRole/4b1c2d3e is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab because no resource-based policy allows the kms:Decrypt action';

/** docker push to a repository that does not exist. */
export const REPOSITORY_NOT_FOUND = 'name unknown: The repository with name \'team-a/api\' does not exist in the registry with id \'111111111111\'';

/** A push whose image name has no ECR host (goes to Docker Hub). */
export const DOCKER_HUB_DENIED = 'The push refers to repository [docker.io/library/api]\ndenied: requested access to the resource is denied';

/** docker login with a password from another region. */
export const LOGIN_REJECTED = 'Error response from daemon: login attempt to https://111111111111.dkr.ecr.eu-west-1.amazonaws.com/v2/ failed with status: 400 Bad Request';

/** A GitHub Actions log: timestamps in front of each line split the message; the account is masked. */
export const GITHUB_LOG_MASKED = `2024-05-01T10:00:00.0000000Z ##[group]Run aws-actions/amazon-ecr-login@v2
2024-05-01T10:00:01.1234567Z Error: User: arn:aws:sts::***:assumed-role/github-actions/GitHubActions is not authorized to perform: ecr:GetAuthorizationToken
2024-05-01T10:00:01.1234567Z on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action`;

/** ECS task start: the execution role cannot log in (the ResourceInitializationError shape). */
export const ECS_EXECUTION_ROLE_LOGIN = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/0f3c5e2a9b7d4c1e8f6a is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action status code: 400, request id: 5e0b6f7c-2d9a-4c1b-8e3f-7a6b5c4d3e2f';

/** ECS pull in the same account with an older message (no reason clause). */
export const ECS_PULL_SAME_ACCOUNT = 'CannotPullContainerError: Error response from daemon: pull access denied for 111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api, repository does not exist or may require \'docker login\': denied: User: arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/0f3c5e2a9b7d4c1e8f6a is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:111111111111:repository/team-a/api';

/** A log that pulls from two registries; the failed request's URL names the one without a login. */
export const TWO_REGISTRIES = `docker pull 111111111111.dkr.ecr.us-east-1.amazonaws.com/base/node:20
20: Pulling from base/node
Status: Downloaded newer image for 111111111111.dkr.ecr.us-east-1.amazonaws.com/base/node:20
docker pull 222222222222.dkr.ecr.eu-west-1.amazonaws.com/team-a/api:1.0
Error response from daemon: Head "https://222222222222.dkr.ecr.eu-west-1.amazonaws.com/v2/team-a/api/manifests/1.0": no basic auth credentials`;

/** Two messages pasted together: the login error names no repository, and the hosts around it disagree. */
export const TWO_MESSAGES = `${GITHUB_LOG_MASKED}
${ROOT_CROSS_ACCOUNT_PUSH}
The push refers to repository [109225375568.dkr.ecr.us-east-2.amazonaws.com/test]`;

/** Text that is not an ECR error. */
export const UNRELATED = 'Compiling 42 files... done in 3.2s. All tests passed.';
