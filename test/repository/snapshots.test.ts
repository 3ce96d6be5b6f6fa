import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { crossAccountPull, kmsEncrypted, lambdaPull, organizationPull, sameAccountPush } from '../helpers/scenarios';

// Whole-template snapshots guard logical ids: a changed id on a repository makes CloudFormation
// replace it (and a retained repository is orphaned with its images). `npm test` never rewrites
// these; after an intended change, run `npx projen test:update` and explain the diff in review.

function templates(app: App): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    out[stack.stackName] = Template.fromStack(stack).toJSON();
  }
  return out;
}

test.each([
  ['same-account push', sameAccountPush],
  ['cross-account pull', crossAccountPull],
  ['organization pull', organizationPull],
  ['Lambda pull', lambdaPull],
  ['KMS-encrypted repository', kmsEncrypted],
])('%s', (_name, scenario) => {
  expect(templates(scenario().app)).toMatchSnapshot();
});
