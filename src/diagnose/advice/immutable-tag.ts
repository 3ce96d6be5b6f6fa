import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';

// ECR refused to move a tag of a repository with immutable tags (the default of PushableRepository).
// Two wordings: "…because the repository is immutable" (older) and "…because the tag is immutable".
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html

export const immutableTag: KindAdvice = {
  kind: DiagnosisKind.IMMUTABLE_TAG,
  title: 'The tag exists and tags are immutable',

  explanation({ facts }) {
    const tag = facts.tag !== undefined ? `Tag '${facts.tag}'` : 'The tag';
    const repository = facts.repositoryName !== undefined ? `repository '${facts.repositoryName}'` : 'the repository';
    return `${tag} already exists in ${repository}, whose tags are immutable: ECR refuses the manifest PUT (ecr:PutImage) that would move it, ` +
      'even for the same image. Not a permission problem.';
  },

  fix({ facts }) {
    const tag = facts.tag ?? PLACEHOLDER.tag;
    return {
      cdk: `new PushableRepository(this, 'Repository', { repositoryName: '${facts.repositoryName ?? PLACEHOLDER.repositoryName}', mutableTags: ['${tag}'] }); // only if this tag must move`,
      steps: [
        'Push a tag that is new for every build: the commit SHA or the build number.',
        `If '${tag}' must move (a channel such as 'latest' or 'stable'), list it in \`mutableTags\`: the other tags stay immutable.`,
        `For re-runs of the same build, check first and skip the push when the tag exists: \`aws ecr describe-images --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --image-ids imageTag=${facts.tag ?? PLACEHOLDER.tag}\`.`,
      ],
    };
  },
};
