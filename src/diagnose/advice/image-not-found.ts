import { KindAdvice } from './kind-advice';
import { describeRepository } from '../describe';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';
import { SignalDetail } from '../signals';

// The repository answered, the image is not in it: a tag never pushed, expired by a lifecycle
// rule, archived, or pushed to another region. Not an access problem.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html

export const imageNotFound: KindAdvice = {
  kind: DiagnosisKind.IMAGE_NOT_FOUND,
  title: 'The image does not exist',

  explanation({ facts }) {
    const image = facts.tag !== undefined ? `Image tag '${facts.tag}'` : 'The image';
    const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
    if (facts.detail === SignalDetail.LAMBDA_SOURCE_IMAGE) {
      return `${image} that the Lambda function names is not in ${repository}, or the image URI is not a full ECR URI ` +
        '(<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag> or @sha256:…, in the function\'s region). CDK asset images are tagged by hash: there is no \'latest\'. Not an access error.';
    }
    return `${image} is not in ${repository}: it was never pushed, a lifecycle rule expired it, it was archived, or it is in another region. Not an access error.`;
  },

  fix({ facts }) {
    const name = facts.repositoryName ?? PLACEHOLDER.repositoryName;
    const tag = facts.tag !== undefined ? ` --image-ids imageTag=${facts.tag}` : '';
    return {
      steps: [
        `See what the repository holds: \`aws ecr describe-images --repository-name ${name} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region}${tag}\`.`,
        'Deploy a tag the pipeline pushed (the commit SHA rather than \'latest\'), and push before deploying.',
        'An archived image must be restored before it can be pulled (`aws ecr update-image-storage-class --target-storage-class STANDARD`).',
        'Keep images a running service or function may still pull: PushableRepository\'s lifecycle rules keep recent tagged images; Lambda fails with "deleted image" once its image is gone.',
      ],
    };
  },
};
