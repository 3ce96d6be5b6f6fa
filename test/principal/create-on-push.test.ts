import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CiProvider, CreationTemplateScenario, EcrCiPrincipal, EcrRegistry } from '../../src';
import { logicalIdOf, REGION, REGISTRY_ACCOUNT } from '../helpers/scenarios';
import { newRegistryStack, registryArn, synthesizedPlatform } from '../registry/registry-scenarios';

// allowCreateOnPush and the CREATE_ON_PUSH template it needs, looked for at synth
// (src/principal/create-on-push.ts). Access itself is decided by the evaluator in test/registry/oracle.test.ts.

const { scenario, template, messages } = synthesizedPlatform();
const arn = registryArn;

describe('EcrCiPrincipal.allowCreateOnPush', () => {
  test('the push set and ecr:CreateRepository on the namespace, nothing else; login on * in its own policy', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(scenario.builder.role) }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          // sorted: the CI role's statements are packed (one statement per action set, actions sorted)
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:CreateRepository', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
          Resource: arn('team-a/*'),
        }],
      },
    });
  });

  test('no warning when the app\'s registry has a CREATE_ON_PUSH template for the namespace', () => {
    expect(messages(scenario.stack, 'warning', '/Platform/TeamABuilder')).toEqual([]);
  });

  test.each([
    ['no registry in the app', false, /no EcrRegistry of this app has a repository creation template with CREATE_ON_PUSH for 'team-b'/],
    ['a registry without a template for it', true, /the EcrRegistry 'S\/Registry' has no repository creation template with CREATE_ON_PUSH for 'team-b'/],
  ])('a warning when %s', (_name, withRegistry, message) => {
    const stack = new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    if (withRegistry) {
      new EcrRegistry(stack, 'Registry').addCreationTemplate('Other', { prefix: 'team-b', appliedFor: [CreationTemplateScenario.REPLICATION] });
    }
    new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'x', branches: ['main'] }) }).allowCreateOnPush('team-b/');
    Annotations.fromStack(stack).hasWarning('/S/Ci', Match.stringLikeRegexp(message.source));
  });

  test('a push-only principal gets no ecr:CreateRepository', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalIdOf(scenario.pusher.role) }] } }))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements)).not.toContain('CreateRepository');
  });
});

describe('EcrCiPrincipal.allowCreateOnPush', () => {
  const ci = () => new EcrCiPrincipal(newRegistryStack(), 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'x', branches: ['main'] }) });
  test.each([
    ['ROOT', /prefix: got 'ROOT': would let the CI create any repository of the registry. Fix: pass the namespace it owns/],
    ['team-*', /prefix: got 'team-\*': holds a wildcard/],
    ['Team-A', /prefix: got 'Team-A': is not a repository namespace[^]*Fix: use a prefix such as 'team-a'/],
    [undefined, /prefix: is missing and must name the namespace/],
  ])('%s', (prefix, message) => {
    expect(() => ci().allowCreateOnPush(prefix as string)).toThrow(message);
  });
});
