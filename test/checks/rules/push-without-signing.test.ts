import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as signer from 'aws-cdk-lib/aws-signer';
import { build as managedSigningExample } from '../../../examples/managed-signing';
import { EcrRegistry, PushableRepository } from '../../../src';
import { SIGN_PAYLOAD } from '../../../src/registry/signing';
import { SynthesizedApp } from '../../helpers/assembly';
import { AccessOracle } from '../../helpers/oracle';
import { REGION, REGISTRY_ACCOUNT, registryStack } from '../../helpers/scenarios';
import { aspectFindings, pluginFindings, Reported } from '../findings';

// A principal that may push to a repository a managed-signing rule matches, without
// signer:SignPayload on the rule's profile: ECR stores the image unsigned. The evaluator confirms
// that each flagged principal is allowed ecr:PutImage on the repository and denied SignPayload on the
// profile. The pusher policy is AWS's own example from
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html (Sid
// UploadSignaturePermissions), with or without its SignPermissions statement.

const RULE = 'push-without-signing';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);
const PROFILE_ARN = `arn:aws:signer:${REGION}:${REGISTRY_ACCOUNT}:/signing-profiles/prod_images`;
const OTHER_PROFILE_ARN = `arn:aws:signer:${REGION}:${REGISTRY_ACCOUNT}:/signing-profiles/other_images`;
const UPLOAD_SIGNATURE_PERMISSIONS = ['ecr:CompleteLayerUpload', 'ecr:UploadLayerPart', 'ecr:InitiateLayerUpload', 'ecr:BatchCheckLayerAvailability', 'ecr:PutImage'];

/** A registry signing `prod/*` with the prod profile, `prod/api` and `dev/api`, and a role `Ci` given the statements. */
function signedApp(statements: (prod: PushableRepository) => iam.PolicyStatement[], managedPolicies: iam.IManagedPolicy[] = []) {
  const app = new App();
  const stack = registryStack(app);
  const profile = signer.SigningProfile.fromSigningProfileAttributes(stack, 'Profile', { signingProfileName: 'prod_images', signingProfileVersion: 'abcdef1234' });
  new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*'] }] });
  const prod = new PushableRepository(stack, 'Prod', { repositoryName: 'prod/api' });
  const dev = new PushableRepository(stack, 'Dev', { repositoryName: 'dev/api' });
  const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies });
  ci.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  for (const s of statements(prod)) ci.addToPolicy(s);
  return { app, prod, dev, ci };
}

async function evaluatorAgrees(app: App, ci: iam.Role, prod: PushableRepository, signs: boolean) {
  const oracle = new AccessOracle(new SynthesizedApp(app));
  await expect(oracle.decide(oracle.principal(ci), 'ecr:PutImage', oracle.repository(prod))).resolves.toEqual('Allowed');
  await expect(oracle.decide(oracle.principal(ci), SIGN_PAYLOAD, oracle.externalRepository(PROFILE_ARN))).resolves.toEqual(signs ? 'Allowed' : 'ImplicitlyDenied');
}

describe('compliant', () => {
  test('examples/managed-signing.ts: the library\'s push grant signs prod/api; dev/api is not signed', () => {
    // GIVEN
    const app = new App();
    managedSigningExample(app);
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });

  test('AWS\'s example pusher policy, both statements', async () => {
    // GIVEN
    const { app, prod, ci } = signedApp((repository) => [
      new iam.PolicyStatement({ sid: 'UploadSignaturePermissions', actions: UPLOAD_SIGNATURE_PERMISSIONS, resources: [repository.repositoryArn] }),
      new iam.PolicyStatement({ sid: 'SignPermissions', actions: [SIGN_PAYLOAD], resources: [PROFILE_ARN] }),
    ]);
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
    await evaluatorAgrees(app, ci, prod, true);
  });

  test('a pusher of a repository no rule matches needs no SignPayload', () => {
    // GIVEN
    const { app } = signedApp(() => []);
    const dev = app.node.findAll().find((c) => c instanceof PushableRepository && c.node.id === 'Dev') as PushableRepository;
    const role = new iam.Role(dev.stack, 'DevCi', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: UPLOAD_SIGNATURE_PERMISSIONS, resources: [dev.repositoryArn] }));
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });
});

describe('non-compliant', () => {
  test('AWS\'s example pusher policy without its SignPermissions statement', async () => {
    // GIVEN
    const { app, prod, ci } = signedApp((repository) => [
      new iam.PolicyStatement({ sid: 'UploadSignaturePermissions', actions: UPLOAD_SIGNATURE_PERMISSIONS, resources: [repository.repositoryArn] }),
    ]);
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN
    expect(only(pluginFindings(app)).map((f) => [f.path, f.level])).toEqual([['Registry/Ci/DefaultPolicy/Resource', 'warning']]);
    expect(findings.map((f) => [f.path, f.level])).toEqual([['Registry/Ci/DefaultPolicy/Resource', 'warning']]);
    expect(findings[0].text).toContain('Role \'Registry/Ci\' may push to \'Registry/Prod\' (statement 1 (Sid "UploadSignaturePermissions") of the inline policy of \'Registry/Ci/DefaultPolicy\'), '
      + `which rule 0 of the signing configuration 'Registry/Registry/Signing' signs with the profile ${PROFILE_ARN}, but no policy of it allows signer:SignPayload on that profile`);
    expect(findings[0].text).toContain(`Add {"Effect":"Allow","Action":"signer:SignPayload","Resource":"${PROFILE_ARN}"}`);
    await evaluatorAgrees(app, ci, prod, false);
  });

  test('SignPayload on another profile', async () => {
    // GIVEN
    const { app, prod, ci } = signedApp((repository) => [
      new iam.PolicyStatement({ actions: UPLOAD_SIGNATURE_PERMISSIONS, resources: [repository.repositoryArn] }),
      new iam.PolicyStatement({ actions: [SIGN_PAYLOAD], resources: [OTHER_PROFILE_ARN] }),
    ]);
    // WHEN / THEN
    expect(only(aspectFindings(app))).toHaveLength(1);
    await evaluatorAgrees(app, ci, prod, false);
  });

  test('AmazonEC2ContainerRegistryPowerUser pushes everywhere, signs nowhere', async () => {
    // GIVEN
    const { app, prod, ci } = signedApp(() => [], [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryPowerUser')]);
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN: on the role, for prod/api only
    expect(findings.map((f) => f.path)).toEqual(['Registry/Ci/Resource']);
    expect(findings[0].text).toContain('of the AWS managed policy of \'Registry/Ci\'');
    await evaluatorAgrees(app, ci, prod, false);
  });
});
