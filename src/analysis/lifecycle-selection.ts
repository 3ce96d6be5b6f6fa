import { AccessModel } from './access-model';
import { textMatches } from './arn-pattern';
import { isKnown } from './cfn-values';
import { RepositoryView } from './model-views';

// Which rule of an ECR lifecycle policy can archive or expire an image with a given tag, by ECR's
// documented selection rules. Only the rules that act on images in standard storage matter to a
// pull: an image in archive storage is already unpullable, and the rule that put it there is the one
// to name.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A lifecycle rule that can remove a tagged image from standard storage. */
export interface RemovingRule {
  readonly rulePriority: number;
  /** `expire` (deleted) or `transition` (archived: pulls answer 404 until it is restored). */
  readonly action: string;
  /** `imageCountMoreThan`, `sinceImagePushed` or `sinceImagePulled`. */
  readonly countType: string;
  readonly countNumber: number;
}

/**
 * True when a rule's `selection` selects an image carrying `tag` (ECR's tag matching):
 * - `any` selects every image, `untagged` none that has a tag;
 * - `tagged` with `tagPrefixList` selects tags that start with a prefix, with `tagPatternList` tags
 *   that match a pattern (`*` is any sequence of characters, case-sensitive). With several prefixes
 *   or patterns ECR selects only images that carry all of them: the image may carry the others
 *   beside this tag, so one matching is enough for "can".
 */
export function selectsTag(selection: any, tag: string): boolean {
  switch (selection?.tagStatus) {
    case 'any':
      return true;
    case 'tagged': {
      const patterns: unknown[] = Array.isArray(selection.tagPatternList) ? selection.tagPatternList : [];
      const prefixes: unknown[] = Array.isArray(selection.tagPrefixList) ? selection.tagPrefixList : [];
      return patterns.some((p) => typeof p === 'string' && tagPatternMatches(p, tag))
        || prefixes.some((p) => typeof p === 'string' && tag.startsWith(p));
    }
    default:
      return false;
  }
}

/**
 * ECR's tag pattern: `*` matches any sequence of characters (none included), everything else itself,
 * case-sensitive. Tags and patterns hold no `?`, so IAM's wildcard matching reads them the same.
 */
export function tagPatternMatches(pattern: string, tag: string): boolean {
  return textMatches(pattern, tag);
}

/**
 * The rule that can archive or expire an image with this tag in standard storage, or undefined.
 * ECR applies rules by ascending `rulePriority`, and "an image that matches the tagging requirements
 * of a rule cannot be expired or archived by a rule with a lower priority": the first rule of the
 * standard class that selects the tag is the only one that can act on it. Every count type can reach
 * it: a newer image pushes it out of `imageCountMoreThan`, a tag nobody re-pushes grows old, and a
 * task or function that rarely starts rarely pulls.
 *
 * @param policy the parsed `LifecyclePolicyText`
 */
export function ruleRemovingTag(policy: any, tag: string): RemovingRule | undefined {
  const rules: any[] = Array.isArray(policy?.rules) ? [...policy.rules] : [];
  rules.sort((a, b) => Number(a?.rulePriority) - Number(b?.rulePriority));
  for (const rule of rules) {
    const selection = rule?.selection;
    if ((selection?.storageClass ?? 'standard') !== 'standard' || !selectsTag(selection, tag)) continue;
    // a tag names one image of a repository: a rule whose patterns include the tag itself selects that
    // image alone, so "more than N" (N ≥ 1) never counts it out. This is how a policy keeps a tag.
    if (keepsOnlyThisTag(selection, tag)) return undefined;
    return {
      rulePriority: Number(rule.rulePriority),
      action: String(rule.action?.type),
      countType: String(selection.countType),
      countNumber: Number(selection.countNumber),
    };
  }
  return undefined;
}

function keepsOnlyThisTag(selection: any, tag: string): boolean {
  const patterns: unknown[] = Array.isArray(selection.tagPatternList) ? selection.tagPatternList : [];
  return selection.tagStatus === 'tagged' && selection.countType === 'imageCountMoreThan' && Number(selection.countNumber) >= 1
    && patterns.includes(tag) && !tag.includes('*');
}

/** The repository's `LifecyclePolicyText` as resolved (may hold deploy-time parts); undefined when it has none. */
export function lifecyclePolicyText(model: AccessModel, repository: RepositoryView): string | undefined {
  const { stack, logicalId } = repository.resource;
  const raw = stack.template.Resources?.[logicalId]?.Properties?.LifecyclePolicy?.LifecyclePolicyText;
  if (raw === undefined) return undefined;
  const text = model.resolver.resolve(stack, raw);
  return typeof text === 'string' ? text : JSON.stringify(text);
}

/**
 * The `tagStatus` of each rule of the repository's lifecycle policy (known at synth) that moves images
 * to archive storage, sorted: `[]` when none does (or the policy is unreadable).
 */
export function archivedTagStatuses(model: AccessModel, repository: RepositoryView): string[] {
  const text = lifecyclePolicyText(model, repository);
  if (text === undefined || !isKnown(text)) return [];
  try {
    const rules: any[] = JSON.parse(text)?.rules;
    if (!Array.isArray(rules)) return [];
    return [...new Set(rules.filter((r) => r?.action?.type === 'transition').map((r) => String(r.selection?.tagStatus)))].sort();
  } catch {
    return [];
  }
}
