import { Json, SynthesizedApp } from './assembly';

// The evaluator does not read AWS::Signer::ProfilePermission. Signer documents each one as a
// cross-account permission: its principal (an account) may perform its action on the profile
// (https://docs.aws.amazon.com/signer/latest/developerguide/signing-profile-cross-account.html).
// This turns the app's permissions into that resource policy, for the evaluator to decide with.

/** The profile's resource policy as the app's AWS::Signer::ProfilePermission resources write it. */
export function profilePermissionPolicy(synthesized: SynthesizedApp, profileArn: string): Json {
  const permissions = synthesized.resources('AWS::Signer::ProfilePermission').map(({ info, resource }) => synthesized.resolve(info, resource.Properties));
  return {
    Version: '2012-10-17',
    Statement: permissions.map((p: Json) => ({
      Sid: p.StatementId, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${p.Principal}:root` }, Action: p.Action, Resource: profileArn,
    })),
  };
}
