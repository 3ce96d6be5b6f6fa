import { findEcrAction } from '../actions/catalog';
import { AccessModel } from '../analysis/access-model';
import { hasWildcard, parseArn } from '../analysis/arn-pattern';
import { deployTimeValue, displayValue, isKnown } from '../analysis/cfn-values';
import { constructLabel } from '../analysis/describe';
import { CreationTemplateView, RegistryPolicyView, RepositoryView } from '../analysis/model-views';
import { ecrActionsOf, PolicyKind } from '../analysis/policy-view';

// The columns of the report: the repositories of the app, the repositories outside it that identity
// policies name by ARN (imported ones), and the name patterns they name (`repository/team-a/*`,
// where a principal may create repositories), those a registry policy names, and the repositories a
// creation template of the app has ECR create. A registry policy of the app is a resource policy of
// every repository in its account and Region, in or outside the app; a creation template's repository
// policy is the policy of the repositories ECR creates under its prefix.

export enum TargetSource {
  /** Defined in the app: its repository policy is known. */
  APP = 'app',
  /** Named by ARN in an identity policy, defined elsewhere: its repository policy is unknown. */
  IMPORTED = 'imported',
  /** Every repository whose name matches a pattern an identity policy names. */
  PATTERN = 'pattern',
}

const SOURCE_ORDER = Object.values(TargetSource);

export interface Target {
  /** Unique and stable: the repository name (with account and region when two columns share it). */
  readonly name: string;
  /** The repository name or name pattern (`team-a/*`), as written. */
  readonly repositoryName: string;
  /** The ARN requests are evaluated on: a pattern's wildcards stand for a name nobody wrote. */
  readonly arn: string;
  /** The ARN as users read it (a pattern keeps its wildcards). */
  readonly displayArn: string;
  readonly account: string;
  readonly region: string;
  readonly source: TargetSource;
  readonly view?: RepositoryView;
  /** The registry policy of its account and Region, when the app defines it. */
  readonly registry?: RegistryPolicyView;
  /** For a name pattern: the creation template (with a repository policy) whose prefix covers it. */
  readonly template?: CreationTemplateView;
}

// the name nobody wrote: only a policy pattern that matches any text at that place covers it
const ANY_NAME = deployTimeValue('any name');

export function targetsOf(model: AccessModel): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const view of model.repositories) {
    const arn = parseArn(view.arn);
    const name = arn?.resource.replace(/^repository\//, '') ?? view.arn;
    targets.push({
      name: isKnown(name) ? name : constructLabel(view.resource),
      repositoryName: displayValue(name),
      arn: view.arn,
      displayArn: displayValue(view.arn),
      account: view.account,
      region: arn?.region ?? '',
      source: TargetSource.APP,
      view,
    });
    seen.add(view.arn);
  }

  // every policy of the app (thousands), and each of its statements: indexed loops, as a for-of
  // allocates an iterator and a result per element in code run once
  const policies = model.policies;
  for (let p = 0; p < policies.length; p++) {
    const policy = policies[p];
    if (policy.kind !== PolicyKind.INLINE && policy.kind !== PolicyKind.MANAGED && policy.kind !== PolicyKind.REGISTRY) continue;
    for (let s = 0; s < policy.statements.length; s++) {
      const statement = policy.statements[s];
      if (statement.effect !== 'Allow' || !statement.resources || !namesRepositoryAction(ecrActionsOf(statement))) continue;
      for (let r = 0; r < statement.resources.length; r++) {
        const value = statement.resources[r].value;
        if (seen.has(value)) continue;
        seen.add(value);
        const target = outsideTarget(value);
        if (target) targets.push(target);
      }
    }
  }
  const templates = model.creationTemplates.filter((t) => t.policy && isKnown(t.prefix));
  for (const template of templates) {
    const arn = `arn:${template.partition}:ecr:${template.region}:${template.account}:repository/${template.namePattern}`;
    if (seen.has(arn)) continue;
    seen.add(arn);
    const target = outsideTarget(arn);
    if (target) targets.push(target);
  }

  const registryOf = (t: Target) => model.registryPolicies.find((r) => r.account === t.account && r.region === t.region);
  return uniqueNames(targets).map((t) => {
    const registry = registryOf(t);
    const template = t.source === TargetSource.PATTERN ? templateOf(templates, t) : undefined;
    // most columns have neither: no copy of them
    return registry || template ? { ...t, ...registry ? { registry } : {}, ...template ? { template } : {} } : t;
  }).sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) || a.name.localeCompare(b.name));
}

// statements share their action sets (one per distinct action list): each set is judged once
const repositoryActionSets = new WeakMap<ReadonlySet<string>, boolean>();

/** True when the set has an action on repositories (not only account-level ones such as login). */
function namesRepositoryAction(actions: ReadonlySet<string>): boolean {
  let found = repositoryActionSets.get(actions);
  if (found === undefined) {
    found = [...actions].some((a) => findEcrAction(a)?.wildcardOnly === false);
    repositoryActionSets.set(actions, found);
  }
  return found;
}

/** A repository ARN or name pattern outside the app, when partition, Region and account are certain. */
function outsideTarget(value: string): Target | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== 'ecr' || !arn.resource.startsWith('repository/')) return undefined;
  if ([arn.partition, arn.region, arn.account].some((part) => hasWildcard(part) || part === '')) return undefined;
  const name = arn.resource.slice('repository/'.length);
  if (name === '') return undefined;
  const pattern = hasWildcard(name);
  return {
    name: displayValue(name),
    repositoryName: displayValue(name),
    arn: pattern ? value.replace(/[*?]+/g, ANY_NAME) : value,
    displayArn: displayValue(value),
    account: arn.account,
    region: arn.region,
    source: pattern ? TargetSource.PATTERN : TargetSource.IMPORTED,
  };
}

/** The creation template ECR applies to the names of a pattern: the longest prefix that covers them all. */
function templateOf(templates: readonly CreationTemplateView[], target: Target): CreationTemplateView | undefined {
  const rank = (template: CreationTemplateView) => (template.root ? 0 : template.prefix.length);
  let best: CreationTemplateView | undefined;
  for (const template of templates) {
    if (template.account !== target.account || template.region !== target.region) continue;
    const covers = template.root || target.repositoryName.startsWith(template.namePattern.slice(0, -1));
    if (covers && (!best || rank(template) > rank(best))) best = template;
  }
  return best;
}

function uniqueNames(targets: Target[]): Target[] {
  const counts = new Map<string, number>();
  for (const t of targets) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  return targets.map((t) => (counts.get(t.name)! > 1 ? { ...t, name: `${t.name} (${displayValue(t.account)} ${displayValue(t.region)})` } : t));
}
