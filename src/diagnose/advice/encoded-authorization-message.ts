import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';

// `Encoded authorization failure message: …`: who was denied what is inside the encoded text, which
// only AWS STS can decode.

export const encodedAuthorizationMessage: KindAdvice = {
  kind: DiagnosisKind.ENCODED_AUTHORIZATION_MESSAGE,
  title: 'Encoded authorization failure message',

  explanation() {
    return 'AWS returned an encoded authorization failure message: who was denied what, and by which statements, is inside it.';
  },

  fix({ facts }) {
    const message = facts.encodedMessage ?? '<encoded-message>';
    return {
      steps: [
        `Decode it: \`aws sts decode-authorization-message --encoded-message ${message} --query DecodedMessage --output text\` (needs \`sts:DecodeAuthorizationMessage\`).`,
        'Diagnose the decoded JSON: `cdk-ecr-access diagnose -` reads it from standard input.',
      ],
    };
  },
};
