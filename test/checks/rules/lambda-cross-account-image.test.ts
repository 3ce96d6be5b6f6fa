import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../../src';
import { WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A function of another account needs the account statement and the Lambda statement conditioned on
// that account's functions (AWS's "Amazon ECR cross-account permissions"). Corpus entries carry sources.

const RULE = 'lambda-cross-account-image';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);
const lambda = new iam.ServicePrincipal('lambda.amazonaws.com');

test('compliant 1: allowLambdaPull writes both statements; an ECS cross-account pull says nothing about Lambda', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT] });
  const ecsOnly = new PushableRepository(stack, 'EcsOnly', { repositoryName: 'ecs-only' });
  ecsOnly.allowAccountPull(WORKLOAD_ACCOUNT);
  // WHEN / THEN
  expect(only(aspectFindings(app))).toEqual([]);
});

test.each([
  'awsdocs-lambda-cross-account',
  'danielang-lambda-cross-account-any-region',
  'wilsonify-lambda-written-retrieval-policy',
  'awsdocs-lambda-same-account-retrieval',
  'tf-aws-ecr-17-ecs-roles-pull',
])('compliant (corpus): %s', (id) => {
  expect(corpusRuleFindings(RULE, id)).toEqual([]);
});

test('non-compliant 1: the account is trusted, the Lambda statement names only the registry\'s own functions', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({ sid: 'Workload', principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: EcrActions.LAMBDA_PULL }));
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'Lambda', principals: [lambda], actions: EcrActions.LAMBDA_PULL, conditions: { StringEquals: { 'aws:SourceAccount': repository.env.account } },
  }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toHaveLength(1);
  expect(findings[0].text).toContain(`trusts account ${WORKLOAD_ACCOUNT} to pull, but no lambda.amazonaws.com statement names its functions`);
  expect(findings[0].text).toContain(`"aws:sourceArn":"arn:aws:lambda:*:${WORKLOAD_ACCOUNT}:function:*"`);
});

test('non-compliant 2 (the reverse): Lambda may read for an account the policy does not trust', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'Lambda', principals: [lambda], actions: EcrActions.LAMBDA_PULL, conditions: { StringLike: { 'aws:sourceARN': `arn:aws:lambda:*:${WORKLOAD_ACCOUNT}:function:*` } },
  }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain(`lets Lambda read the image for functions of account ${WORKLOAD_ACCOUNT}, which the policy does not trust`);
});
