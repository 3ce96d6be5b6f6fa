import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { qualifiedRuleId } from './finding';
import { Acknowledgment } from './template-set';

// Acknowledgments recorded by `Validations.of(scope).acknowledge({ id, reason })` (or
// `EcrAccessChecks.acknowledge`) apply to the construct and everything under it. aws-cdk-lib stores
// ids with an `annotation::` prefix (`Annotation::` in later versions).

export interface Suppression {
  readonly suppressed: boolean;
  /** Acknowledgments that matched but gave no reason: they do not count, and the finding says so. */
  readonly withoutReason: readonly string[];
}

export function suppressionFor(acknowledgments: readonly Acknowledgment[], ruleId: string, path: string): Suppression {
  const wanted = qualifiedRuleId(ruleId).toLowerCase();
  const withoutReason: string[] = [];
  for (const ack of acknowledgments) {
    if (ack.id.replace(/^annotation::/i, '').toLowerCase() !== wanted) continue;
    if (ack.path !== '' && path !== ack.path && !path.startsWith(ack.path + '/')) continue;
    if (ack.reason.trim().length > 0) return { suppressed: true, withoutReason: [] };
    withoutReason.push(ack.path === '' ? '(the app)' : ack.path);
  }
  return { suppressed: false, withoutReason };
}

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
