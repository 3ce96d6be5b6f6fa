import { Resource, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as signer from 'aws-cdk-lib/aws-signer';
import { IConstruct } from 'constructs';
import { profilesSigning, SIGN_PAYLOAD, SigningRule, signingProfileArn } from './signing';
import { renderPolicyJson } from '../policy/render';
import { isToken } from '../private/input-problems';
import { PushGrant, pushGrantsOf } from '../repository/push-grants';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

// ECR signs a push "using the identity of the entity pushing the image": the pusher needs
// signer:SignPayload on each profile whose rule matches the repository, and a pusher of another
// account than the profile also needs the profile owner's permission (AWS::Signer::ProfilePermission),
// as any cross-account request needs both sides
// (https://docs.aws.amazon.com/signer/latest/developerguide/signing-profile-cross-account.html).
// SignPayload lets its holder sign any payload with the profile, not only ECR's pushes: it is given
// where a rule is known to match, never on a guess.

/** The registry whose signing rules are granted: the construct warnings are shown at, its account and region. */
export interface SigningRegistry {
  readonly scope: IConstruct;
  readonly account: string;
  readonly region: string;
}

/**
 * Gives every push grant of the app to a repository of the registry that a rule signs
 * `signer:SignPayload` on the rule's profile (once per principal and profile), and the profile
 * owner's permission to a pusher of another account. A grant whose names are known only at deploy
 * time gets what the rules without filters give, and a warning naming the others.
 */
export function grantSigningToPushers(registry: SigningRegistry, rules: readonly SigningRule[]): void {
  if (rules.length === 0) return;
  const granted = new Map<iam.IPrincipal, Set<signer.ISigningProfile>>();
  const permissions = new ProfilePermissions(registry.scope);
  const warnedUnknown = new Set<IConstruct>();
  for (const grant of pushGrantsOf(registry.scope)) {
    if (!sameValue(grant.account, registry.account) || !sameValue(grant.region, registry.region)) continue;
    if (grant.names === undefined && !warnedUnknown.has(grant.shownAt)) {
      warnedUnknown.add(grant.shownAt);
      warnNamesUnknown(grant, rules);
    }
    const principal = grant.grantee.grantPrincipal;
    const done = granted.get(principal) ?? new Set<signer.ISigningProfile>();
    granted.set(principal, done);
    const profiles = [...new Set(profilesSigning(rules, grant.names))].filter((profile) => !done.has(profile));
    if (profiles.length === 0) continue;
    profiles.forEach((profile) => done.add(profile));
    iam.Grant.addToPrincipal({ grantee: grant.grantee, actions: [SIGN_PAYLOAD], resourceArns: profiles.map(signingProfileArn) });
    profiles.forEach((profile) => permissions.allow(profile, principal.principalAccount));
  }
}

function sameValue(a: string, b: string): boolean {
  return [TokenComparison.SAME, TokenComparison.BOTH_UNRESOLVED].includes(Token.compareStrings(a, b));
}

function warnNamesUnknown(grant: PushGrant, rules: readonly SigningRule[]): void {
  const filtered = [...new Set(rules.filter((rule) => rule.repositoryFilters !== undefined).map((rule) => rule.signingProfile))];
  if (filtered.length === 0) return;
  const statement = new iam.PolicyStatement({ actions: [SIGN_PAYLOAD], resources: filtered.map(signingProfileArn) });
  const document = new iam.PolicyDocument({ statements: [statement] });
  warn(grant.shownAt, EcrWarnings.SIGNING_REPOSITORY_NAME_UNKNOWN,
    'This push grant names repositories known only at deploy time, so synth cannot tell which managed signing rules with ' +
    'repositoryFilters match them. signer:SignPayload lets its holder sign any payload with the profile, so it is granted only where a ' +
    'rule is known to match: if one of these rules matches, ECR accepts the push but the image stays unsigned. Give the repository a ' +
    'repositoryName (or the grant a namespace known at synth) so synth matches it, or attach this statement to the pusher for the ' +
    `profiles whose rules match:\n${renderPolicyJson(grant.shownAt, document)}`);
}

/**
 * The profile owner's side of cross-account signing: written on a profile of this app, or a warning
 * with the exact permission for a profile imported from outside it. The principal is the pusher's
 * account: the pusher's own identity policy still decides, Signer refuses role ARNs with a path
 * (aws/aws-cli#7820), and no profile version is named, so the permission survives a new version.
 */
class ProfilePermissions {
  private readonly warned = new Set<string>();

  constructor(private readonly registry: IConstruct) {}

  public allow(profile: signer.ISigningProfile, pusherAccount: string | undefined): void {
    const owner = profile.env.account;
    if (pusherAccount === undefined || isToken(pusherAccount) || isToken(owner) || owner === pusherAccount) return;
    // an id of letters and digits only: AWS documents no pattern for StatementId
    const statementId = `EcrPush${pusherAccount}`;
    if (Resource.isOwnedResource(profile)) {
      if (profile.node.tryFindChild(statementId) === undefined) {
        new signer.CfnProfilePermission(profile, statementId, {
          profileName: profile.signingProfileName, action: SIGN_PAYLOAD, principal: pusherAccount, statementId,
        });
      }
      return;
    }
    const key = `${profile.node.path}|${pusherAccount}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const resource = { Type: 'AWS::Signer::ProfilePermission', Properties: { ProfileName: profile.signingProfileName, Action: SIGN_PAYLOAD, Principal: pusherAccount, StatementId: statementId } };
    warn(this.registry, EcrWarnings.SIGNING_PROFILE_PERMISSION_REQUIRED,
      `Pushers of account ${pusherAccount} sign with the profile '${profile.signingProfileName}' of account ${owner}, and a cross-account ` +
      'request needs the profile owner\'s permission too, or Signer denies it and the image stays unsigned. The profile is not defined in ' +
      `this app: in account ${owner}, add this resource (or run aws signer add-profile-permission --profile-name ${profile.signingProfileName} ` +
      `--action ${SIGN_PAYLOAD} --principal ${pusherAccount} --statement-id ${statementId}):\n` +
      JSON.stringify(resource, undefined, 2));
  }
}
