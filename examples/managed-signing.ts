/**
 * Managed signing: ECR signs every image pushed to `prod/*` with an AWS Signer profile, using the
 * identity of the pusher; a deploy-time verifier reads images and their signatures.
 *
 * Shows: `signingRules` on `EcrRegistry` (AWS::ECR::SigningConfiguration); the CI's push grant to
 * `prod/api` also gets `signer:SignPayload` on the profile (without it ECR accepts the push and
 * leaves the image unsigned), its push grant to `dev/api`, which no rule matches, does not;
 * `EcrActions.VERIFY_SIGNATURES` for the verifier. A build role of another account pushes to
 * `prod/api` too: it gets `signer:SignPayload` in its own account, and the profile gets the
 * `AWS::Signer::ProfilePermission` that lets that account sign with it.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/managed-signing.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as signer from 'aws-cdk-lib/aws-signer';
// in your app: from 'cdk-ecr-access'
import { EcrActions, EcrRegistry, PushableRepository } from '../src';

export function build(app: App): void {
  const stack = new Stack(app, 'ManagedSigning', { env: { account: '111111111111', region: 'us-east-1' } });

  // ECR managed signing uses Notation profiles of the registry's region
  const profile = new signer.SigningProfile(stack, 'ImageSigning', { platform: signer.Platform.NOTATION_OCI_SHA384_ECDSA });
  new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*'] }] });

  const prod = new PushableRepository(stack, 'ProdApi', { repositoryName: 'prod/api' });
  const dev = new PushableRepository(stack, 'DevApi', { repositoryName: 'dev/api' });
  const ci = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
  prod.grantPush(ci);
  dev.grantPush(ci);

  const verifier = new iam.Role(stack, 'VerifierRole', { assumedBy: new iam.AccountRootPrincipal() });
  prod.grant(verifier, ...EcrActions.LOGIN, ...EcrActions.VERIFY_SIGNATURES);

  // a pusher of another account: the repository policy and the profile permission are written here
  const workload = new Stack(app, 'ManagedSigningWorkload', { env: { account: '222222222222', region: 'us-east-1' } });
  prod.grantPush(new iam.Role(workload, 'BuildRole', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'image-build' }));
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
