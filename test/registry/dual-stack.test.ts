import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { CiProvider, EcrCiPrincipal, EcrRegistry, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { PUSH } from '../helpers/expected-actions';
import { AccessOracle } from '../helpers/oracle';
import { CI_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// The dual-stack (IPv4 and IPv6) registry host AWS documents, `<registry-id>.dkr-ecr.<region>.on.aws`
// (ecr-requests.html; GovCloud lists `.on.aws` too, the China Regions list none), wherever users read
// a registry or repository URI. The expected strings are written from AWS's documentation, not from
// the library's helper.

const github = CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] });

/** The value of each output, resolved as CloudFormation would in the output's stack. */
function deployedOutputs(app: App, stack: Stack): Record<string, string> {
  const synthesized = new SynthesizedApp(app);
  const info = synthesized.stackOf(stack);
  const outputs: Record<string, { Value: unknown }> = info.template.Outputs ?? {};
  return Object.fromEntries(Object.entries(outputs).map(([id, output]) => [id, synthesized.resolve(info, output.Value)]));
}

describe('PushableRepository', () => {
  test('each dual-stack member, as deployed, beside its IPv4 counterpart', () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    new CfnOutput(stack, 'Registry', { value: repository.registryUriDualStack });
    new CfnOutput(stack, 'Repository', { value: repository.repositoryUriDualStack });
    new CfnOutput(stack, 'Tag', { value: repository.repositoryUriForTagDualStack('v1.2') });
    new CfnOutput(stack, 'Digest', { value: repository.repositoryUriForDigestDualStack('sha256:abc') });
    new CfnOutput(stack, 'NoTag', { value: repository.repositoryUriForTagDualStack() });
    new CfnOutput(stack, 'Ipv4', { value: repository.repositoryUriForTag('v1.2') });
    // THEN
    expect(deployedOutputs(app, stack)).toEqual({
      Registry: '111111111111.dkr-ecr.us-east-1.on.aws',
      Repository: '111111111111.dkr-ecr.us-east-1.on.aws/team-a/api',
      Tag: '111111111111.dkr-ecr.us-east-1.on.aws/team-a/api:v1.2',
      Digest: '111111111111.dkr-ecr.us-east-1.on.aws/team-a/api@sha256:abc',
      NoTag: '111111111111.dkr-ecr.us-east-1.on.aws/team-a/api',
      Ipv4: '111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api:v1.2',
    });
  });

  test('the URI is made from the repository\'s ARN and name as aws-cdk-lib makes repositoryUri: only the host differs, and no URL suffix', () => {
    // GIVEN
    const stack = registryStack(new App());
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    const dualStack = stack.resolve(repository.repositoryUriForTagDualStack('v1'));
    const ipv4 = stack.resolve(repository.repositoryUriForTag('v1'));
    // THEN
    const [, ipv4Parts] = ipv4['Fn::Join'];
    expect(dualStack).toEqual({ 'Fn::Join': ['', [ipv4Parts[0], '.dkr-ecr.', ipv4Parts[2], '.on.aws/', ipv4Parts[6], ':v1']] });
    expect(ipv4Parts[1]).toBe('.dkr.ecr.');
    expect(ipv4Parts[4]).toEqual({ Ref: 'AWS::URLSuffix' });
    expect(JSON.stringify(dualStack)).not.toContain('URLSuffix');
  });

  test('in an environment-agnostic stack the account and region stay deploy-time values', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Anywhere');
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    const host = stack.resolve(repository.registryUriDualStack);
    // THEN
    expect(host['Fn::Join'][1]).toEqual([expect.objectContaining({ 'Fn::Select': [4, expect.anything()] }), '.dkr-ecr.', expect.objectContaining({ 'Fn::Select': [3, expect.anything()] }), '.on.aws']);
  });

  test('GovCloud uses the .on.aws host too', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Gov', { env: { account: REGISTRY_ACCOUNT, region: 'us-gov-west-1' } });
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    new CfnOutput(stack, 'Uri', { value: repository.repositoryUriForTagDualStack('v1') });
    // THEN
    expect(deployedOutputs(app, stack).Uri).toBe('111111111111.dkr-ecr.us-gov-west-1.on.aws/team-a/api:v1');
  });

  test.each([
    ['registryUriDualStack', (r: PushableRepository) => r.registryUriDualStack, 'registryUri'],
    ['repositoryUriDualStack', (r: PushableRepository) => r.repositoryUriDualStack, 'repositoryUri'],
    ['repositoryUriForTagDualStack()', (r: PushableRepository) => r.repositoryUriForTagDualStack('v1'), 'repositoryUriForTag()'],
    ['repositoryUriForDigestDualStack()', (r: PushableRepository) => r.repositoryUriForDigestDualStack('sha256:abc'), 'repositoryUriForDigest()'],
  ])('%s in a China Region is an error naming the region and the IPv4 member', (member, read, ipv4) => {
    // GIVEN
    const stack = new Stack(new App(), 'China', { env: { account: REGISTRY_ACCOUNT, region: 'cn-north-1' } });
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN / THEN
    expect(() => read(repository)).toThrow(`Invalid PushableRepository.${member} at 'China/Api' (1 problem):\n`
      + `  - region: got 'cn-north-1': is a China Region, where AWS documents no dual-stack (IPv6) ECR endpoint. Fix: use ${ipv4}, the IPv4 host`);
  });
});

describe('EcrRegistry', () => {
  test('registryUri and registryUriDualStack, as deployed', () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    new CfnOutput(stack, 'Ipv4', { value: registry.registryUri });
    new CfnOutput(stack, 'DualStack', { value: registry.registryUriDualStack });
    // THEN
    expect(deployedOutputs(app, stack)).toEqual({ Ipv4: '111111111111.dkr.ecr.us-east-1.amazonaws.com', DualStack: '111111111111.dkr-ecr.us-east-1.on.aws' });
    expect(stack.resolve(registry.registryUriDualStack)).toBe('111111111111.dkr-ecr.us-east-1.on.aws');
  });

  test('environment-agnostic: the stack\'s account and region, as references', () => {
    const stack = new Stack(new App(), 'Anywhere');
    const registry = new EcrRegistry(stack, 'Registry');
    expect(stack.resolve(registry.registryUriDualStack)).toEqual({ 'Fn::Join': ['', [{ Ref: 'AWS::AccountId' }, '.dkr-ecr.', { Ref: 'AWS::Region' }, '.on.aws']] });
  });

  test('a China Region is an error; registryUri still works there', () => {
    const stack = new Stack(new App(), 'China', { env: { account: REGISTRY_ACCOUNT, region: 'cn-northwest-1' } });
    const registry = new EcrRegistry(stack, 'Registry');
    expect(() => registry.registryUriDualStack).toThrow(/registryUriDualStack at 'China\/Registry'[\s\S]*region: got 'cn-northwest-1': is a China Region[\s\S]*Fix: use registryUri, the IPv4 host/);
    expect(stack.resolve(registry.registryUri)).toEqual({ 'Fn::Join': ['', ['111111111111.dkr.ecr.cn-northwest-1.', { Ref: 'AWS::URLSuffix' }]] });
  });
});

describe('EcrCiPrincipal dualStackRegistryUris', () => {
  test('snapshot: the outputs with dual-stack registry hosts (logical ids are what pipelines read)', () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app, 'Ci');
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    new EcrCiPrincipal(stack, 'GitHub', { provider: github, push: [api], outputs: true, dualStackRegistryUris: true });
    // THEN
    expect(Template.fromStack(stack).toJSON().Outputs).toMatchSnapshot();
  });

  test('every registry the CI uses, by its dual-stack host, each once; the role may push as before (evaluator)', async () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const web = new PushableRepository(stack, 'Web', { repositoryName: 'team-a/web' });
    const other = new PushableRepository(stack, 'Other', { repositoryName: 'team-b/api' });
    const base = ecr.Repository.fromRepositoryArn(stack, 'Base', 'arn:aws:ecr:eu-west-1:444444444444:repository/base/node');
    // WHEN
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github, push: [api, web], pull: [base], outputs: true, dualStackRegistryUris: true });
    // THEN
    expect(deployedOutputs(app, stack).CiRegistryUris).toBe('333333333333.dkr-ecr.us-east-1.on.aws,444444444444.dkr-ecr.eu-west-1.on.aws');
    // the host a client uses changes nothing in IAM: the same identity policy decides
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    for (const action of PUSH) {
      await expect(oracle.decide(role, action, oracle.repository(api))).resolves.toBe('Allowed');
      await expect(oracle.decide(role, action, oracle.repository(other))).resolves.toBe('ImplicitlyDenied');
    }
  });

  test('without grants: the principal\'s own registry, with the stack\'s account and region as references when unknown', () => {
    const stack = new Stack(new App(), 'Anywhere');
    new EcrCiPrincipal(stack, 'Ci', { provider: github, outputs: true, dualStackRegistryUris: true });
    expect(Template.fromStack(stack).toJSON().Outputs.CiRegistryUris.Value)
      .toEqual({ 'Fn::Join': ['', [{ Ref: 'AWS::AccountId' }, '.dkr-ecr.', { Ref: 'AWS::Region' }, '.on.aws']] });
  });

  test('without outputs it is an error: there is no output to change', () => {
    const stack = registryStack(new App(), 'Ci');
    expect(() => new EcrCiPrincipal(stack, 'Ci', { provider: github, dualStackRegistryUris: true }))
      .toThrow('dualStackRegistryUris: got true: changes the registry output, and there is none without outputs. Fix: set outputs: true as well');
  });

  test('a registry in a China Region is an error, at the principal or at the grant that adds it', () => {
    // GIVEN
    const app = new App();
    const china = new Stack(app, 'China', { env: { account: CI_ACCOUNT, region: 'cn-north-1' } });
    const stack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github, outputs: true, dualStackRegistryUris: true });
    const chinese = ecr.Repository.fromRepositoryArn(stack, 'Cn', `arn:aws-cn:ecr:cn-north-1:${REGISTRY_ACCOUNT}:repository/team-a/api`);
    // WHEN / THEN
    const message = /Invalid EcrCiPrincipal props at '(China|Ci)\/Ci'[\s\S]*dualStackRegistryUris: got 'cn-north-1': is a China Region[\s\S]*Fix: leave dualStackRegistryUris unset/;
    expect(() => new EcrCiPrincipal(china, 'Ci', { provider: github, outputs: true, dualStackRegistryUris: true })).toThrow(message);
    expect(() => ci.allowPush(chinese)).toThrow(message);
  });

  test('off by default: the IPv4 hosts, as before', () => {
    const app = new App();
    const stack = registryStack(app, 'Ci');
    new EcrCiPrincipal(stack, 'Ci', { provider: github, outputs: true });
    expect(deployedOutputs(app, stack).CiRegistryUris).toBe('111111111111.dkr.ecr.us-east-1.amazonaws.com');
  });
});
