import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DR_ACCOUNT, DR_REGION, PARTNER_ACCOUNT, registryArn, synthesizedPlatform } from './registry-scenarios';
import { EcrRegistry } from '../../src';
import { REGION, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Replication rules and the destination side of cross-account replication (src/registry/replication.ts).
// Access itself is decided by the evaluator in oracle.test.ts.

const { scenario, template, drTemplate, messages } = synthesizedPlatform();
const arn = registryArn;

describe('replication', () => {
  test('one configuration with every rule, in the order added; the destination account defaults to this one', () => {
    template.resourceCountIs('AWS::ECR::ReplicationConfiguration', 1);
    template.hasResourceProperties('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: {
        Rules: [
          {
            Destinations: [{ Region: 'us-west-2', RegistryId: REGISTRY_ACCOUNT }, { Region: DR_REGION, RegistryId: DR_ACCOUNT }],
            RepositoryFilters: [{ Filter: 'prod/', FilterType: 'PREFIX_MATCH' }],
          },
          { Destinations: [{ Region: 'ap-south-1', RegistryId: PARTNER_ACCOUNT }], RepositoryFilters: [{ Filter: 'shared/', FilterType: 'PREFIX_MATCH' }] },
        ],
      },
    });
  });

  test('the destination registry in the app allows exactly the source account to replicate (and create) what the rule replicates', () => {
    drTemplate.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: {
        Statement: [{
          Sid: `AllowReplicationFromAccount${REGISTRY_ACCOUNT}prod`,
          Effect: 'Allow',
          Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${REGISTRY_ACCOUNT}:root`]] } },
          Resource: arn('prod/*', DR_ACCOUNT, DR_REGION),
        }],
      },
    });
  });

  test('same-account cross-region replication writes no registry policy statement', () => {
    const policy = scenario.stack.resolve(scenario.registry.registryPolicy.toJSON());
    expect(JSON.stringify(policy)).not.toContain('ecr:ReplicateImage');
  });

  test('a destination outside the app: a warning with the exact statement its registry policy needs', () => {
    const warnings = messages(scenario.stack, 'warning', '/Platform/Registry').filter((m) => m.includes('replicationRegistryPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = warnings[0];
    expect(message).toContain(`Replication to account ${PARTNER_ACCOUNT} in ap-south-1`);
    expect(JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1))).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: `AllowReplicationFromAccount${REGISTRY_ACCOUNT}shared`,
        Effect: 'Allow',
        Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
        Principal: { AWS: `arn:aws:iam::${REGISTRY_ACCOUNT}:root` },
        Resource: arn('shared/*', PARTNER_ACCOUNT, 'ap-south-1'),
      }],
    });
  });

  test('the destination registry may be defined after the source; the link is made at synth', () => {
    const app = new App();
    const source = new EcrRegistry(new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Registry', {
      replicationRules: [{ destinations: [{ region: DR_REGION, account: DR_ACCOUNT }] }],
    });
    const dr = new Stack(app, 'D', { env: { account: DR_ACCOUNT, region: DR_REGION } });
    new EcrRegistry(dr, 'Registry');
    Template.fromStack(dr).hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: { Statement: [Match.objectLike({ Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: arn('*', DR_ACCOUNT, DR_REGION) })] },
    });
    Annotations.fromStack(Stack.of(source)).hasNoWarning('*', Match.anyValue());
  });
});
