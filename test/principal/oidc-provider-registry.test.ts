import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { gitHubClaims, GITHUB_PROVIDER_ARN } from './ci-scenarios';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CI_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

describe('one IAM OIDC provider per issuer per account', () => {
  // a second one fails the deployment ("Provider with url https://token.actions.githubusercontent.com already exists")
  const github = (repository: string, extra: Partial<Parameters<typeof CiProvider.gitHubActions>[0]> = {}) =>
    CiProvider.gitHubActions({ owner: 'acme', repository, branches: ['main'], ...extra });

  function providers(stack: Stack): Record<string, any> {
    return Template.fromStack(stack).findResources('AWS::IAM::OIDCProvider');
  }

  test('principals of one stack share one provider, which lists every audience they use', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new EcrCiPrincipal(stack, 'Api', { provider: github('api') });
    new EcrCiPrincipal(stack, 'Web', { provider: github('web', { audience: 'ecr-web' }) });
    const found = Object.values(providers(stack));
    expect(found).toHaveLength(1);
    expect(found[0].Properties.ClientIdList).toEqual(['sts.amazonaws.com', 'ecr-web']);
  });

  test('a second stack of the same account (another region too) refers to the first one\'s provider and deploys after it', () => {
    const app = new App();
    const first = new Stack(app, 'CiEast', { env: { account: REGISTRY_ACCOUNT, region: 'us-east-1' } });
    const second = new Stack(app, 'CiWest', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } });
    new EcrCiPrincipal(first, 'Api', { provider: github('api') });
    const web = new EcrCiPrincipal(second, 'Web', { provider: github('web', { audience: 'ecr-web' }) });

    expect(Object.keys(providers(first))).toHaveLength(1);
    expect(Object.keys(providers(second))).toHaveLength(0);
    expect(second.dependencies).toContain(first);
    expect(Object.values(providers(first))[0].Properties.ClientIdList).toEqual(['sts.amazonaws.com', 'ecr-web']);
    Template.fromStack(second).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Principal: { Federated: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${REGISTRY_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`]] } },
        }],
      },
    });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    expect(oracle.trust(web.role, GITHUB_PROVIDER_ARN, 'sts:AssumeRoleWithWebIdentity', gitHubClaims('repo:acme/web:ref:refs/heads/main', 'ecr-web'))).toBe('Allowed');
  });

  test('stacks of different accounts each create their own', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const b = new Stack(app, 'B', { env: { account: CI_ACCOUNT, region: REGION } });
    new EcrCiPrincipal(a, 'Ci', { provider: github('api') });
    new EcrCiPrincipal(b, 'Ci', { provider: github('api') });
    expect(Object.keys(providers(a))).toHaveLength(1);
    expect(Object.keys(providers(b))).toHaveLength(1);
    expect(b.dependencies).not.toContain(a);
  });

  test('two stacks whose accounts are known only at deploy time: a clear error, not a failed deployment', () => {
    const app = new App();
    new EcrCiPrincipal(new Stack(app, 'A'), 'Ci', { provider: github('api') });
    expect(() => new EcrCiPrincipal(new Stack(app, 'B'), 'Ci', { provider: github('web') }))
      .toThrow(/needs an IAM OIDC provider for https:\/\/token.actions.githubusercontent.com, and 'A\/OidcProvider-token.actions.githubusercontent.com' already creates one[^]*Fix: set env.account on both stacks/);
  });

  test('a dependency cycle between the stacks: a clear error at synth naming both stacks, why, and the way out', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const b = new Stack(app, 'B', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new EcrCiPrincipal(a, 'Ci', { provider: github('api') });
    a.addDependency(b);
    new EcrCiPrincipal(b, 'Ci', { provider: github('web') });
    expect(() => app.synth()).toThrow(new RegExp("\\[B/Ci\\] EcrCiPrincipal at 'B/Ci' trusts the IAM OIDC provider for https://token.actions.githubusercontent.com " +
      "that 'A/OidcProvider-token.actions.githubusercontent.com' creates in stack 'A' [^]*so stack 'B' must deploy after 'A', " +
      "but stack 'A' already deploys after 'B' \\('A' after 'B'[^]*Fix: create the provider once \\(new iam.OidcProviderNative\\(...\\)\\) " +
      "in a stack that both 'B' and 'A' deploy after, and pass it to both CI providers as oidcProvider; or put both principals in one stack."));
  });

  test('the first principal\'s stack later uses a repository of the second\'s (sweep seed 183): the same error, not aws-cdk-lib\'s cyclic reference', () => {
    // GIVEN: the provider is created in Shared; Registry's principal trusts it, so Registry must deploy after Shared
    const app = new App();
    const registry = registryStack(app);
    const shared = new Stack(app, 'Shared', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const repository = new PushableRepository(registry, 'R1');
    const first = new EcrCiPrincipal(shared, 'Ci1', { provider: github('platform') });
    new EcrCiPrincipal(registry, 'Ci2', { provider: github('platform') });

    // WHEN: Shared's principal pushes to Registry's repository, so Shared refers to Registry
    first.allowPush(repository);

    // THEN
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/\[Registry\/Ci2\] EcrCiPrincipal at 'Registry\/Ci2' trusts the IAM OIDC provider for https:\/\/token.actions.githubusercontent.com[^]*but stack 'Shared' already deploys after 'Registry'[^]*Fix: create the provider once/);
    expect(error?.message).not.toMatch(/cyclic reference/);
  });

  test('the dependency is added at synth, after the references: a stack that uses the first one\'s values is no cycle', () => {
    // GIVEN: Registry creates the provider; Shared's principal trusts it and pushes to Registry's repository
    const app = new App();
    const registry = registryStack(app);
    const shared = new Stack(app, 'Shared', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const repository = new PushableRepository(registry, 'R1');
    new EcrCiPrincipal(registry, 'Ci1', { provider: github('platform') });
    const second = new EcrCiPrincipal(shared, 'Ci2', { provider: github('platform') });
    second.allowPush(repository);

    // WHEN
    const assembly = app.synth();

    // THEN
    expect(shared.dependencies).toEqual([registry]);
    expect(assembly.getStackByName('Shared').dependencies.map((d) => d.id)).toContain('Registry');
  });

  test('a given provider is used as is, and none is created', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const existing = iam.OidcProviderNative.fromOidcProviderArn(stack, 'GitHub', GITHUB_PROVIDER_ARN);
    new EcrCiPrincipal(stack, 'Ci', { provider: github('api', { oidcProvider: existing }) });
    expect(Object.keys(providers(stack))).toHaveLength(0);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Federated: GITHUB_PROVIDER_ARN } }] },
    });
  });

  test('a provider created by hand for the same URL in the same account fails synth, naming both', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new iam.OidcProviderNative(stack, 'HandMade', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
    new EcrCiPrincipal(stack, 'Ci', { provider: github('api') });
    expect(() => app.synth()).toThrow(/'Ci\/HandMade\/Resource' also creates an IAM OIDC provider for https:\/\/token.actions.githubusercontent.com in this account[^]*Fix: pass that provider to the CI provider as oidcProvider/);
  });

  test('a hand-made provider in another account is no clash', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: CI_ACCOUNT, region: REGION } });
    new iam.OidcProviderNative(other, 'HandMade', { url: 'https://token.actions.githubusercontent.com' });
    new EcrCiPrincipal(new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Ci', { provider: github('api') });
    expect(() => app.synth()).not.toThrow();
  });
});
