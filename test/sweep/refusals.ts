import { InputError } from '../../src/private/input-problems';

// Valid input the library refuses on purpose, with a clear error, because no deployment could work:
// an app of the sweep that ends so is "refused", not a crash. Only the refusals listed here count,
// and only when the error is the library's own (an InputError thrown while the app is built, or a
// validation message of the library that fails synth); any other throw, including another error of
// the library, is a crash: the generator makes valid input, and a refusal nobody listed is a bug.

export interface Refusal {
  /** Why no deployment could work: the signature the sweep groups refused apps by. */
  readonly name: string;
  /** The library's message for it. */
  readonly message: RegExp;
}

export const REFUSALS: readonly Refusal[] = [
  {
    // the provider's stack deploys first (IAM refuses a trust naming a provider that does not exist
    // yet), while it uses a value of the other stack, which must then deploy first as well
    name: 'an OIDC provider created in a stack that deploys after a stack whose principal trusts it',
    message: /EcrCiPrincipal at '[^']+' trusts the IAM OIDC provider for \S+ that '[^']+' creates in stack '[^']+'[^]*but stack '[^']+' already deploys after '[^']+'[^]*Fix: create the provider once/,
  },
];

/** aws-cdk-lib's wrapper around the messages of failed validations, one `[path] message` a line. */
const VALIDATION_FAILED = 'Validation failed with the following errors:';

/** The refusal an error is, or undefined when it is anything else (a crash). */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!(error instanceof Error)) return undefined;
  const messages = error instanceof InputError ? [error.message] : validationMessages(error.message);
  if (messages.length === 0) return undefined;
  const refusals = messages.map((m) => REFUSALS.find((r) => r.message.test(m)));
  // every message must be a listed refusal: one unlisted failure beside it is still a crash
  return refusals.every((r) => r !== undefined) ? refusals[0] : undefined;
}

function validationMessages(text: string): string[] {
  if (!text.startsWith(VALIDATION_FAILED)) return [];
  return text.slice(VALIDATION_FAILED.length).split(/\n\s*(?=\[[^\]]+\] )/).map((m) => m.trim()).filter((m) => m.length > 0);
}
