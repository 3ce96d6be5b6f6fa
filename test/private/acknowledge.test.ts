import { Annotations, App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import { Construct, MetadataEntry } from 'constructs';
import { acknowledgeWithoutTrace } from '../../src/private/acknowledge';

// The library's acknowledgments must read exactly as aws-cdk-lib's `acknowledge()` writes them
// (validation plugins and the checks read them), only without the stack trace: compared with
// aws-cdk-lib's own, so that a change in how aws-cdk-lib records them fails here.

function acknowledgments(construct: Construct): MetadataEntry[] {
  return construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
}

test.each([
  ['an id with a prefix', 'AwsSolutions-IAM5[Resource::*]'],
  ['an id without one', 'AwsSolutions-ECR1'],
  ['a rule of the checks', 'cdk-ecr-access:incomplete-push'],
])('%s is recorded as acknowledge() records it, without the trace', (_, id) => {
  // GIVEN
  const stack = new Stack(new App(), 'Stack');
  const ours = new Construct(stack, 'Ours');
  const theirs = new Construct(stack, 'Theirs');
  // WHEN
  acknowledgeWithoutTrace(ours, id, 'the reason');
  Validations.of(theirs).acknowledge({ id, reason: 'the reason' });
  // THEN
  const [recorded] = acknowledgments(ours);
  const [expected] = acknowledgments(theirs);
  expect(acknowledgments(ours)).toHaveLength(1);
  expect(recorded.data).toEqual(expected.data);
  expect(expected.trace?.length).toBeGreaterThan(0);
  expect(recorded.trace).toBeUndefined();
});

test.each([
  ['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::*]'],
  ['cdk-ecr-access:incomplete-push', 'annotation::cdk-ecr-access:incomplete-push'],
])('the warning %s on the construct is acknowledged as acknowledge() does it', (id, warningId) => {
  // GIVEN a warning of that id, and one of another id, on two constructs
  const stack = new Stack(new App(), 'Stack');
  const [ours, theirs] = ['Ours', 'Theirs'].map((name) => {
    const scope = new Construct(stack, name);
    Annotations.of(scope).addWarningV2(warningId, 'the acknowledged warning');
    Annotations.of(scope).addWarningV2('cdk-ecr-access:policy-size', 'another warning');
    return scope;
  });
  // WHEN
  acknowledgeWithoutTrace(ours, id, 'the reason');
  Validations.of(theirs).acknowledge({ id, reason: 'the reason' });
  // THEN
  const warnings = AssertAnnotations.fromStack(stack);
  for (const path of ['/Stack/Ours', '/Stack/Theirs']) {
    warnings.hasNoWarning(path, Match.stringLikeRegexp('the acknowledged warning'));
    warnings.hasWarning(path, Match.stringLikeRegexp('another warning'));
  }
});
