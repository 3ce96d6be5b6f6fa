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

test('compliant 1: allowLambdaPull writes both statements; an account trusted for ECS beside a same-account Lambda pull', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT] });
  // test/checks/large-app.ts: the workload account pulls for ECS, Lambda reads for this account's functions
  const both = new PushableRepository(stack, 'Both', { repositoryName: 'both' });
  both.allowAccountPull(WORKLOAD_ACCOUNT);
  both.allowLambdaPull();
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
  // no Lambda statement for that account: the policy does not say the account runs functions (the corpus expects a finding)
  'lambda-guide-289-cross-account-without-lambda-statement',
])('compliant (corpus): %s', (id) => {
  expect(corpusRuleFindings(RULE, id)).toEqual([]);
});

test('non-compliant 1: Lambda may read for the functions of an account the policy does not trust', () => {
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
