import { diagnose } from '../../../src';

// The repository answered and the image is not in it: the tag of the message in the command that lists it.

test('manifest not found on ECS: the tag of the message, never a fixed one', () => {
  // GIVEN github.com/aws/amazon-ecs-agent (real-messages.json: ecs-pull-404-latest-never-pushed)
  const d = diagnose('CannotPullContainerError: API error (404): manifest for 476593617425.dkr.ecr.eu-west-1.amazonaws.com/baker-repos-1lvq9scec8c5o:v7 not found');
  // THEN
  expect(d).toMatchObject({ kind: 'image-not-found', resourceAccount: '476593617425', region: 'eu-west-1', repositoryName: 'baker-repos-1lvq9scec8c5o', tag: 'v7' });
  expect(d.explanation).toMatch(/^Image tag 'v7' is not in repository 'baker-repos-1lvq9scec8c5o' in account 476593617425 \(eu-west-1\).*Not an access error\.$/);
  expect(d.fix?.steps[0]).toContain('aws ecr describe-images --repository-name baker-repos-1lvq9scec8c5o --registry-id 476593617425 --region eu-west-1 --image-ids imageTag=v7');
  expect(d.fix?.identityPolicy).toBeUndefined();
});

test('Lambda\'s source image: CDK asset images have no latest tag', () => {
  // GIVEN a Lambda CreateFunction error (real-messages.json: lambda-cdk-asset-latest-does-not-exist)
  const d = diagnose('Source image 48xxxxxxxxxx.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets-48xxxxxxxxxx-us-east-1:latest does not exist. Provide a valid source image.');
  // THEN the masked account and name are unknown
  expect(d).toStrictEqual(expect.objectContaining({ kind: 'image-not-found', region: 'us-east-1', tag: 'latest' }));
  expect(d.repositoryName).toBeUndefined();
  expect(d.explanation).toMatch(/CDK asset images are tagged by hash: there is no 'latest'/);
});

test('manifest unknown from another registry is not an ECR error', () => {
  // GIVEN github.com/devcontainers (real-messages.json: not-ecr-ghcr-manifest-unknown)
  expect(diagnose('docker pull ghcr.io/devcontainers/color:latest\nError response from daemon: manifest unknown').kind).toBe('unrecognized');
});
