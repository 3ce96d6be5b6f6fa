import { diagnose } from '../../../src';
import * as M from '../messages';

// A registry 403 names neither caller nor policy: the fix grants the pull (or push) set, and the
// first step gets the full IAM message to diagnose.

test('a pull answered 403: the pull set, and the call that shows the full message', () => {
  // WHEN
  const d = diagnose(M.CONTAINERD_HEAD_403);
  // THEN
  expect(d.kind).toBe('forbidden');
  expect(d.explanation).toMatch(/^The registry answered 403 Forbidden to a HEAD request \(pull\) on repository /);
  expect(d.fix?.cdk).toMatch(/^repository\.grantPull\(role\); \/\/ role: the principal that pulls/);
  expect(d.fix?.steps[0]).toMatch(/^Get the full message with the same credentials: `aws ecr batch-get-image --repository-name /);
});

test('a push answered 403: the push set', () => {
  // WHEN
  const d = diagnose(M.SEED_001_PUSH_FORBIDDEN);
  // THEN
  expect(d.fix?.cdk).toMatch(/^repository\.grantPush\(role\); \/\/ role: the principal that pushes/);
  expect(d.fix?.steps[0]).toMatch(/`aws ecr initiate-layer-upload --repository-name <repository-name> --registry-id <account-id> --region us-east-1`/);
  expect(d.fix?.steps[1]).toMatch(/the repository policy must allow the push actions for that role too\.$/);
});

test('no ECR host at all: docker sent the image to Docker Hub', () => {
  // WHEN
  const d = diagnose(M.DOCKER_HUB_DENIED);
  // THEN
  expect(d.explanation).toMatch(/the text names no ECR registry host: without one, docker sends the image to Docker Hub, not to ECR\.$/);
  expect(d.fix?.identityPolicy).toBeUndefined();
  expect(d.fix?.steps[0]).toMatch(/^Tag the image with the full ECR repository URI/);
});
