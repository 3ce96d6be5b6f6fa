import { diagnose } from '../../../src';

// S3 refused a layer: the bucket of the message's region in the endpoint policy; Docker Hub's own S3
// refusal is not ECR's.

test('the layer bucket refused: the gateway endpoint policy, with the bucket of the region', () => {
  // GIVEN a containerd pull through an S3 gateway endpoint (real-messages.json, synthetic from the ECR VPC endpoint page)
  const d = diagnose('Failed to pull image "111122223333.dkr.ecr.eu-central-1.amazonaws.com/shop/cart:2.3.0": failed to copy: httpReadSeeker: failed open: unexpected status code https://prod-eu-central-1-starport-layer-bucket.s3.eu-central-1.amazonaws.com/a1b2: 403 Forbidden');
  // THEN
  expect(d).toMatchObject({ kind: 'layer-download-denied', region: 'eu-central-1', missingPolicy: 'vpc-endpoint-policy', repositoryName: 'shop/cart', tag: '2.3.0' });
  expect(d.fix?.steps[0]).toContain('"Resource": "arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*"');
});

test('Docker Hub\'s S3 AccessDenied is not an ECR layer', () => {
  // GIVEN github.com/moby/moby/issues/34185
  const text = 'docker pull rabbitmq:3-management\nerror pulling image configuration: error parsing HTTP 403 response body: invalid character \'<\' looking for beginning of value: "<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>\\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"';
  expect(diagnose(text).kind).toBe('unrecognized');
});
