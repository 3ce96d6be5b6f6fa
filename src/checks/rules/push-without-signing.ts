import { displayValue } from '../../analysis/cfn-values';
import { constructLabel, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { mayCall } from '../../analysis/may-call';
import { PrincipalType } from '../../analysis/model-views';
import { ecrActionsOf, statementCovers } from '../../analysis/policy-view';
import { signingOf } from '../../analysis/signing-configurations';
import { SIGN_PAYLOAD } from '../../registry/signing';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

// ECR signs a pushed image "using the identity of the entity pushing the image", and "to successfully
// generate a signature, the IAM principal pushing images must have permission to sign payloads with
// the AWS Signer signing profile referenced in the signing configuration"
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html,
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutSigningConfiguration.html).

const PUT_IMAGE = 'ecr:PutImage';

/**
 * Catches a role or user of the app that may push (`ecr:PutImage`) to a repository a signing rule of
 * the app matches, but may not call `signer:SignPayload` on that rule's profile. Principals with
 * managed policies whose content is unknown are skipped (they may allow it).
 */
export const pushWithoutSigning: Rule = {
  id: 'push-without-signing',
  level: EcrCheckLevel.WARNING,
  summary: 'A role or user that may push to a repository the registry\'s managed signing covers, without `signer:SignPayload` on the rule\'s signing profile',
  why: 'ECR signs each pushed image with the pusher\'s identity: "To successfully generate a signature, the IAM principal pushing images must have permission '
    + 'to sign payloads with the AWS Signer signing profile referenced in the signing configuration." AWS documents no refusal of the push: the image '
    + 'is stored, its signing status for the profile is FAILED, and a deployment that verifies signatures rejects it.',
  fix: 'Allow `signer:SignPayload` on the signing profile to every pusher (PushableRepository push grants add it for repositories an EcrRegistry signing rule matches)',
  check(context) {
    const model = context.model;
    const signed = model.repositories.map((repository) => ({ repository, signing: signingOf(model, repository) }))
      .filter((r) => r.signing.length > 0);
    if (signed.length === 0) return;
    for (const scope of identityScopes(model)) {
      const principal = scope.principal;
      if (!principal || principal.type === PrincipalType.GROUP || principal.unknownManagedPolicies.length > 0) continue;
      context.guard(scope.resource, 'Properties', () => {
        const pushes = scope.statements.filter((s) => s.effect === 'Allow' && ecrActionsOf(s).has(PUT_IMAGE));
        for (const { repository, signing } of signed) {
          const grant = pushes.find((s) => statementCovers(s, repository.arn));
          if (!grant) continue;
          for (const rule of signing) {
            if (mayCall(scope.statements, SIGN_PAYLOAD, rule.profileArn)) continue;
            const profile = displayValue(rule.profileArn);
            context.report({
              resource: grant.policy.resource,
              location: grant.location,
              message: `${scope.label} may push to '${constructLabel(repository.resource)}' (${statementLabel(grant)}), which rule ${rule.rule} of the signing `
                + `configuration '${constructLabel(rule.resource)}' signs with the profile ${profile}, but no policy of it allows ${SIGN_PAYLOAD} on that profile: `
                + 'its pushes are stored unsigned (signing status FAILED).',
              fix: `add ${JSON.stringify({ Effect: 'Allow', Action: SIGN_PAYLOAD, Resource: profile })} to its identity policy (PushableRepository's push grants add it)`,
            });
          }
        }
      });
    }
  },
};
