import { Annotations, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// `Validations.of(scope).acknowledge()` keeps a full stack trace with every acknowledgment. The
// library's own acknowledgments are made in its code, where a trace tells the user nothing, and
// there are many: one per login policy, namespace pattern and organization grant. In the bench's
// 200-stack app their traces were 466,620 of the stacks' 1,003,668 bytes of metadata (more where
// the app is built deeper in the call stack), which every synth resolves and writes and every
// validation plugin run hashes. They are recorded here as `acknowledge()` records them, under
// aws-cdk-lib's own metadata key and prefix, without the trace.

/**
 * What `Validations.of(scope).acknowledge({ id, reason })` records, without the stack trace: the
 * acknowledgment validation plugins read, and any warning of that id on `scope` acknowledged.
 */
export function acknowledgeWithoutTrace(scope: IConstruct, id: string, reason: string): void {
  // acknowledge() qualifies an id without a prefix ('prefix::rule') with 'annotation', a private
  // constant of aws-cdk-lib's (test/private/acknowledge.test.ts compares the two). It refuses an id
  // with more '::' than that; cdk-nag's findings that name an ARN have more
  // (`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/…]`): they are recorded as written
  const qualified = id.includes('::') ? id : `annotation::${id}`;
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [qualified]: reason });
  Annotations.of(scope).acknowledgeWarning(qualified);
}
