import { KindAdvice } from './kind-advice';
import { EcrActions } from '../../actions/action-sets';
import { describeRepository } from '../describe';
import { DiagnosisKind } from '../diagnosis';
import { lambdaRepositoryPolicyFor, toJson } from '../fix';

// AWS Lambda pulls a function's image as its service principal, which has no identity policy: the
// repository policy alone decides.
// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html

export const lambdaImageAccess: KindAdvice = {
  kind: DiagnosisKind.LAMBDA_IMAGE_ACCESS,
  title: 'Lambda cannot read the container image',

  explanation({ facts }) {
    const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
    return `AWS Lambda could not read the function's image from ${repository}: the repository policy must allow the Lambda service ` +
      `(lambda.amazonaws.com) ${EcrActions.LAMBDA_PULL.join(' and ')}, for functions of the function's account.`;
  },

  fix({ facts, target }) {
    const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
    return {
      repositoryPolicy: toJson(lambdaRepositoryPolicyFor(target, facts.resourceAccount)),
      cdk: 'repository.allowLambdaPull(); // functions of the repository\'s account\n' +
        '// functions in other accounts: repository.allowLambdaPull({ accounts: [\'<function-account-id>\'] })',
      steps: [
        `Add the statement (fix.repositoryPolicy) to the repository policy of ${repository}; it is limited to functions of that account by aws:SourceAccount and aws:SourceArn.`,
        'A function in another account also needs that account trusted in the repository policy: allowLambdaPull({ accounts }) writes both statements.',
        'Or let Lambda add the statement itself: the principal that creates or updates the function then needs `ecr:GetRepositoryPolicy` and `ecr:SetRepositoryPolicy` on the repository.',
        'A repository encrypted with a customer managed KMS key also needs that key to allow the function\'s account to decrypt.',
      ],
    };
  },
};
