import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrRegistry } from '../../src';
import { stackTemplates } from '../helpers/assembly';
import { logicalIdOf, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// A scanner or audit role that pulls every image keeps every image "recently pulled", so rules
// counting sinceImagePulled never archive any: ECR's pull-time update exclusions name such roles
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-time-update-exclusions.html).

function excludedApp() {
  const app = new App();
  const stack = registryStack(app);
  const scanner = new iam.Role(stack, 'Scanner', { assumedBy: new iam.AccountRootPrincipal() });
  const audit = iam.Role.fromRoleArn(stack, 'Audit', `arn:aws:iam::${REGISTRY_ACCOUNT}:role/security/audit`);
  const registry = new EcrRegistry(stack, 'Registry', { pullTimeUpdateExclusions: [scanner] });
  registry.addPullTimeUpdateExclusion(audit);
  return { app, stack, registry, scanner, audit };
}

test('snapshot: one exclusion per role, named after the role', () => {
  expect(stackTemplates(excludedApp().app)).toMatchSnapshot();
});

test('exactly one AWS::ECR::PullTimeUpdateExclusion per role, with the role ARN', () => {
  const { stack, scanner } = excludedApp();
  const exclusions = Object.values(Template.fromStack(stack).findResources('AWS::ECR::PullTimeUpdateExclusion')).map((r) => r.Properties);
  expect(exclusions).toEqual([
    { PrincipalArn: { 'Fn::GetAtt': [logicalIdOf(scanner), 'Arn'] } },
    { PrincipalArn: `arn:aws:iam::${REGISTRY_ACCOUNT}:role/security/audit` },
  ]);
});

test('an exclusion keeps its logical id when another is added before it', () => {
  const ids = (withOther: boolean) => {
    const stack = registryStack(new App());
    const registry = new EcrRegistry(stack, 'Registry');
    if (withOther) registry.addPullTimeUpdateExclusion(iam.Role.fromRoleArn(stack, 'Other', `arn:aws:iam::${REGISTRY_ACCOUNT}:role/other`));
    registry.addPullTimeUpdateExclusion(iam.Role.fromRoleArn(stack, 'Audit', `arn:aws:iam::${REGISTRY_ACCOUNT}:role/audit`));
    return Object.entries(Template.fromStack(stack).findResources('AWS::ECR::PullTimeUpdateExclusion'))
      .filter(([, r]) => String(r.Properties.PrincipalArn).endsWith('role/audit')).map(([id]) => id);
  };
  expect(ids(true)).toEqual(ids(false));
});

describe('bad exclusions are synth-time errors naming the property, the value and the fix', () => {
  test('an assumed-role session is not a role', () => {
    const stack = registryStack(new App());
    const session = iam.Role.fromRoleArn(stack, 'Session', `arn:aws:sts::${REGISTRY_ACCOUNT}:assumed-role/scanner/i-0abc`);
    expect(() => new EcrRegistry(stack, 'Registry', { pullTimeUpdateExclusions: [session] }))
      .toThrow(/pullTimeUpdateExclusions\[0\]: got 'arn:aws:sts::111111111111:assumed-role\/scanner\/i-0abc': is not an IAM role ARN[^]*Fix: pass the role itself/);
  });

  test('a role excluded twice (ECR refuses the second: ExclusionAlreadyExistsException)', () => {
    const { registry, scanner } = excludedApp();
    expect(() => registry.addPullTimeUpdateExclusion(scanner))
      .toThrow(/^Invalid EcrRegistry.addPullTimeUpdateExclusion\(\) at 'Registry\/Registry' \(1 problem\):\n {2}- role: got 'Registry\/Scanner': is already excluded in this registry/);
  });

  test('more than 100 roles', () => {
    const stack = registryStack(new App());
    const roles = Array.from({ length: 101 }, (_, i) => iam.Role.fromRoleArn(stack, `R${i}`, `arn:aws:iam::${REGISTRY_ACCOUNT}:role/r${i}`));
    expect(() => new EcrRegistry(stack, 'Registry', { pullTimeUpdateExclusions: roles }))
      .toThrow(/pullTimeUpdateExclusions: got '101 roles': is more than ECR's 100 pull-time update exclusions per account/);
  });
});
