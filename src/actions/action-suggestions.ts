import { allEcrActions, qualifyEcrAction } from './catalog';

// "Did you mean …?" for misspelt ECR action names: the closest catalogue names by edit distance, and
// names the typo abbreviates (`GetAuthToken` → `GetAuthorizationToken`).

/** "did you mean 'ecr:PutImage'?" for a misspelt action name, or undefined when no catalogue name is close. */
export function didYouMean(name: string): string | undefined {
  const suggestions = suggestEcrActions(name).map((n) => `'${qualifyEcrAction(n)}'`);
  return suggestions.length > 0 ? `did you mean ${suggestions.join(' or ')}?` : undefined;
}

export function suggestEcrActions(name: string): string[] {
  const lower = name.replace(/[*?]/g, '').toLowerCase();
  if (lower.length === 0) return [];
  const scored: Array<{ name: string; score: number }> = [];
  for (const action of allEcrActions()) {
    const candidate = action.name.toLowerCase();
    const distance = editDistance(lower, candidate);
    if (distance <= Math.max(2, Math.floor(candidate.length / 5))) {
      scored.push({ name: action.name, score: distance });
    } else if (lower.length >= 5 && lower[0] === candidate[0] && isSubsequence(lower, candidate)) {
      // an abbreviation ranks after every near miss, shorter expansions first
      scored.push({ name: action.name, score: 50 + candidate.length - lower.length });
    }
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, 3).map((s) => s.name);
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
