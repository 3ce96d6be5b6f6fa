import { Annotations, App, Stack } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ecrToEcrApp, OUTSIDE_ACCOUNT, UPSTREAM_ACCOUNT, UPSTREAM_REGION } from './registry-scenarios';
import { EcrActions, EcrRegistry, EcrWarnings, UpstreamRegistry } from '../../src';
import { stackTemplates } from '../helpers/assembly';
import { PULL_THROUGH_CACHE_ROLE, PULL_THROUGH_CACHE_UPSTREAM } from '../helpers/expected-actions';
import { logicalIdOf, REGION, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// ECR-to-ECR pull-through cache, both sides (src/registry/ecr-upstream.ts), against AWS's policies
// at https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html, written
// out here by hand. Access itself is decided by the evaluator in oracle.test.ts.

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const root = (account: string) => join('arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`);

// Guards logical ids: a changed id on a rule or its role replaces the rule (every property of
// AWS::ECR::PullThroughCacheRule is create-only). `npm test` never rewrites it.
test('snapshot: an upstream registry of the app, one outside it and one of the same account', () => {
  expect(stackTemplates(ecrToEcrApp().app)).toMatchSnapshot();
});

describe('the rule and its role', () => {
  const scenario = ecrToEcrApp();
  const cache = Template.fromStack(scenario.cacheStack);

  test('the rule names the upstream as ECR expects, its prefix and the role', () => {
    cache.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'platform',
      UpstreamRegistry: 'ecr',
      UpstreamRegistryUrl: `${UPSTREAM_ACCOUNT}.dkr.ecr.${UPSTREAM_REGION}.amazonaws.com`,
      UpstreamRepositoryPrefix: 'team-a',
      CustomRoleArn: { 'Fn::GetAtt': [logicalIdOf(scenario.platform.role!), 'Arn'] },
      CredentialArn: Match.absent(),
    });
    cache.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'ROOT', UpstreamRegistryUrl: `${REGISTRY_ACCOUNT}.dkr.ecr.${UPSTREAM_REGION}.amazonaws.com`, UpstreamRepositoryPrefix: Match.absent(),
    });
  });

  test('the role trusts the pull-through cache service exactly as AWS documents, with no condition', () => {
    cache.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pullthroughcache.ecr.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    });
  });

  test('sourceAccountCondition adds aws:SourceAccount = the registry account to the trust', () => {
    const withCondition = Template.fromStack(ecrToEcrApp({ sourceAccountCondition: true }).cacheStack);
    withCondition.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'pullthroughcache.ecr.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT } },
        }],
      },
    });
  });

  test('permissions: AWS\'s list, reads on the mapped upstream and the cache, writes on the cache only, login on *', () => {
    const upstream = `arn:aws:ecr:${UPSTREAM_REGION}:${UPSTREAM_ACCOUNT}:repository/team-a/*`;
    const cached = `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/platform/*`;
    const role = scenario.platform.role!;
    cache.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(role) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: PULL_THROUGH_CACHE_UPSTREAM, Resource: [upstream, cached] },
          { Effect: 'Allow', Action: ['ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'], Resource: cached },
        ],
      },
    });
    cache.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(role) }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }] },
    });
  });

  test('ROOT covers every repository of the cache, and ROOT upstream every upstream repository', () => {
    const role = scenario.sameAccount.role!;
    cache.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Resource: [`arn:aws:ecr:${UPSTREAM_REGION}:${REGISTRY_ACCOUNT}:repository/*`, `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/*`],
        })]),
      },
    });
  });

  test('the action sets are AWS\'s lists', () => {
    expect([...EcrActions.PULL_THROUGH_CACHE_ROLE].sort()).toEqual([...PULL_THROUGH_CACHE_ROLE].sort());
    expect([...EcrActions.PULL_THROUGH_CACHE_UPSTREAM].sort()).toEqual([...PULL_THROUGH_CACHE_UPSTREAM].sort());
  });
});

describe('the upstream side', () => {
  const scenario = ecrToEcrApp();
  const upstream = Template.fromStack(scenario.upstreamStack);

  test('an upstream registry of the app gets AWS\'s statement for the cache account, on the upstream prefix only', () => {
    upstream.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: {
        Statement: [{
          Sid: `AllowPullThroughCacheToAccount${REGISTRY_ACCOUNT}teama`,
          Effect: 'Allow',
          Principal: { AWS: root(REGISTRY_ACCOUNT) },
          Action: PULL_THROUGH_CACHE_UPSTREAM,
          Resource: `arn:aws:ecr:${UPSTREAM_REGION}:${UPSTREAM_ACCOUNT}:repository/team-a/*`,
        }],
      },
    });
  });

  test('an upstream outside the app: a warning with the exact statement, the one upstreamRegistryPolicy() returns', () => {
    const warnings = AssertAnnotations.fromStack(scenario.cacheStack).findWarning('/Cache/Registry/Partner', Match.stringLikeRegexp('upstreamRegistryPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = String(warnings[0].entry.data);
    const printed = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    const expected = {
      Version: '2012-10-17',
      Statement: [{
        Sid: `AllowPullThroughCacheToAccount${REGISTRY_ACCOUNT}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${REGISTRY_ACCOUNT}:root` },
        Action: PULL_THROUGH_CACHE_UPSTREAM,
        Resource: `arn:aws:ecr:eu-west-1:${OUTSIDE_ACCOUNT}:repository/*`,
      }],
    };
    expect(printed).toEqual(expected);
    const returned = scenario.cacheStack.resolve(scenario.partner.upstreamRegistryPolicy()!.toJSON());
    expect(returned.Statement[0].Resource).toEqual(expected.Statement[0].Resource);
    expect(returned.Statement[0].Principal).toEqual({ AWS: root(REGISTRY_ACCOUNT) });
  });

  test('same account, another region: no upstream statement, no warning', () => {
    expect(scenario.sameAccount.upstreamRegistryPolicy()).toBeUndefined();
    const warnings = AssertAnnotations.fromStack(scenario.cacheStack).findWarning('/Cache/Registry/West', Match.anyValue());
    expect(warnings).toEqual([]);
  });

  test('a non-ECR upstream needs no upstream statement and has no role', () => {
    const stack = new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const rule = new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('Public', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
    expect([rule.role, rule.upstreamRegistryPolicy()]).toEqual([undefined, undefined]);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
  });

  test('UpstreamRegistry.ecr of an account and region with an EcrRegistry in the app, defined after the rule, writes there', () => {
    const app = new App();
    const cacheStack = new Stack(app, 'C', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new EcrRegistry(cacheStack, 'Registry').addPullThroughCacheRule('P', { prefix: 'platform', upstream: UpstreamRegistry.ecr(UPSTREAM_ACCOUNT, UPSTREAM_REGION) });
    const upstreamStack = new Stack(app, 'U', { env: { account: UPSTREAM_ACCOUNT, region: UPSTREAM_REGION } });
    new EcrRegistry(upstreamStack, 'Registry');
    app.synth();
    Template.fromStack(upstreamStack).hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: { Statement: [Match.objectLike({ Resource: `arn:aws:ecr:${UPSTREAM_REGION}:${UPSTREAM_ACCOUNT}:repository/*` })] },
    });
    expect(AssertAnnotations.fromStack(cacheStack).findWarning('*', Match.stringLikeRegexp('upstreamRegistryPolicyRequired'))).toEqual([]);
  });

  test.each(['cn-north-1', 'us-gov-west-1'])('in %s: a warning that AWS documents ECR upstreams as unavailable', (region) => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region } });
    const west = region.startsWith('cn') ? 'cn-northwest-1' : 'us-gov-east-1';
    new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('P', { prefix: 'platform', upstream: UpstreamRegistry.ecr(REGISTRY_ACCOUNT, west) });
    const warnings = AssertAnnotations.fromStack(stack).findWarning('/S/Registry/P', Match.stringLikeRegexp(EcrWarnings.ECR_UPSTREAM_UNAVAILABLE));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toMatch(new RegExp(`unavailable in ${region}`));
  });

  test('the unavailability warning can be acknowledged', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region: 'cn-north-1' } });
    Annotations.of(stack).acknowledgeWarning(EcrWarnings.ECR_UPSTREAM_UNAVAILABLE, 'confirmed in this region');
    new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('P', { prefix: 'platform', upstream: UpstreamRegistry.ecr(REGISTRY_ACCOUNT, 'cn-northwest-1') });
    expect(AssertAnnotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(EcrWarnings.ECR_UPSTREAM_UNAVAILABLE))).toEqual([]);
  });
});

describe('a given role', () => {
  test('gets the permissions, and the rule names it; no role is created', () => {
    const stack = new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('pullthroughcache.ecr.amazonaws.com') });
    const rule = new EcrRegistry(stack, 'Registry').addPullThroughCacheRule('P', { prefix: 'platform', upstream: UpstreamRegistry.ecr(REGISTRY_ACCOUNT, 'us-west-2'), role });
    const template = Template.fromStack(stack);
    expect(rule.role).toBe(role);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', { CustomRoleArn: { 'Fn::GetAtt': [logicalIdOf(role), 'Arn'] } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(role) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: PULL_THROUGH_CACHE_UPSTREAM })]) },
    });
  });
});
