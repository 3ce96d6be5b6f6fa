import { AspectPriority, Aspects, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Runs `work` once, when synthesis prepares the app: after the user's code has built the whole tree,
 * so it can connect constructs that may be defined in any order (a replication source and its
 * destination registry) and report what is still missing. It runs before read-only aspects (checks).
 */
export function beforeSynth(scope: IConstruct, work: () => void): void {
  let done = false;
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (done || node !== scope) return;
      done = true;
      work();
    },
  };
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
}
