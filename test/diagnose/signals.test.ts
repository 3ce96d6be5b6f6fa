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
