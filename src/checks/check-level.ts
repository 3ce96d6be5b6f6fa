/**
 * How a finding of {@link EcrAccessChecks} is reported.
 */
export enum EcrCheckLevel {
  /** An error annotation (or a failing validation report): `cdk synth` fails. */
  ERROR = 'error',
  /** A warning annotation: shown by `cdk synth`, fails only with `--strict`. */
  WARNING = 'warning',
  /** An informational annotation. */
  INFO = 'info',
}
