import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';
import { FactDetail } from '../parse';

// Text with no ECR access error in it; a repository that does not exist is named as such, since it
// is the error people most often take for an access problem.

export const unrecognized: KindAdvice = {
  kind: DiagnosisKind.UNRECOGNIZED,
  title: 'Not recognized as an ECR access error',

  explanation({ facts }) {
    if (facts.detail === FactDetail.REPOSITORY_NOT_FOUND) {
      const name = facts.repositoryName ?? 'the repository';
      return `Not an access error: ${facts.repositoryName ? `repository '${name}'` : 'the repository'} does not exist in ${facts.resourceAccount ? `registry ${facts.resourceAccount}` : 'that registry'} ` +
        `(or the region is wrong). Create it, e.g. \`new PushableRepository(this, 'Repository', { repositoryName: '${facts.repositoryName ?? PLACEHOLDER.repositoryName}' })\`, or fix the image name.`;
    }
    return 'No ECR access error found in the text. Paste the whole error: the line with \'is not authorized to perform\', or the registry URL with its HTTP status.';
  },

  fix() {
    return undefined;
  },
};
