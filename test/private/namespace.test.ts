import { CfnParameter, Stack } from 'aws-cdk-lib';
import { InputProblems } from '../../src/private/input-problems';
import { checkNamespace, NamespaceRules, namespaceOf, RepositoryNamespace } from '../../src/private/namespace';

// One meaning of namespace everywhere: 'team-a/' and 'team-a' cover the repositories named
// 'team-a/…'; a text pattern with its '*' only where IAM matches text; ECR's own settings take
// a namespace and, for creation templates, ROOT.

const IAM: NamespaceRules = { textPattern: true };
const ECR_TEMPLATE: NamespaceRules = { textPattern: false, length: { min: 1, max: 256 }, root: 'allowed' };
const ECR_CACHE: NamespaceRules = { textPattern: false, length: { min: 2, max: 30 }, root: { problem: 'is refused', fix: 'name a namespace' } };

function check(value: string | undefined, rules: NamespaceRules): RepositoryNamespace | string | undefined {
  const problems = new InputProblems('test');
  const result = checkNamespace(problems, 'namespace', value, rules);
  try {
    problems.throwIfAny();
  } catch (e) {
    return (e as Error).message.split('\n')[1].trim();
  }
  return result;
}

describe('accepted: the repositories each value covers', () => {
  test.each<[string, NamespaceRules, RepositoryNamespace | undefined]>([
    ['team-a/', IAM, { resourceName: 'team-a/*', nameStart: 'team-a/' }],
    ['team-a', IAM, { resourceName: 'team-a/*', nameStart: 'team-a/' }],
    ['team-a/svc', IAM, { resourceName: 'team-a/svc/*', nameStart: 'team-a/svc/' }],
    ['team_a.b--c', IAM, { resourceName: 'team_a.b--c/*', nameStart: 'team_a.b--c/' }],
    ['team-a-*', IAM, { resourceName: 'team-a-*', nameStart: 'team-a-' }],
    ['team-a/*', IAM, { resourceName: 'team-a/*', nameStart: 'team-a/' }],
    ['team-a/svc-*', IAM, { resourceName: 'team-a/svc-*', nameStart: 'team-a/svc-' }],
    ['team-a', ECR_TEMPLATE, { resourceName: 'team-a/*', nameStart: 'team-a/' }],
    ['ROOT', ECR_TEMPLATE, undefined],
    ['docker-hub/', ECR_CACHE, { resourceName: 'docker-hub/*', nameStart: 'docker-hub/' }],
  ])('%s (%j)', (value, rules, expected) => {
    expect(check(value, rules)).toEqual(expected);
  });

  test('a value known only at deploy time is read as a namespace without its /', () => {
    const value = new CfnParameter(new Stack(), 'Namespace').valueAsString;
    expect(check(value, ECR_CACHE)).toEqual({ resourceName: `${value}/*`, nameStart: `${value}/` });
  });
});

describe('refused, naming the value and the fix', () => {
  test.each<[string, string | undefined, NamespaceRules, RegExp]>([
    ['missing', undefined, IAM, /^- namespace: is missing and must name the namespace. Fix: pass a namespace such as 'team-a\/'$/],
    ['empty', '', IAM, /got '': would cover every repository of the account/],
    ['a lone *', '*', IAM, /got '\*': would cover every repository of the account/],
    ['a text prefix without its *', 'team-a-', IAM, /is not a repository namespace [^]*Fix: write 'team-a-\*' for the names that start with 'team-a-' \(a text pattern\), or 'team-a\/' for the namespace$/],
    ['a wildcard before the end', 'team-*/api', IAM, /holds a wildcard before its end, but only a trailing '\*' makes a text pattern. Fix: use 'team-\*'/],
    ['two wildcards', 'team-**', IAM, /holds a wildcard before its end/],
    ['a text pattern of upper case', 'Team-*', IAM, /is not a text pattern [^]*Fix: use a pattern such as 'team-\*', or 'team\/' for the namespace$/],
    ['a text pattern where ECR reads a namespace', 'team-*', ECR_TEMPLATE, /holds a wildcard, but ECR matches a prefix as a namespace: 'team-a' covers 'team-a\/...'. Fix: use 'team'$/],
    ['upper case', 'Team-A/', IAM, /got 'Team-A\/': is not a repository namespace [^]*Fix: use a namespace such as 'team-a\/'$/],
    ['upper case, an ECR setting', 'Team-A', ECR_TEMPLATE, /is not a repository namespace [^]*Fix: use a prefix such as 'team-a'$/],
    ['a doubled /', 'team-a//x', IAM, /got 'team-a\/\/x': is not a repository namespace/],
    ['a leading /', '/team-a', IAM, /got '\/team-a': is not a repository namespace/],
    ['ROOT where it is no namespace', 'ROOT', IAM, /got 'ROOT': is not a repository namespace/],
    ['ROOT where it is refused', 'ROOT', ECR_CACHE, /got 'ROOT': is refused. Fix: name a namespace$/],
    ['root in lower case for a template', 'root', ECR_TEMPLATE, /got 'root': is not 'ROOT' \(the registry-wide prefix is upper case\). Fix: use 'ROOT'$/],
    ['too short for a cache', 'a', ECR_CACHE, /got 'a': is 1 characters long; ECR allows 2 to 30/],
    ['too long for a cache', 'a'.repeat(31), ECR_CACHE, /is 31 characters long; ECR allows 2 to 30/],
    ['a text pattern too long', `${'a'.repeat(255)}*`, IAM, /is 256 characters long; ECR allows 1 to 255/],
  ])('%s', (_name, value, rules, message) => {
    expect(check(value, rules)).toMatch(message);
  });
});

test.each([['team-a/', 'team-a'], ['team-a', 'team-a'], ['team-a/svc/', 'team-a/svc']])('namespaceOf(%j) is %j', (prefix, namespace) => {
  expect(namespaceOf(prefix)).toBe(namespace);
});
