import { qualifiedRuleId } from './finding';
import { Acknowledgment } from '../analysis/template-set';

// A finding is suppressed by an acknowledgment of its rule on its construct or any construct above
// it (the template reading collects them, with their paths), and only when the acknowledgment gives
// a reason. aws-cdk-lib stores ids with an `annotation::` prefix (`Annotation::` in later versions).

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
