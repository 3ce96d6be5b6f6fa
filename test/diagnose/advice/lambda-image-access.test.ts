import { diagnose } from '../../../src';
import * as M from '../messages';

// Lambda pulls a function's image as its service principal: only the repository policy can let it.

test('the repository policy allowLambdaPull writes, and the code that writes it', () => {
  // WHEN
  const d = diagnose(M.LAMBDA_CFN_WITH_IMAGE);
  // THEN
  expect(d.kind).toBe('lambda-image-access');
  expect(d.explanation).toMatch(/^AWS Lambda could not read the function's image from .*: the repository policy must allow the Lambda service \(lambda\.amazonaws\.com\) ecr:BatchGetImage and ecr:GetDownloadUrlForLayer, for functions of the function's account\./);
  expect(d.fix?.repositoryPolicy.Statement[0]).toMatchObject({ Principal: { Service: 'lambda.amazonaws.com' }, Sid: 'AllowLambdaPull' });
  expect(d.fix?.cdk).toMatch(/^repository\.allowLambdaPull\(\); \/\/ functions of the repository's account\n/);
  expect(d.fix?.steps).toHaveLength(4);
  expect(d.fix?.identityPolicy).toBeUndefined();
});
