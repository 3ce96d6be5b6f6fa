import { App } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as signer from 'aws-cdk-lib/aws-signer';
import { EcrRegistry, LifecycleAction, LifecycleCountType, PushableRepository } from '../../src';
import { SIGN_PAYLOAD } from '../../src/registry/signing';
import { markdownReport } from '../../src/report/render';
import { ARCHIVED_PULL_NOTE } from '../../src/report/signing-and-archive';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { compareWithOracle, reportOf } from '../helpers/report-oracle';
import { REGION, REGISTRY_ACCOUNT, registryStack } from '../helpers/scenarios';

// The report says which repositories ECR managed signing covers and whether each pusher's images
// are signed (the evaluator agrees on every pusher's signer:SignPayload), and which repositories'
// lifecycle archives images, whose pulls answer 404 until restored.

const PROFILE_ARN = `arn:aws:signer:${REGION}:${REGISTRY_ACCOUNT}:/signing-profiles/prod_images`;

function signedApp() {
  const app = new App();
  const stack = registryStack(app);
  const profile = signer.SigningProfile.fromSigningProfileAttributes(stack, 'Profile', { signingProfileName: 'prod_images', signingProfileVersion: 'abcdef1234' });
  new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*'] }] });
  const prod = new PushableRepository(stack, 'Prod', {
    repositoryName: 'prod/api',
    imageLifecycleRules: [{ countType: LifecycleCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: LifecycleAction.ARCHIVE }],
  });
  const dev = new PushableRepository(stack, 'Dev', { repositoryName: 'dev/api' });
  const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
  prod.grantPush(ci);
  dev.grantPush(ci);
  // pushes by hand, without the signing statement
  const legacy = new iam.Role(stack, 'Legacy', { assumedBy: new iam.AccountRootPrincipal() });
  legacy.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  legacy.addToPolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
    resources: [prod.repositoryArn],
  }));
  return { app, ci, legacy };
}

test('the JSON: signing and archive storage on the repositories, and whether each pusher signs', () => {
  // WHEN
  const report = reportOf(signedApp().app);
  // THEN
  // the library's default lifecycle archives untagged images nobody pulled for 30 days
  expect(report.repositories.map((r) => [r.name, r.signing, r.archives])).toEqual([
    ['dev/api', undefined, ['untagged']],
    ['prod/api', [{ profile: PROFILE_ARN, configuration: 'Registry/Registry/Signing', rule: 0 }], ['any']],
  ]);
  expect(report.access.map((a) => [a.principal, a.repository, a.signing])).toEqual([
    ['role Registry/Ci', 'dev/api', undefined],
    ['role Registry/Ci', 'prod/api', [{ profile: PROFILE_ARN, signs: true }]],
    ['role Registry/Legacy', 'prod/api', [{ profile: PROFILE_ARN, signs: false }]],
  ]);
});

test('the Markdown: one section, only when a repository is signed or archives images', () => {
  // WHEN
  const markdown = markdownReport(reportOf(signedApp().app));
  // THEN
  expect(markdown).toContain([
    '## Signing and archive storage',
    '',
    `- dev/api: its lifecycle archives untagged images; ${ARCHIVED_PULL_NOTE}`,
    `- prod/api: signed on push with ${PROFILE_ARN} (rule 0 of \`Registry/Registry/Signing\`)`,
    `  - role Registry/Ci pushes signed images (${PROFILE_ARN})`,
    `  - role Registry/Legacy pushes unsigned images: no signer:SignPayload on ${PROFILE_ARN}`,
    `- prod/api: its lifecycle archives any images; ${ARCHIVED_PULL_NOTE}`,
    '',
  ].join('\n'));
  const plain = new App();
  new ecr.Repository(registryStack(plain), 'Api', { repositoryName: 'team-a/api' }).grantPull(new iam.AccountRootPrincipal());
  expect(markdownReport(reportOf(plain))).not.toContain('Signing and archive storage');
});

test('the evaluator agrees: each pusher\'s SignPayload on the profile, and every cell', async () => {
  // GIVEN
  const { app, ci, legacy } = signedApp();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const profile = oracle.externalRepository(PROFILE_ARN);
  // WHEN / THEN
  await expect(oracle.decide(oracle.principal(ci), SIGN_PAYLOAD, profile)).resolves.toEqual('Allowed');
  await expect(oracle.decide(oracle.principal(legacy), SIGN_PAYLOAD, profile)).resolves.toEqual('ImplicitlyDenied');
  const { mismatches } = await compareWithOracle(app);
  expect(mismatches).toEqual([]);
});
