import { Annotations, App } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// aws-cdk-lib drops a warning whose id was acknowledged on a scope strictly above the construct it
// is added to, but not one acknowledged on that construct itself or on the app: its search for
// acknowledgements skips the construct's own path and the root's (aws-cdk-lib
// core/lib/annotations.ts, `Acknowledgements.searchPaths`). An acknowledgement made after the
// warning removes it, so only the order decides, and this library adds many warnings at synth,
// after all of the app's code has run. Every warning here goes through `warn`, which also honours
// those two places, so that "acknowledge on the construct or any scope above it" holds whatever
// the order.

/** The record aws-cdk-lib keeps of an app's acknowledgements (a global symbol, shared by copies of aws-cdk-lib). */
const ACKNOWLEDGEMENTS = Symbol.for('@aws-cdk/core.Acknowledgements');

/** Adds the warning to `scope` unless its id is acknowledged on `scope` or a scope above it. */
export function warn(scope: IConstruct, id: string, message: string): void {
  if (acknowledgedOnItselfOrApp(scope, id)) return;
  Annotations.of(scope).addWarningV2(id, message);
}

function acknowledgedOnItselfOrApp(scope: IConstruct, id: string): boolean {
  const record = (App.of(scope) as unknown as Record<symbol, { acks?: unknown } | undefined> | undefined)?.[ACKNOWLEDGEMENTS]?.acks;
  // a later aws-cdk-lib that keeps them otherwise falls back to its own rule (scopes above only)
  if (!(record instanceof Map)) return false;
  return [scope.node.path, ''].some((path) => (record.get(path) as Set<string> | undefined)?.has(id) === true);
}
