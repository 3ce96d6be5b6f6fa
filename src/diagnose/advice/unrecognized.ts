import { KindAdvice } from './kind-advice';
import { describeRepository } from '../describe';
import { DiagnosisKind } from '../diagnosis';
import { FactDetail } from '../parse';

// Text with no ECR access error in it; a repository that cannot be deleted because it holds images
// is named as such (an ECR error with no kind of its own).

export const unrecognized: KindAdvice = {
  kind: DiagnosisKind.UNRECOGNIZED,
  title: 'Not recognized as an ECR access error',

  explanation({ facts }) {
    if (facts.detail === FactDetail.REPOSITORY_NOT_EMPTY) {
      return `Not an access error: ${describeRepository(facts.repositoryName, facts.resourceAccount, undefined)} still holds images, and ECR deletes only empty repositories ` +
        '(or all images with `--force`). Delete its images first; a repository of this library is retained on stack deletion by default, so stacks do not hit this.';
    }
    return 'No ECR access error found in the text. Paste the whole error: the line with \'is not authorized to perform\', or the registry URL with its HTTP status.';
  },

  fix() {
    return undefined;
  },
};
