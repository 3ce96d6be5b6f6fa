import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DR_ACCOUNT, PARTNER_ACCOUNT, registryArn, synthesizedPlatform } from './registry-scenarios';
import { EcrRegistry } from '../../src';
import { REGION, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// The registry policy resource: one per registry, each statement once, and the note on scope V2
// (src/registry/registry-policy.ts).

const { scenario, template, messages } = synthesizedPlatform();
const arn = registryArn;

describe('the registry policy', () => {
  test('one registry policy resource for every grant; an info note on scope V2 for pull and push grants', () => {
    template.resourceCountIs('AWS::ECR::RegistryPolicy', 1);
    expect(scenario.stack.resolve(scenario.registry.registryPolicy.toJSON()).Statement).toHaveLength(3);
    expect(messages(scenario.stack, 'info', '/Platform/Registry')).toEqual([expect.stringContaining('REGISTRY_POLICY_SCOPE --value V2')]);
  });

  test.each<[string, (registry: EcrRegistry) => iam.AddToResourcePolicyResult]>([
    ['allowReplicationFrom', (registry) => registry.allowReplicationFrom(DR_ACCOUNT, { repositoryPrefixes: ['prod/'] })],
    ['addToRegistryPolicy', (registry) => registry.addToRegistryPolicy(new iam.PolicyStatement({
      sid: 'Partner', actions: ['ecr:BatchGetImage'], principals: [new iam.AccountPrincipal(PARTNER_ACCOUNT)], resources: [arn('shared/*')],
    }))],
  ])('%s returns the AddToResourcePolicyResult: added, the registry policy resource depends on it; the same statement again is written once', (_name, add) => {
    // GIVEN
    const stack = new Stack(new App(), 'Registry', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    const first = add(registry);
    const second = add(registry);
    // THEN
    const resource = registry.node.findChild('Policy');
    expect(first).toEqual({ statementAdded: true, policyDependable: resource });
    expect(second).toEqual({ statementAdded: true, policyDependable: resource });
    expect(stack.resolve(registry.registryPolicy.toJSON()).Statement).toHaveLength(1);
  });

  test('replication alone needs no V2 note', () => {
    expect(messages(scenario.drStack, 'info')).toEqual([]);
  });
});
