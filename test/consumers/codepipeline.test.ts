import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { consumerApp, decisions, expected, LAYOUTS, Layout, NEVER, repositoryUnderTest, serviceDecisionsForAnotherAccount, synthesize } from './consumers';
import { PULL } from '../helpers/expected-actions';

// CodePipeline: EcrSourceAction reads the image's digest with ecr:DescribeImages, as the action's
// role. aws-cdk-lib writes that to the role's identity policy itself (it never calls the
// repository's grant), creates the role in the pipeline's account, and watches for pushes with an
// EventBridge rule in the pipeline's account: a repository of another account is outside what the
// action supports, and the evaluator shows the call denied there.

const DESCRIBE = ['ecr:DescribeImages'];

describe.each(LAYOUTS)('CodePipeline EcrSourceAction, repository %s', (layout: Layout) => {
  const consumer = consumerApp(layout);
  const pipeline = new codepipeline.Pipeline(consumer.stack, 'Pipeline', {
    crossAccountKeys: layout !== 'in the same account',
    stages: [
      { stageName: 'Source', actions: [new actions.EcrSourceAction({ actionName: 'Image', repository: consumer.repository, output: new codepipeline.Artifact() })] },
      { stageName: 'Approve', actions: [new actions.ManualApprovalAction({ actionName: 'Release' })] },
    ],
  });
  const oracle = synthesize(consumer);
  const repo = repositoryUnderTest(oracle, consumer);
  const actionRole = oracle.principal(pipeline.node.findChild('Source').node.findChild('Image').node.findChild('CodePipelineActionRole') as iam.Role);

  if (layout === 'in the same account') {
    test('the action\'s role describes the images', async () => {
      await expect(decisions(oracle, actionRole, repo, DESCRIBE)).resolves.toEqual(expected(DESCRIBE, 'Allowed'));
    });
  } else {
    test('the action\'s role is denied DescribeImages: aws-cdk-lib writes no repository-policy side for it', async () => {
      await expect(decisions(oracle, actionRole, repo, DESCRIBE)).resolves.toEqual(expected(DESCRIBE, 'ImplicitlyDenied'));
    });
  }

  test('it cannot pull, push, delete or administer', async () => {
    await expect(decisions(oracle, actionRole, repo, [...PULL, ...NEVER])).resolves.toEqual(expected([...PULL, ...NEVER], 'ImplicitlyDenied'));
  });

  test('no service principal may act for another account', async () => {
    const lines = await serviceDecisionsForAnotherAccount(oracle, repo);
    expect(lines.filter((line) => line.endsWith('Allowed'))).toEqual([]);
  });
});
