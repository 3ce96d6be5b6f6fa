// How ECR applies a lifecycle policy to the images of a repository, written from AWS's documentation
// independently of src/, so tests can ask "what happens to this image?" of the policy text a
// construct wrote. Test-only.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive_restore_image.html

/** One image of a repository, as lifecycle evaluation sees it (days before the evaluation). */
export interface ImageState {
  readonly tags: readonly string[];
  readonly pushedDaysAgo: number;
  /** Last recorded pull; absent when never pulled (then counted from the push: an assumption, see below). */
  readonly pulledDaysAgo?: number;
  readonly storageClass?: 'standard' | 'archive';
  readonly transitionedDaysAgo?: number;
}

/** What one evaluation does to an image: nothing, move it to the archive storage class (it can no longer be pulled), or delete it. */
export type LifecycleOutcome = 'kept' | 'archived' | 'expired';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function applyLifecyclePolicy(policyText: string, images: Record<string, ImageState>): Record<string, LifecycleOutcome> {
  const rules = [...JSON.parse(policyText).rules].sort((a: any, b: any) => a.rulePriority - b.rulePriority);
  const outcome: Record<string, LifecycleOutcome> = Object.fromEntries(Object.keys(images).map((name) => [name, 'kept']));
  // "An image that matches the tagging requirements of a higher priority rule cannot be expired by a
  // rule with a lower priority": once a rule selects an image, later rules skip it
  const claimed = new Set<string>();
  for (const rule of rules) {
    const selected = Object.entries(images)
      .filter(([name]) => !claimed.has(name))
      .filter(([, image]) => (image.storageClass ?? 'standard') === (rule.selection.storageClass ?? 'standard'))
      .filter(([, image]) => selectsTags(rule.selection, image.tags));
    for (const [name] of selected) claimed.add(name);
    for (const [name] of counted(rule.selection, selected)) {
      outcome[name] = rule.action.type === 'transition' && rule.action.targetStorageClass === 'archive' ? 'archived' : 'expired';
    }
  }
  return outcome;
}

function selectsTags(selection: any, tags: readonly string[]): boolean {
  switch (selection.tagStatus) {
    case 'any': return true;
    case 'untagged': return tags.length === 0;
    case 'tagged': {
      // with several patterns or prefixes, only images that have all of them are selected
      if (selection.tagPatternList) return selection.tagPatternList.every((p: string) => tags.some((t) => wildcard(p).test(t)));
      return (selection.tagPrefixList ?? []).every((p: string) => tags.some((t) => t.startsWith(p)));
    }
    default: throw new Error(`unknown tagStatus ${selection.tagStatus}`);
  }
}

function counted(selection: any, selected: Array<[string, ImageState]>): Array<[string, ImageState]> {
  const n = selection.countNumber;
  switch (selection.countType) {
    case 'imageCountMoreThan': return [...selected].sort(([, a], [, b]) => a.pushedDaysAgo - b.pushedDaysAgo).slice(n);
    case 'sinceImagePushed': return selected.filter(([, image]) => image.pushedDaysAgo > n);
    // never pulled: counted from the push. AWS's pages do not say; the tests here do not depend on it
    case 'sinceImagePulled': return selected.filter(([, image]) => (image.pulledDaysAgo ?? image.pushedDaysAgo) > n);
    case 'sinceImageTransitioned': return selected.filter(([, image]) => (image.transitionedDaysAgo ?? 0) > n);
    default: throw new Error(`unknown countType ${selection.countType}`);
  }
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/**
 * What ECR would reject in a lifecycle policy, written from AWS's documentation independently of
 * src/: the combinations of count type, storage class and action, the 90-day archive minimum, the
 * count unit, null keys, and the rules that hold per storage class (one `any` rule, applied last;
 * one rule for untagged images). Empty when ECR accepts the policy.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html ("Important" notes)
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */
export function ecrLifecycleProblems(policyText: string): string[] {
  const problems: string[] = [];
  if (/:\s*null/.test(policyText)) problems.push('a null value (cloudposse/terraform-aws-ecr#159: InvalidParameterException)');
  const rules: any[] = JSON.parse(policyText).rules;
  if (rules.length > 50) problems.push('more than 50 rules');
  if (policyText.length > 30720) problems.push('longer than 30,720 characters');
  const allowed: Record<string, { storageClass: string; actions: string[]; unit: boolean; min: number }> = {
    imageCountMoreThan: { storageClass: 'standard', actions: ['expire', 'transition'], unit: false, min: 1 },
    sinceImagePushed: { storageClass: 'standard', actions: ['expire', 'transition'], unit: true, min: 1 },
    sinceImagePulled: { storageClass: 'standard', actions: ['transition'], unit: true, min: 1 },
    sinceImageTransitioned: { storageClass: 'archive', actions: ['expire'], unit: true, min: 90 },
  };
  for (const rule of rules) {
    const at = `rule ${rule.rulePriority}`;
    const { selection, action } = rule;
    const shape = allowed[selection.countType];
    if (shape === undefined) { problems.push(`${at}: countType ${selection.countType}`); continue; }
    const storageClass = selection.storageClass ?? 'standard';
    if (storageClass !== shape.storageClass) problems.push(`${at}: storageClass ${storageClass} with ${selection.countType}`);
    if (!shape.actions.includes(action.type)) problems.push(`${at}: action ${action.type} with ${selection.countType}`);
    if (action.type === 'transition' && action.targetStorageClass !== 'archive') problems.push(`${at}: transition without targetStorageClass archive`);
    if (shape.unit ? selection.countUnit !== 'days' : selection.countUnit !== undefined) problems.push(`${at}: countUnit ${selection.countUnit}`);
    if (!Number.isInteger(selection.countNumber) || selection.countNumber < shape.min) problems.push(`${at}: countNumber ${selection.countNumber}`);
  }
  if (new Set(rules.map((r) => r.rulePriority)).size !== rules.length) problems.push('duplicate rulePriority');
  for (const storageClass of ['standard', 'archive']) {
    const inClass = rules.filter((r) => (r.selection.storageClass ?? 'standard') === storageClass);
    const any = inClass.filter((r) => r.selection.tagStatus === 'any');
    if (any.length > 1) problems.push(`${storageClass}: more than one tagStatus any rule`);
    if (any.some((a) => inClass.some((r) => r !== a && r.rulePriority > a.rulePriority))) problems.push(`${storageClass}: the tagStatus any rule is not last`);
    if (inClass.filter((r) => r.selection.tagStatus === 'untagged').length > 1) problems.push(`${storageClass}: more than one untagged rule`);
  }
  return problems;
}
