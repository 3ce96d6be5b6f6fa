import { AppSpec, Item, REFERENCE_FIELDS, REFERENCE_LISTS } from './app-spec';

// Shrinks an app that shows a mismatch to a minimal one that still shows it: drop items one at a
// time (with whatever refers to them), then drop optional settings and list entries one at a time,
// keeping each change only while the same mismatch signature persists. The result is printed as a
// snippet: the reproduction a fixer starts from.

/** Settings an item works without (absent: the library's default); lists lose entries one by one. */
const OPTIONAL = ['roleName', 'fold', 'push', 'pull', 'actions', 'accounts', 'pattern', 'functionName', 'resourceTags', 'appliedFor', 'region', 'prefix', 'name'] as const;

const NON_EMPTY = ['actions', 'appliedFor'];

/** Whether a candidate app still shows the mismatch. */
export type StillFails = (spec: AppSpec) => Promise<boolean>;

export interface ShrinkResult {
  readonly spec: AppSpec;
  /** How many candidate apps were built and evaluated. */
  readonly tries: number;
}

export async function shrink(spec: AppSpec, stillFails: StillFails, maxTries = 150): Promise<ShrinkResult> {
  let current = spec;
  let tries = 0;
  const attempt = async (candidate: AppSpec | undefined): Promise<boolean> => {
    if (!candidate || tries >= maxTries) return false;
    tries++;
    if (!(await stillFails(candidate))) return false;
    current = candidate;
    return true;
  };

  for (let changed = true; changed;) {
    changed = false;
    for (let i = current.items.length - 1; i >= 0; i--) {
      if (i < current.items.length && await attempt(withoutItem(current, current.items[i].id))) changed = true;
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const item of current.items) {
      for (const key of OPTIONAL) {
        for (const candidate of simplifications(current, item, key)) {
          if (await attempt(candidate)) {
            changed = true;
            break;
          }
        }
      }
      if (changed) break;
    }
  }
  return { spec: current, tries };
}

/** The app without an item, and without everything that refers to it (transitively). */
export function withoutItem(spec: AppSpec, id: string): AppSpec {
  const dropped = new Set([id]);
  const items: Item[] = [];
  for (const item of spec.items) {
    if (dropped.has(item.id) || REFERENCE_FIELDS.some((f) => dropped.has((item as Record<string, unknown>)[f] as string))) {
      dropped.add(item.id);
      continue;
    }
    let kept: Item = item;
    for (const list of REFERENCE_LISTS) {
      const values = (item as Record<string, unknown>)[list];
      if (Array.isArray(values) && values.some((v) => dropped.has(v))) kept = { ...kept, [list]: values.filter((v) => !dropped.has(v)) } as Item;
    }
    items.push(kept);
  }
  return { seed: spec.seed, items };
}

/** The item without the setting, or with one entry fewer in it. */
function simplifications(spec: AppSpec, item: Item, key: string): AppSpec[] {
  const value = (item as Record<string, unknown>)[key];
  if (value === undefined) return [];
  // a namespace's region, a registry grant's prefix and an owned repository's name are optional; elsewhere they are not
  if (key === 'region' && item.kind !== 'ciNamespace') return [];
  if (key === 'prefix' && item.kind !== 'registryAllow') return [];
  if (key === 'name' && !(item.kind === 'repo' && (item.type === 'pushable' || item.type === 'plain'))) return [];
  const replace = (next: unknown) => ({ seed: spec.seed, items: spec.items.map((i) => (i === item ? { ...i, [key]: next } as Item : i)) });
  if (Array.isArray(value) && value.length > 1) return value.map((_, n) => replace(value.filter((__, m) => m !== n)));
  // grant(grantee) without actions and a template applied for nothing are invalid input: keep one
  return NON_EMPTY.includes(key) ? [] : [replace(undefined)];
}
