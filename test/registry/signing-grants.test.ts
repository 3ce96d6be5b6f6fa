import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as signer from 'aws-cdk-lib/aws-signer';
import { CiProvider, EcrCiPrincipal, EcrRegistry, EcrWarnings, PushableRepository } from '../../src';
import { SIGN_PAYLOAD } from '../../src/registry/signing';
import { Json, stackTemplates, SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { logicalIdOf, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';
import { profilePermissionPolicy } from '../helpers/signer-permissions';

// Every push grant whose repositories a signing rule can match gets signer:SignPayload on the
// rule's profile ("signs images using the identity of the entity pushing the image",
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html), namespace grants
// included; a pusher of another account than the profile also needs the profile owner's
// AWS::Signer::ProfilePermission (https://docs.aws.amazon.com/signer/latest/developerguide/signing-profile-cross-account.html).

const SECURITY_ACCOUNT = '444444444444';
const PROFILE_ARN = `arn:aws:signer:${REGION}:${REGISTRY_ACCOUNT}:/signing-profiles/prod_images`;

function importedProfile(scope: Stack, name = 'prod_images'): signer.ISigningProfile {
  return signer.SigningProfile.fromSigningProfileAttributes(scope, `Profile${name}`, { signingProfileName: name, signingProfileVersion: 'abcdef1234' });
}

function ci(stack: Stack, id = 'Ci', foldIntoNamespaces?: string[]): EcrCiPrincipal {
  return new EcrCiPrincipal(stack, id, { provider: CiProvider.gitHubActions({ owner: 'acme', repository: id.toLowerCase(), branches: ['main'] }), foldIntoNamespaces });
}

/** The SignPayload resources in the identity policies attached to a role of the stack. */
function signableBy(stack: Stack, role: iam.IRole): Json[] {
  const roleId = logicalIdOf(role);
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .filter((s: Json) => s.Action === SIGN_PAYLOAD)
    .flatMap((s: Json) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

describe('namespace push grants get SignPayload when a rule\'s filters can match a repository of the namespace', () => {
  test.each<[string, string[] | undefined, (c: EcrCiPrincipal) => void, boolean]>([
    ['allowPushToNamespace(prod), filter prod/*', ['prod/*'], (c) => c.allowPushToNamespace('prod'), true],
    ['allowPushToNamespace(prod), filter prod/api', ['prod/api'], (c) => c.allowPushToNamespace('prod/'), true],
    ['allowPushToNamespace(team-a), filter */release (team-a/release)', ['*/release'], (c) => c.allowPushToNamespace('team-a'), true],
    ['allowPushToNamespace(team-a), filter *-release (team-a/x-release)', ['*-release'], (c) => c.allowPushToNamespace('team-a'), true],
    ['allowPushToNamespace(team-a-*), filter team-a-svc', ['team-a-svc'], (c) => c.allowPushToNamespace('team-a-*'), true],
    ['allowPushToNamespace(prod), no filters', undefined, (c) => c.allowPushToNamespace('prod'), true],
    ['allowCreateOnPush(prod), filter prod/*', ['prod/*'], (c) => c.allowCreateOnPush('prod'), true],
    ['allowCreateRepositories(prod, push), filter prod/*', ['prod/*'], (c) => c.allowCreateRepositories('prod', { push: true }), true],
    ['allowPushToNamespace(dev), filter prod/*', ['prod/*'], (c) => c.allowPushToNamespace('dev'), false],
    ['allowPushToNamespace(prod), filter prod (the name, not the namespace)', ['prod'], (c) => c.allowPushToNamespace('prod'), false],
    ['allowCreateRepositories(prod) without push', ['prod/*'], (c) => c.allowCreateRepositories('prod'), false],
    ['allowPullFromNamespace(prod)', ['prod/*'], (c) => c.allowPullFromNamespace('prod'), false],
    ['allowPushToNamespace(prod) in another region', ['prod/*'], (c) => c.allowPushToNamespace('prod', { region: 'eu-west-1' }), false],
  ])('%s: %s', (_, repositoryFilters, call, signs) => {
    // GIVEN
    const stack = registryStack(new App());
    const principal = ci(stack);
    // WHEN: the grant first, the rule after it (the registry reads grants when synthesis starts)
    call(principal);
    new EcrRegistry(stack, 'Registry').addSigningRule({ signingProfile: importedProfile(stack), repositoryFilters });
    // THEN
    expect(signableBy(stack, principal.role)).toEqual(signs ? [PROFILE_ARN] : []);
  });

  test('the rule before the grant gives the same', () => {
    const stack = registryStack(new App());
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack), repositoryFilters: ['prod/*'] }] });
    const principal = ci(stack);
    principal.allowPushToNamespace('prod');
    expect(signableBy(stack, principal.role)).toEqual([PROFILE_ARN]);
  });

  test('a repository folded into its namespace (foldIntoNamespaces) signs as the namespace it is written for', () => {
    // GIVEN: the role may push to every repository of prod/ through the folded statement
    const stack = registryStack(new App());
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack), repositoryFilters: ['prod/web'] }] });
    const principal = ci(stack, 'Ci', ['prod/']);
    // WHEN
    principal.allowPush(new PushableRepository(stack, 'Api', { repositoryName: 'prod/api' }));
    // THEN
    expect(signableBy(stack, principal.role)).toEqual([PROFILE_ARN]);
  });

  test('one statement per profile, however many grants match it', () => {
    const stack = registryStack(new App());
    const profile = importedProfile(stack);
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*'] }, { signingProfile: profile, repositoryFilters: ['*-release'] }] });
    const principal = ci(stack);
    principal.allowPushToNamespace('prod');
    principal.allowCreateOnPush('prod');
    principal.allowPush(new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api-release' }));
    expect(signableBy(stack, principal.role)).toEqual([PROFILE_ARN]);
  });
});

describe('names known only at deploy time: no SignPayload on a guess, a warning instead', () => {
  test('a generated repository name and a rule with filters: nothing granted, the warning names the statement', () => {
    // GIVEN
    const stack = registryStack(new App());
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack), repositoryFilters: ['prod/*'] }] });
    const role = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
    const repository = new PushableRepository(stack, 'Generated');
    // WHEN
    repository.grantPush(role);
    // THEN
    expect(signableBy(stack, role)).toEqual([]);
    const warnings = Annotations.fromStack(stack).findWarning(`/${repository.node.path}`, Match.stringLikeRegexp('known only at deploy time'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain(EcrWarnings.SIGNING_REPOSITORY_NAME_UNKNOWN);
    expect(warnings[0].entry.data).toContain(`"Action": "${SIGN_PAYLOAD}"`);
    expect(warnings[0].entry.data).toContain(`"Resource": "${PROFILE_ARN}"`);
  });

  test('a rule without filters signs it for certain: granted, no warning', () => {
    const stack = registryStack(new App());
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: importedProfile(stack) }] });
    const role = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
    new PushableRepository(stack, 'Generated').grantPush(role);
    expect(signableBy(stack, role)).toEqual([PROFILE_ARN]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('known only at deploy time'))).toHaveLength(0);
  });
});

/** A profile in a security account, a registry and its pusher in another, a cross-account pusher in a third. */
function crossAccountApp(profileOwned: boolean) {
  const app = new App();
  const security = new Stack(app, 'Security', { env: { account: SECURITY_ACCOUNT, region: REGION } });
  const stack = registryStack(app);
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const profile = profileOwned
    ? new signer.SigningProfile(security, 'ImageSigning', { platform: signer.Platform.NOTATION_OCI_SHA384_ECDSA })
    : importedProfile(security);
  const registry = new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*'] }] });
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'prod/api' });
  const pusher = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
  const remotePusher = new iam.Role(workload, 'RemotePusher', { assumedBy: new iam.AccountRootPrincipal() });
  const bystander = new iam.Role(workload, 'Bystander', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPush(pusher);
  repository.grantPush(remotePusher);
  return { app, security, stack, workload, profile, registry, repository, pusher, remotePusher, bystander };
}

describe('a pusher of another account than the profile: the profile owner\'s permission', () => {
  // Guards logical ids: a changed id replaces the ProfilePermission (a moment where pushes are not signed).
  test('snapshot: a profile of a security account, pushers of two other accounts', () => {
    expect(stackTemplates(crossAccountApp(true).app)).toMatchSnapshot();
  });

  test('a profile of the app: one AWS::Signer::ProfilePermission per pushing account, SignPayload only, no version', () => {
    // GIVEN / WHEN
    const { security, profile } = crossAccountApp(true);
    // THEN
    const template = Template.fromStack(security);
    template.resourceCountIs('AWS::Signer::ProfilePermission', 2);
    for (const account of [REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT]) {
      template.hasResourceProperties('AWS::Signer::ProfilePermission', {
        ProfileName: { 'Fn::GetAtt': [logicalIdOf(profile), 'ProfileName'] },
        Action: SIGN_PAYLOAD,
        Principal: account,
        StatementId: `EcrPush${account}`,
        ProfileVersion: Match.absent(),
      });
    }
  });

  test('a profile imported from outside the app: a warning on the registry with the exact permission, per account', () => {
    const { app, stack, registry } = crossAccountApp(false);
    app.synth();
    const warnings = Annotations.fromStack(stack).findWarning(`/${registry.node.path}`, Match.stringLikeRegexp('profile owner'));
    expect(warnings.map((w) => w.entry.data)).toEqual([REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT].map((account) => expect.stringContaining(
      `"Type": "AWS::Signer::ProfilePermission",\n  "Properties": {\n    "ProfileName": "prod_images",\n    "Action": "${SIGN_PAYLOAD}",\n` +
      `    "Principal": "${account}",\n    "StatementId": "EcrPush${account}"`)));
    expect(warnings[0].entry.data).toContain(EcrWarnings.SIGNING_PROFILE_PERMISSION_REQUIRED);
    expect(warnings[0].entry.data).toContain(`aws signer add-profile-permission --profile-name prod_images --action ${SIGN_PAYLOAD} --principal ${REGISTRY_ACCOUNT}`);
  });

  test('pushers of the profile\'s own account need no permission', () => {
    const stack = registryStack(new App());
    const profile = new signer.SigningProfile(stack, 'ImageSigning', { platform: signer.Platform.NOTATION_OCI_SHA384_ECDSA });
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile }] });
    new PushableRepository(stack, 'Api', { repositoryName: 'prod/api' }).grantPush(new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(stack).resourceCountIs('AWS::Signer::ProfilePermission', 0);
  });

  describe('the evaluator (Signer\'s profile permissions read as the resource policy they stand for)', () => {
    const { app, profile, pusher, remotePusher, bystander } = crossAccountApp(true);
    const synthesized = new SynthesizedApp(app);
    const oracle = new AccessOracle(synthesized);
    const profileArn = synthesized.arn(synthesized.stackOf(Stack.of(profile)), logicalIdOf(profile));
    const profilePolicy = profilePermissionPolicy(synthesized, profileArn);
    const signed = oracle.externalRepository(profileArn, profilePolicy);

    test('allowed: the pushers of both accounts sign with the security account\'s profile', async () => {
      await expect(oracle.decide(oracle.principal(pusher), SIGN_PAYLOAD, signed)).resolves.toEqual('Allowed');
      await expect(oracle.decide(oracle.principal(remotePusher), SIGN_PAYLOAD, signed)).resolves.toEqual('Allowed');
    });

    test('denied: without the profile owner\'s side, another profile, a principal of a trusted account that does not push', async () => {
      await expect(oracle.decide(oracle.principal(remotePusher), SIGN_PAYLOAD, oracle.externalRepository(profileArn))).resolves.toEqual('ImplicitlyDenied');
      const otherProfile = `arn:aws:signer:${REGION}:${SECURITY_ACCOUNT}:/signing-profiles/other_images`;
      await expect(oracle.decide(oracle.principal(remotePusher), SIGN_PAYLOAD, oracle.externalRepository(otherProfile, profilePolicy))).resolves.toEqual('ImplicitlyDenied');
      await expect(oracle.decide(oracle.principal(bystander), SIGN_PAYLOAD, signed)).resolves.toEqual('ImplicitlyDenied');
    });

    test('denied: another account, even with an identity policy of its own', async () => {
      const outsider = oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/ci`,
        [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: SIGN_PAYLOAD, Resource: profileArn }] }]);
      await expect(oracle.decide(outsider, SIGN_PAYLOAD, signed)).resolves.toEqual('ImplicitlyDenied');
    });

    test('denied: the permission is not a way to manage or revoke with the profile', async () => {
      for (const action of ['signer:AddProfilePermission', 'signer:GetSigningProfile', 'signer:RevokeSigningProfile', 'signer:CancelSigningProfile']) {
        await expect(oracle.decide(oracle.principal(remotePusher), action, signed)).resolves.toEqual('ImplicitlyDenied');
      }
    });
  });
});

describe('allowAccountPush: the identity policy returned for the other account signs too', () => {
  function accountPush(namespace: string, profileOwned: boolean) {
    const app = new App();
    const stack = registryStack(app);
    const profile = profileOwned
      ? new signer.SigningProfile(stack, 'ImageSigning', { platform: signer.Platform.NOTATION_OCI_SHA384_ECDSA })
      : importedProfile(stack);
    const registry = new EcrRegistry(stack, 'Registry');
    const document = registry.allowAccountPush(WORKLOAD_ACCOUNT, { namespace });
    // the rule after the call: the returned policy gets SignPayload when synthesis starts
    registry.addSigningRule({ signingProfile: profile, repositoryFilters: ['prod/*'] });
    app.synth();
    return { app, stack, profile, registry, document };
  }

  test('a namespace a rule matches: SignPayload on the profile in the returned policy', () => {
    const { stack, document } = accountPush('prod', false);
    const statements = stack.resolve(document.toJSON()).Statement.filter((s: Json) => s.Action === SIGN_PAYLOAD);
    expect(statements).toEqual([{ Effect: 'Allow', Action: SIGN_PAYLOAD, Resource: PROFILE_ARN }]);
  });

  test('a namespace no rule matches: nothing', () => {
    const { stack, document } = accountPush('dev', false);
    expect(JSON.stringify(stack.resolve(document.toJSON()))).not.toContain(SIGN_PAYLOAD);
  });

  test('the profile owner\'s side: written for a profile of the app, a warning for an imported one', () => {
    const owned = accountPush('prod', true);
    Template.fromStack(owned.stack).hasResourceProperties('AWS::Signer::ProfilePermission', { Principal: WORKLOAD_ACCOUNT, StatementId: `EcrPush${WORKLOAD_ACCOUNT}` });
    const imported = accountPush('prod', false);
    const warnings = Annotations.fromStack(imported.stack).findWarning(`/${imported.registry.node.path}`, Match.stringLikeRegexp(EcrWarnings.SIGNING_PROFILE_PERMISSION_REQUIRED));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain(`--principal ${WORKLOAD_ACCOUNT}`);
  });

  test('the evaluator: a role of that account with the returned policy may sign, with the owner\'s permission only', async () => {
    const { app, stack, profile, document } = accountPush('prod', true);
    const synthesized = new SynthesizedApp(app);
    const oracle = new AccessOracle(synthesized);
    const info = synthesized.stackOf(stack);
    const profileArn = synthesized.arn(info, logicalIdOf(profile));
    const profilePolicy = profilePermissionPolicy(synthesized, profileArn);
    const pusher = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/ci`, [oracle.document(stack, document)]);
    await expect(oracle.decide(pusher, SIGN_PAYLOAD, oracle.externalRepository(profileArn, profilePolicy))).resolves.toEqual('Allowed');
    await expect(oracle.decide(pusher, SIGN_PAYLOAD, oracle.externalRepository(profileArn))).resolves.toEqual('ImplicitlyDenied');
    const outsider = oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/ci`, [oracle.document(stack, document)]);
    await expect(oracle.decide(outsider, SIGN_PAYLOAD, oracle.externalRepository(profileArn, profilePolicy))).resolves.toEqual('ImplicitlyDenied');
  });
});
