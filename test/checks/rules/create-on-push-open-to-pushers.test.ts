import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, CreationTemplateScenario, EcrActions, EcrCiPrincipal, EcrRegistry } from '../../../src';
import { WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// With CREATE_ON_PUSH, a push to a name that does not exist creates the repository: whoever may push
// to every name under the template's namespace may create repositories there. Pushes to repositories
// that exist, and pipelines granted create on push, are fine.

const RULE = 'create-on-push-open-to-pushers';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

/** A CREATE_ON_PUSH creation template for the namespace. */
const teamA = (registry: EcrRegistry, prefix = 'team-a') => registry.addCreationTemplate('TeamA', { prefix, appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
/** A CI principal with no grants yet. */
const ci = (stack: Stack, id: string) => new EcrCiPrincipal(stack, id, { provider: CiProvider.gitHubActions({ owner: 'acme', repository: id.toLowerCase(), branches: ['main'] }) });

test('compliant 1: the builder is granted create on push; another pipeline pushes to an existing repository of the namespace', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  teamA(new EcrRegistry(stack, 'Registry'));
  ci(stack, 'Builder').allowCreateOnPush('team-a');
  ci(stack, 'Pusher').allowPush(repository);
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('compliant 2: pushes to team-a/* with a template for replication only, or a CREATE_ON_PUSH template for another namespace', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  const registry = new EcrRegistry(stack, 'Registry');
  registry.addCreationTemplate('Replicas', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.REPLICATION] });
  teamA(registry, 'team-b');
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-a/*' })] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1: a role that may push to every name under the namespace, without ecr:CreateRepository there', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  teamA(new EcrRegistry(stack, 'Registry'));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-a/*' })] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain("Role 'Registry/Ci' may push to new repository names under 'team-a/'");
  expect(finding.text).toContain("the creation template 'Registry/Registry/TeamA' (CREATE_ON_PUSH) creates a repository on such a push");
  expect(finding.text).toContain("EcrCiPrincipal.allowCreateOnPush('team-a')");
});

test('non-compliant 2: a registry policy that lets another account push to the namespace', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const registry = new EcrRegistry(stack, 'Registry');
  teamA(registry);
  registry.allowAccountPush(WORKLOAD_ACCOUNT, { namespace: 'team-a' });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Registry/Policy']);
  expect(findings[0].text).toContain(`Statement 0 (Sid "AllowPushFromAccount${WORKLOAD_ACCOUNT}teama") of the registry policy of 'Registry/Registry/Policy' ` +
    `lets 'arn:aws:iam::${WORKLOAD_ACCOUNT}:root' push to new repository names under 'team-a/'`);
});

test('non-compliant 3: a ROOT template, and a role that may push to every name of another namespace', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  teamA(new EcrRegistry(stack, 'Registry'), 'ROOT');
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'team-b/*' })] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.text)).toEqual([expect.stringContaining("Role 'Registry/Ci' may push to any new repository name")]);
});
