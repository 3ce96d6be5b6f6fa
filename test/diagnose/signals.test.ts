import { DiagnosisKind } from '../../src';
import * as signals from '../../src/diagnose/signals';

// Each signal says its kind for the texts that carry it, and nothing for the lookalikes.

test.each([
  ['clock', signals.clockSkewSignal, 'Signature expired: 20170111T204052Z is now earlier than 20170111T225449Z', DiagnosisKind.CLOCK_SKEW],
  ['federation', signals.federationSignal, 'Missing a required claim: sub', DiagnosisKind.FEDERATION],
  ['pull through cache', signals.pullThroughCacheSignal, 'denied: The authentication to the upstream registry failed.', DiagnosisKind.PULL_THROUGH_CACHE],
  ['kms', signals.kmsSignal, '"failureCode": "KmsError"', DiagnosisKind.KMS],
  ['immutable tag', signals.tagSignal, 'ImageTagAlreadyExistsException', DiagnosisKind.IMMUTABLE_TAG],
  ['image already exists', signals.tagSignal, 'ImageAlreadyExistsException', DiagnosisKind.IMAGE_ALREADY_EXISTS],
  ['repository not found', signals.repositoryNotFoundSignal, 'RepositoryNotFoundException', DiagnosisKind.REPOSITORY_NOT_FOUND],
  ['image not found', signals.imageNotFoundSignal, 'The function is trying to use a deleted image.', DiagnosisKind.IMAGE_NOT_FOUND],
  ['network', signals.networkSignal, 'net/http: TLS handshake timeout', DiagnosisKind.NETWORK],
  ['ECR Public login', signals.publicLoginSignal, 'GetAuthorizationToken command is only supported in us-east-1.', DiagnosisKind.NOT_LOGGED_IN],
])('%s', (_, signal, text, kind) => {
  expect((signal as (t: string) => signals.Signal | undefined)(text)?.kind).toBe(kind);
  expect((signal as (t: string) => signals.Signal | undefined)('Compiling 42 files... done.')).toBeUndefined();
});

test('a layer 403 is ECR\'s only with ECR in the text', () => {
  const body = 'error pulling image configuration: error parsing HTTP 403 response body: <Code>AccessDenied</Code>';
  expect(signals.layerDownloadSignal(body, true)?.kind).toBe(DiagnosisKind.LAYER_DOWNLOAD_DENIED);
  expect(signals.layerDownloadSignal(body, false)).toBeUndefined();
  expect(signals.layerDownloadSignal(`CannotPullContainerError: ${body}`, false)?.kind).toBe(DiagnosisKind.LAYER_DOWNLOAD_DENIED);
});

test.each([
  ['an AMI', 'An error occurred (InvalidAMIID.NotFound) when calling the DescribeImages operation'],
  ['Docker Hub\'s rate limit', 'toomanyrequests: You have reached your pull rate limit.'],
  ['ghcr.io', 'docker pull ghcr.io/devcontainers/color:latest manifest unknown'],
  ['Lambda environment variables', 'Lambda was unable to decrypt the environment variables because KMS access was denied.'],
])('lookalike: %s', (_, text) => {
  expect(signals.isLookalike(text)).toBe(true);
});

test.each(['public.ecr.aws', 'ecr-public.aws.com'])('another registry named beside ECR Public (%s) is not a lookalike', (host) => {
  // copying between registries names both: the ECR side makes the message ours
  expect(signals.isLookalike(`failed to copy ghcr.io/acme/app:1 to ${host}/acme/app:1: manifest unknown`)).toBe(false);
});

test.each([
  ['CloudFormation\'s property', 'CustomRoleArn: arn:aws:iam::222222222222:role/cache', true],
  ['the CLI\'s options', '--upstream-registry ecr --upstream-registry-url 111111111111.dkr.ecr.us-west-2.amazonaws.com', true],
  ['the API\'s JSON', '{"upstreamRegistry":"ecr","upstreamRepositoryPrefix":"base"}', true],
  ['the service that assumes the role', 'pullthroughcache.ecr.amazonaws.com', true],
  ['ECR Public as the upstream', 'UpstreamRegistry: ecr-public', false],
  ['a credential-or-role message of another upstream', 'Please set either credential arn or role arn to update the credentials', false],
  ['a Docker Hub rule', '--upstream-registry-url registry-1.docker.io --credential-arn arn:aws:secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/hub', false],
])('an ECR upstream is named by %s', (_, text, names) => {
  expect(signals.namesEcrUpstream(text)).toBe(names);
});

test.each([
  ['GetImageCopyStatus, which only the rule\'s role calls', 'not authorized', 'ecr:GetImageCopyStatus', true],
  ['the service assuming the role', 'User: pullthroughcache.ecr.amazonaws.com is not authorized', 'sts:AssumeRole', true],
  ['a CI job assuming its role', 'User: arn:aws:sts::1:assumed-role/x/y is not authorized', 'sts:AssumeRole', false],
  ['passing the rule\'s role', 'AWS::ECR::PullThroughCacheRule CREATE_FAILED', 'iam:PassRole', true],
  ['passing another role', 'AWS::ECS::TaskDefinition CREATE_FAILED', 'iam:PassRole', false],
  ['a read, without an ECR upstream named', 'not authorized', 'ecr:BatchGetImage', false],
])('an ECR upstream\'s denial: %s', (_, text, action, ecrUpstream) => {
  expect(signals.ecrUpstreamDenial(text, action)?.detail === signals.SignalDetail.ECR_UPSTREAM).toBe(ecrUpstream);
});
