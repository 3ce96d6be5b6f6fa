import { isKnown } from './cfn-values';
import { allEcrActions, ECR_SERVICE_PREFIX, matchEcrActions, qualifyEcrAction, wildcardToRegExp } from '../actions/catalog';
import { EcrActionData } from '../actions/catalog.generated';

// What an `Action` value of a policy means for ECR: which catalogue actions it matches. IAM action
// names and service prefixes are case-insensitive.

/** An action value split into service prefix and name (`ecr`, `Get*Token`); no prefix means service ''. */
export interface ActionName {
  readonly service: string;
  readonly name: string;
}

export function splitAction(action: string): ActionName {
  const colon = action.indexOf(':');
  if (colon < 0) return { service: '', name: action };
  return { service: action.slice(0, colon).toLowerCase(), name: action.slice(colon + 1) };
}

/**
 * The ECR actions an `Action` value matches: `ecr:Get*`, `ecr:*`, `*`, `ec?:PutImage` … An unknown
 * (deploy-time) value matches nothing; the not-checked rule reports it.
 */
export function ecrActionsMatching(action: string): readonly EcrActionData[] {
  let matched = matchCache.get(action);
  if (!matched) {
    matched = match(action);
    matchCache.set(action, matched);
  }
  return matched;
}

// policies repeat the same few action names thousands of times in a large app
const matchCache = new Map<string, readonly EcrActionData[]>();

function match(action: string): readonly EcrActionData[] {
  if (!isKnown(action)) return [];
  if (action === '*') return allEcrActions();
  const { service, name } = splitAction(action);
  if (service === ECR_SERVICE_PREFIX) return matchEcrActions(name);
  if (service.includes('*') || service.includes('?')) {
    return wildcardToRegExp(service).test(ECR_SERVICE_PREFIX) ? matchEcrActions(name) : [];
  }
  return [];
}

/**
 * The qualified ECR actions (`ecr:PutImage`) a statement's `Action` or `NotAction` lets through:
 * with `NotAction`, every ECR action the list does not match.
 */
export function ecrActionsAllowedBy(actions: readonly string[] | undefined, notActions: readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  if (actions) {
    for (const action of actions) for (const a of ecrActionsMatching(action)) out.add(qualifyEcrAction(a.name));
  } else if (notActions) {
    const excluded = new Set<string>();
    for (const action of notActions) for (const a of ecrActionsMatching(action)) excluded.add(a.name);
    for (const a of allEcrActions()) if (!excluded.has(a.name)) out.add(qualifyEcrAction(a.name));
  }
  return out;
}

/** True when every ECR action the value matches accepts only `Resource: "*"` (login, registry settings). */
export function matchesOnlyRegistryActions(action: string): boolean {
  const matched = ecrActionsMatching(action);
  return matched.length > 0 && matched.every((a) => a.wildcardOnly);
}

// `ecr:*`, `ECR:**`: the prefix case-insensitive, the name only stars. One regular expression and
// no split, as every action value of the app is asked.
const ALL_ECR_ACTIONS = new RegExp(`^${ECR_SERVICE_PREFIX}:\\*+$`, 'i');

/** True when the value is an ECR-specific pattern that matches every ECR action (`ecr:*`). */
export function isAllEcrActions(action: string): boolean {
  return ALL_ECR_ACTIONS.test(action);
}

