import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Acknowledgment } from './template-set';

// Acknowledgments recorded by `Validations.of(scope).acknowledge({ id, reason })` (or
// `EcrAccessChecks.acknowledge`) apply to the construct and everything under it. aws-cdk-lib stores
// ids with an `annotation::` prefix (`Annotation::` in later versions).

/** Adds the acknowledgments recorded on one construct. */
export function collectAcknowledgments(construct: IConstruct, into: Acknowledgment[]): void {
  for (const entry of construct.node.metadata) {
    if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data || typeof entry.data !== 'object') continue;
    for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
      into.push({ path: construct.node.path, id, reason: typeof reason === 'string' ? reason : '' });
    }
  }
}

/** Every acknowledgment in a construct tree, the root included. */
export function acknowledgmentsInTree(root: IConstruct): Acknowledgment[] {
  const out: Acknowledgment[] = [];
  for (const construct of root.node.findAll()) collectAcknowledgments(construct, out);
  return out;
}
