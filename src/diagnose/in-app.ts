import { withoutUndefined } from './advice/kind-advice';
import { trustConditionsFailing } from './claims';
import { Diagnosis, DiagnosisInApp, DiagnosisKind, MissingPolicy } from './diagnosis';
import { repositoryArnFor } from './fix';
import { findEcrAction, qualifyEcrAction } from '../actions/catalog';
import { AccessModel } from '../analysis/access-model';
import { UnknownParts, textMatches } from '../analysis/arn-pattern';
import { readAssemblyFiles } from '../analysis/assembly-files';
import { templatesFromAssembly } from '../analysis/assembly-templates';
import { isKnown } from '../analysis/cfn-values';
import { PrincipalType, PrincipalView, RepositoryView } from '../analysis/model-views';
import { ecrActionsOf, PolicyView, statementCovers, StatementView } from '../analysis/policy-view';
import { statementNamesPrincipal } from '../analysis/principal-match';

// The diagnosis against the app's own cloud assembly: which construct and policy of the app to
// change, whether the app already grants what was denied (then the deployed state is not the app's),
// and for a CI job that could not assume its role, which trust condition the pasted claims fail.

/** What the app's assembly in `dir` says about the diagnosis; never throws. */
export function diagnosisInApp(d: Diagnosis, text: string, dir: string): DiagnosisInApp {
  const files = readAssemblyFiles(dir);
  if (files === undefined) return { explanation: `No cloud assembly in ${dir} (no manifest.json): run \`cdk synth\` first, or pass the assembly directory.` };
  const model = new AccessModel(templatesFromAssembly(files.templatePaths));
  return d.kind === DiagnosisKind.FEDERATION ? federationInApp(model, text) : accessInApp(model, d);
}

function accessInApp(model: AccessModel, d: Diagnosis): DiagnosisInApp {
  const principal = d.policyPrincipalArn !== undefined ? principalNamed(model, d.policyPrincipalArn) : undefined;
  const repositoryArn = repositoryArnOf(d);
  const repository = (repositoryArn !== undefined ? model.repositoryByArn(repositoryArn) : undefined) ?? repositoryNamed(model, d.repositoryName);
  const onRepository = d.missingPolicy === MissingPolicy.RESOURCE;
  if (principal === undefined && repository === undefined) {
    return { explanation: 'The app defines neither the caller nor the repository of the message: the policy to change is outside this app (another app, or the console).' };
  }
  const action = d.action;
  const arn = repository?.arn ?? repositoryArn;
  const identityAllows = principal !== undefined && action !== undefined
    ? model.identityPolicies(principal).some((p) => allows(p, action, arn)) : undefined;
  const repositoryAllows = principal !== undefined && repository?.policy !== undefined && action !== undefined
    ? repository.policy.statements.some((s) => s.effect === 'Allow' && statementNamesPrincipal(s, principal, UnknownParts.OPTIMISTIC) && actionMatches(s, action))
    : undefined;
  const alreadyGranted = onRepository ? repositoryAllows : identityAllows;

  const target = onRepository && repository !== undefined ? repository.resource : principal?.resource ?? repository?.resource;
  const policy = onRepository || principal === undefined ? repository?.resource : grantPolicyOf(principal)?.resource ?? principal.resource;
  const where = target !== undefined ? `the ${onRepository ? 'repository policy of' : 'identity policy of'} ${target.path}` : 'a policy outside the app';
  const granted = alreadyGranted === true
    ? ' The app already grants it: the deployed stack differs from the app (deploy it), or the request came from another account or role than this one.'
    : alreadyGranted === false ? ' The app does not grant it yet: the fix goes there.' : '';
  return withoutUndefined({
    constructPath: target?.path,
    policy: policy !== undefined ? `${policy.stack.id}/${policy.logicalId}` : undefined,
    alreadyGranted,
    explanation: `In the app: ${where}.${granted}`,
  });
}

function federationInApp(model: AccessModel, text: string): DiagnosisInApp {
  const named = /\barn:[^:\s]{1,20}:iam::\d{12}:role\/[^\s"'`,;)\]]{1,512}/.exec(text)?.[0];
  const roles = (named !== undefined ? [principalNamed(model, named)].filter((r): r is PrincipalView => r !== undefined) : [])
    .concat(named === undefined ? model.principals.filter(trustsWebIdentity) : []);
  if (roles.length !== 1) {
    return { explanation: roles.length === 0 ? 'The app defines no role that the message names or that trusts an OIDC provider.' : `The app has ${roles.length} roles that trust an OIDC provider; name the role ARN (role-to-assume) in the text to pick one.` };
  }
  const role = roles[0];
  const failing = trustConditionsFailing(role.trust, text);
  const explanation = failing === undefined
    ? `In the app: the trust policy of ${role.resource.path}. Paste the token's claims as the CI job prints them (sub, aud) to learn which condition fails.`
    : failing.length === 0
      ? `In the app: the trust policy of ${role.resource.path} accepts the pasted claims: the deployed role differs from the app, or another role was assumed.`
      : `In the app: the trust policy of ${role.resource.path} refuses the pasted claims: ${failing.join('; ')}.`;
  return withoutUndefined({
    constructPath: role.resource.path,
    policy: `${role.resource.stack.id}/${role.resource.logicalId}`,
    failingConditions: failing,
    explanation,
  });
}

/** The inline policy the role's repository grants are written to (not its login policy), else its first. */
function grantPolicyOf(principal: PrincipalView): PolicyView | undefined {
  const repositoryScoped = principal.inline.find((p) => p.statements.some((s) => [...ecrActionsOf(s)].some((a) => a !== 'ecr:GetAuthorizationToken')));
  return repositoryScoped ?? principal.inline[0];
}

function trustsWebIdentity(principal: PrincipalView): boolean {
  return principal.type === PrincipalType.ROLE
    && (principal.trust?.statements ?? []).some((s) => s.effect === 'Allow' && (s.actions ?? []).some((a) => textMatches(a.value, 'sts:AssumeRoleWithWebIdentity')));
}

/** The role or user of the app with this ARN: by its ARN when the name is fixed, by its logical id in a generated name otherwise. */
function principalNamed(model: AccessModel, arn: string): PrincipalView | undefined {
  const exact = model.principals.find((p) => p.arn === arn);
  if (exact) return exact;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  // CloudFormation names a role it names itself <stack>-<logical id>-<random>, cutting long parts
  const generated = model.principals.filter((p) => !isKnown(p.arn) && name.includes(p.resource.logicalId.slice(0, 16)));
  return generated.length === 1 ? generated[0] : undefined;
}

function repositoryNamed(model: AccessModel, name: string | undefined): RepositoryView | undefined {
  if (name === undefined) return undefined;
  const found = model.repositories.filter((r) => r.arn.endsWith(`:repository/${name}`));
  return found.length === 1 ? found[0] : undefined;
}

function repositoryArnOf(d: Diagnosis): string | undefined {
  if (d.region === undefined || d.resourceAccount === undefined || d.repositoryName === undefined) return undefined;
  return repositoryArnFor({ region: d.region, repositoryAccount: d.resourceAccount, repositoryName: d.repositoryName });
}

function allows(policy: PolicyView, action: string, arn: string | undefined): boolean {
  return policy.statements.some((s) => s.effect === 'Allow' && actionMatches(s, action) && (arn === undefined ? (s.resources ?? []).some((r) => r.value === '*') : statementCovers(s, arn)));
}

function actionMatches(statement: StatementView, action: string): boolean {
  const ecr = action.startsWith('ecr:') ? findEcrAction(action) : undefined;
  if (ecr) return ecrActionsOf(statement).has(qualifyEcrAction(ecr.name));
  return (statement.actions ?? []).some((a) => textMatches(a.value.toLowerCase(), action.toLowerCase()));
}
