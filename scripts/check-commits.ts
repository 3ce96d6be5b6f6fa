/**
 * Commit subjects follow Conventional Commits (https://www.conventionalcommits.org): `type(scope): subject`
 * or `type: subject`, `!` before the colon for a breaking change, at most 72 characters. projen's release
 * reads them to choose the next version and to write the release notes (dist/changelog.md), and
 * pull-request-lint.yml asks the same of pull-request titles (the subject of a squash merge).
 *
 * Run in CI (`npx projen commits:check`) on every commit after BASELINE that is not a merge.
 */
import { execFileSync } from 'child_process';

/** The types projen's release and the pull-request title check accept (.projenrc.ts reads this list). */
export const COMMIT_TYPES = ['feat', 'fix', 'perf', 'refactor', 'docs', 'test', 'build', 'ci', 'chore', 'revert'];

/** Git's one-line views and GitHub's commit lists cut longer subjects. */
export const MAX_SUBJECT_LENGTH = 72;

/**
 * The last commit before the convention (main at "tests: the report helper finds templates with the
 * command's own manifest walk …", 2026-12): earlier subjects (a median of 99 characters, WIP and merge
 * commits) stay as they are; every commit after it is checked.
 */
export const BASELINE = 'cbc4454ad56f2713023b0fe0456eeac1f4c48f5a';

const CONVENTIONAL = new RegExp(`^(${COMMIT_TYPES.join('|')})(\\([a-z0-9][a-z0-9./-]*\\))?!?: \\S`);

/** What is wrong with a commit subject, each with its fix; empty when it follows the convention. */
export function subjectProblems(subject: string): string[] {
  const problems: string[] = [];
  if (!CONVENTIONAL.test(subject)) {
    problems.push(`does not start with "type: " or "type(scope): " (type one of ${COMMIT_TYPES.join(', ')}; scope in lower case)`);
  }
  if (subject.length > MAX_SUBJECT_LENGTH) {
    problems.push(`is ${subject.length} characters long; keep it to ${MAX_SUBJECT_LENGTH} and put the why in the body`);
  }
  return problems;
}

function main() {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  try {
    git('merge-base', '--is-ancestor', BASELINE, 'HEAD');
  } catch {
    console.error(`commits:check: the baseline ${BASELINE} is not in this clone's history of HEAD: `
      + 'a shallow clone? Fetch the whole history (actions/checkout with fetch-depth: 0).');
    process.exit(1);
  }
  const commits = git('log', '--no-merges', '--format=%h%x09%s', `${BASELINE}..HEAD`).split('\n').filter((line) => line !== '');
  const failures = commits.flatMap((line) => {
    const [sha, subject] = line.split('\t');
    return subjectProblems(subject).map((problem) => `${sha} "${subject}" ${problem}`);
  });
  if (failures.length > 0) {
    console.error([`${failures.length} problem(s) in the subjects of ${commits.length} commit(s) after ${BASELINE.slice(0, 7)}:`, ...failures,
      'Reword them (git rebase -i) before merging; CONTRIBUTING.md describes the convention.'].join('\n'));
    process.exit(1);
  }
  console.log(`commits:check: ${commits.length} commit subject(s) after ${BASELINE.slice(0, 7)} follow Conventional Commits`);
}

if (require.main === module) main();
