import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';

// PutImage of a digest and tag the repository already has: the state the caller wanted is there.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html

export const imageAlreadyExists: KindAdvice = {
  kind: DiagnosisKind.IMAGE_ALREADY_EXISTS,
  title: 'The image is already there',

  explanation({ facts }) {
    const tag = facts.tag !== undefined ? ` with tag '${facts.tag}'` : '';
    const repository = facts.repositoryName !== undefined ? `repository '${facts.repositoryName}'` : 'the repository';
    return `PutImage sent an image${tag} that ${repository} already holds under that tag (same digest): nothing changed, and usually nothing is wrong. Not an access error.`;
  },

  fix() {
    return {
      steps: [
        'Treat ImageAlreadyExistsException from PutImage as success in retag scripts, or check first with `aws ecr describe-images`.',
        'If a new tag was meant, check that the tag argument reached the call (imageTag).',
      ],
    };
  },
};
