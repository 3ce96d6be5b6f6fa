import { ACCOUNT, OTHER_ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from './templates';
import { AccessModel } from '../../src/analysis/access-model';
import { lambdaImageNeed } from '../../src/analysis/lambda-images';

// A function whose image is in another account's repository: Lambda pulls as its service principal,
// so the repository policy alone decides, and AWS requires two statements there: Lambda for the
// function's account, and that account itself trusted to read the image.
// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions

const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:v1`;

function model(repositoryPolicy: object | undefined, { functionName = 'fn' as string | undefined, imageUri = IMAGE } = {}) {
  const registry = stackTemplate('Registry', { Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api', ...repositoryPolicy ? { RepositoryPolicyText: repositoryPolicy } : {} } } });
  const properties = { ...functionName ? { FunctionName: functionName } : {}, Code: { ImageUri: imageUri } };
  const workload = stackTemplate('Workload', { Fn: { Type: 'AWS::Lambda::Function', Properties: properties } }, { account: OTHER_ACCOUNT, region: REGION });
  return new AccessModel(templateSet(registry, workload));
}

const need = (m: AccessModel) => lambdaImageNeed(m, m.lambdaImages[0]);
const LAMBDA_STATEMENT = { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Condition: { StringEquals: { 'aws:SourceAccount': OTHER_ACCOUNT } } };
const ACCOUNT_STATEMENT = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] };

test('a repository of the app with no policy needs both statements, as the library writes them', () => {
  // WHEN
  const found = need(model(undefined));
  // THEN
  expect(found?.inApp?.resource.logicalId).toBe('Api');
  expect(found?.generatedName).toBe(false);
  expect(found?.statements.map((s) => s.toStatementJson())).toEqual([
    expect.objectContaining({
      Principal: { Service: 'lambda.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': [OTHER_ACCOUNT] }, ArnLike: { 'aws:SourceArn': [`arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:fn`] } },
    }),
    expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }),
  ]);
});

test('only what is missing: the account trust, when Lambda is already allowed', () => {
  // WHEN
  const found = need(model(policyDocument(LAMBDA_STATEMENT)));
  // THEN
  expect(found?.statements.map((s) => s.toStatementJson().Principal)).toEqual([{ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }]);
});

test('nothing when both are there, when the image is in the function\'s own account, or not in a private ECR repository', () => {
  expect(need(model(policyDocument(LAMBDA_STATEMENT, ACCOUNT_STATEMENT)))).toBeUndefined();
  expect(need(model(undefined, { imageUri: `${OTHER_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:v1` }))).toBeUndefined();
  expect(need(model(undefined, { imageUri: 'public.ecr.aws/nginx/nginx:latest' }))).toBeUndefined();
});

test('a function named at deployment is named by a pattern of its account; a repository outside the app is not in it', () => {
  // WHEN
  const found = need(model(undefined, { functionName: '', imageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/elsewhere:v1` }));
  // THEN
  expect(found?.inApp).toBeUndefined();
  expect(found?.generatedName).toBe(true);
  expect(JSON.stringify(found?.statements[0].toStatementJson())).toContain(`arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:*`);
});

test('the dual-stack host names the same repository (constructed from AWS\'s documented host form)', () => {
  // WHEN
  const found = need(model(undefined, { imageUri: `${ACCOUNT}.dkr-ecr.${REGION}.on.aws/api:v1` }));
  // THEN
  expect(found?.inApp?.resource.logicalId).toBe('Api');
  expect(found?.repository).toEqual({ account: ACCOUNT, region: REGION, name: 'api', dualStack: true });
  expect(found?.statements).toHaveLength(2);
});
