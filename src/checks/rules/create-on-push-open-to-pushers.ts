import { EcrActions } from '../../actions/action-sets';
import { hasWildcard, parseArn, patternMatches, UnknownParts } from '../../analysis/arn-pattern';
import { isKnown } from '../../analysis/cfn-values';
import { constructLabel, quote, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { CreationTemplateView } from '../../analysis/model-views';
import { ecrActionsOf, PolicyKind, StatementView, uploadsLayers } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { Rule, RuleContext } from '../rule';

const CREATE_ON_PUSH = 'CREATE_ON_PUSH';
const CREATE = EcrActions.CREATE_ON_PUSH;
// A repository name no existing repository can have ('~' is not allowed in names), so only patterns
// that cover names not created yet match it.
const NEW_NAME = '~new~';

/**
 * Catches a repository creation template with `CREATE_ON_PUSH` whose namespace principals outside the
 * intended set may push to: principals allowed to push to names under the prefix (`team-a/*`, `*`)
 * but not allowed `ecr:CreateRepository` there, as `EcrCiPrincipal.allowCreateOnPush` grants it.
 * Both identity policies and registry policies are read; pushes to named repositories are fine.
 */
export const createOnPushOpenToPushers: Rule = {
  id: 'create-on-push-open-to-pushers',
  level: EcrCheckLevel.WARNING,
  summary: 'A repository creation template with `CREATE_ON_PUSH` for a namespace that principals without `ecr:CreateRepository` there may push to',
  why: 'With CREATE_ON_PUSH, ECR creates the repository when a principal pushes to a name that does not exist yet: a principal allowed to push to ' +
    'names under the namespace can then create repositories there (blank ones, when its push is refused afterwards), whoever the template was meant for.',
  fix: 'Scope push grants to the repositories that exist (their ARNs, not the namespace), and grant the pipelines meant to create repositories ' +
    'with `EcrCiPrincipal.allowCreateOnPush(prefix)`',
  check(context) {
    for (const template of context.model.creationTemplates) {
      context.guard(template.resource, 'Properties/AppliedFor', () => {
        if (template.appliedFor === undefined) {
          context.notChecked(template.resource, 'Properties/AppliedFor', 'the scenarios of this creation template');
          return;
        }
        if (!template.appliedFor.includes(CREATE_ON_PUSH)) return;
        if (!isKnown(template.prefix)) {
          context.notChecked(template.resource, 'Properties/Prefix', 'the prefix of this CREATE_ON_PUSH creation template');
          return;
        }
        checkTemplate(context, template);
      });
    }
  },
};

function checkTemplate(context: RuleContext, template: CreationTemplateView): void {
  const namespace = template.namespace;
  const where = template.root ? 'any new repository name' : `new repository names under '${namespace}/'`;
  const registry = `arn:${template.partition}:ecr:${template.region}:${template.account}:`;
  const probe = `${registry}repository/${template.root ? NEW_NAME : `${namespace}/${NEW_NAME}`}`;
  const coversNewNames = (pattern: string) => patternMatches(pattern, probe, UnknownParts.STRICT)
    // the ROOT template applies to every name no other template covers, not only to top-level ones
    || (template.root && coversNamesInRegistry(pattern, registry));
  const templateLabel = `'${constructLabel(template.resource)}'`;
  const fix = template.root
    ? 'scope its push to the repositories it builds (their ARNs), or give the ROOT template up for CREATE_ON_PUSH and use templates for the namespaces meant to be created'
    : `scope its push to the repositories it builds (their ARNs), or, if it should create repositories under '${namespace}/', grant it with ` +
      `EcrCiPrincipal.allowCreateOnPush('${namespace}') (ecr:CreateRepository on repository/${namespace}/*)`;

  for (const scope of identityScopes(context.model)) {
    context.guard(scope.resource, 'Properties', () => {
      const push = openPush(scope.statements, coversNewNames);
      if (!push || allowsCreate(scope.statements, coversNewNames)) return;
      context.report({
        resource: push.statement.policy.resource,
        location: push.location,
        message: `${scope.label} may push to ${where} (${statementLabel(push.statement)}: ${quote(push.pattern)}), and the creation template ` +
          `${templateLabel} (CREATE_ON_PUSH) creates a repository on such a push; it is not allowed ecr:CreateRepository there, so it is not one of the ` +
          'principals meant to create repositories.',
        fix,
      });
    });
  }

  for (const policy of context.model.policies) {
    if (policy.kind !== PolicyKind.REGISTRY || policy.resource.stack.account !== template.resource.stack.account
      || policy.resource.stack.region !== template.resource.stack.region) continue;
    context.guard(policy.resource, policy.location, () => {
      for (const statement of policy.statements) {
        const push = openPush([statement], coversNewNames);
        if (!push || allowsCreate(policy.statements.filter((s) => samePrincipals(s, statement)), coversNewNames)) continue;
        const principals = [...statement.principals?.values() ?? []].flat().map((p) => quote(p.value)).join(', ');
        context.report({
          resource: policy.resource,
          location: push.location,
          message: `${statementLabel(statement)} lets ${principals} push to ${where}, and the creation template ${templateLabel} ` +
            '(CREATE_ON_PUSH) creates a repository on such a push, although they are not allowed ecr:CreateRepository there.',
          fix: template.root
            ? 'limit the statement to namespaces whose repositories exist, or give the ROOT template up for CREATE_ON_PUSH'
            : `limit the statement's Resource to other namespaces, or allow ecr:CreateRepository on repository/${namespace}/* to the principals meant to create there`,
        });
      }
    });
  }
}

/** The first `Allow` of a layer upload on a resource pattern that covers names not created yet. */
function openPush(statements: readonly StatementView[], coversNewNames: (pattern: string) => boolean):
{ statement: StatementView; pattern: string; location: string } | undefined {
  if (statements.some((s) => s.effect === 'Deny' && !s.condition && uploadsLayers(s) && (s.resources ?? []).some((r) => coversNewNames(r.value)))) return undefined;
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || !uploadsLayers(statement)) continue;
    const resource = (statement.resources ?? [{ value: '*', location: statement.location }]).find((r) => coversNewNames(r.value));
    if (resource) return { statement, pattern: resource.value, location: resource.location };
  }
  return undefined;
}

function allowsCreate(statements: readonly StatementView[], coversNewNames: (pattern: string) => boolean): boolean {
  return statements.some((s) => s.effect === 'Allow' && CREATE.every((a) => ecrActionsOf(s).has(a))
    && (s.resources ?? [{ value: '*' }]).some((r) => coversNewNames(r.value)));
}


/** A repository pattern of this registry (`arn:…:<account>:`) with a wildcard in the repository name. */
function coversNamesInRegistry(pattern: string, registry: string): boolean {
  if (pattern === '*') return true;
  const arn = parseArn(pattern);
  if (!arn || !hasWildcard(arn.resource)) return false;
  const name = arn.resource.replace(/[*?]/g, 'x');
  return name.startsWith('repository/') && patternMatches(pattern, `${registry}${name}`, UnknownParts.STRICT);
}

function samePrincipals(a: StatementView, b: StatementView): boolean {
  const text = (s: StatementView) => JSON.stringify([...s.principals?.entries() ?? []].map(([k, v]) => [k, v.map((x) => x.value).sort()]).sort());
  return text(a) === text(b);
}
