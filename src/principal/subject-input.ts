import { InputProblems, isToken } from '../private/input-problems';

// Input that becomes trusted subjects: git branch and tag names (git check-ref-format), deployment
// environment names, and the lists that hold them. `*` and `?` are allowed as IAM wildcards: git forbids both in ref
// names, so they can only mean a pattern.

const REF_FORBIDDEN = /[\s~^:\\[\x00-\x1f\x7f]/;

/** Validates a branch or tag name or pattern; tokens are skipped. */
export function checkRefName(problems: InputProblems, property: string, name: string, kind: 'branch' | 'tag'): void {
  if (isToken(name)) return;
  const example = kind === 'branch' ? '\'main\' or \'release/*\'' : '\'v1.2.3\' or \'v*\'';
  if (/^refs\/(heads|tags)\//.test(name)) {
    problems.add(property, name, `is a full git ref, but ${kind} names are written without it`, `use '${name.replace(/^refs\/(heads|tags)\//, '')}'`);
    return;
  }
  const bad = name.length === 0 || name.length > 255 || REF_FORBIDDEN.test(name) || name.includes('..') || name.includes('@{') ||
    name.includes('//') || /^[-/.]/.test(name) || /[/.]$/.test(name) || name.endsWith('.lock') || name === '@';
  if (bad) {
    problems.add(property, name,
      `is not a git ${kind} name (no spaces or any of ~ ^ : \\ [, no '..' or '//', not starting with '-', '/' or '.', not ending with '/', '.' or '.lock')`,
      `use the ${kind} name as git shows it, e.g. ${example} ('*' matches any characters)`);
  }
}

/** Validates a deployment environment name or pattern; tokens are skipped. */
export function checkEnvironmentName(problems: InputProblems, property: string, name: string): void {
  if (isToken(name)) return;
  if (name.length === 0 || name.length > 255 || /[\x00-\x1f\x7f]/.test(name) || name.trim() !== name) {
    problems.add(property, name, 'is not an environment name (1–255 characters, no control characters, no leading or trailing spaces)',
      'use the environment name as your CI shows it, e.g. \'production\'');
  }
}

/**
 * Rejects a list that is itself a deploy-time value: each entry becomes its own subject, so the
 * entries must be known at synth (each entry may still be a deploy-time value).
 */
export function checkListKnown(problems: InputProblems, property: string, values: readonly string[] | undefined): boolean {
  if (values === undefined || !isToken(values)) return true;
  problems.add(property, 'a deploy-time list', 'cannot be turned into one trusted subject per entry at synth',
    'list the entries in code (each entry may itself be a deploy-time value)');
  return false;
}

/** Validates a list of filters: absent is fine, empty is refused (no run could match). */
export function checkNotEmpty(problems: InputProblems, property: string, values: readonly string[] | undefined, example: string): void {
  if (values !== undefined && !isToken(values) && values.length === 0) {
    problems.add(property, values, 'is empty, so no run could assume the role', `list at least one, e.g. ${example}, or leave ${property} out`);
  }
}
