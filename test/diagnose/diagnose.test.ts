import { ACCESS_DENIED_CASES } from './access-denied-cases';
import * as M from './messages';
import { OTHER_KIND_CASES } from './other-kind-cases';
import { diagnose, EcrErrorDiagnosis } from '../../src';

// Every field of every diagnosis of the real messages is asserted against what an expert would say
// (access-denied-cases.ts, other-kind-cases.ts): the identifying fields exactly (absent means
// absent), the explanation by its key sentence, and the fix by its statements, compared with the
// action lists AWS documents (test/helpers/expected-actions.ts), not with the library's own sets.

const sorted = (actions: string[]) => [...actions].sort();

const TABLE = [...ACCESS_DENIED_CASES, ...OTHER_KIND_CASES];

describe('diagnose: messages as people paste them', () => {
  test('the table covers at least 30 messages and every kind', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(TABLE.map(([, text]) => diagnose(text).kind));
    expect([...kinds].sort()).toEqual([
      'access-denied', 'encoded-authorization-message', 'explicit-deny', 'forbidden', 'invalid-credentials', 'kms',
      'lambda-image-access', 'not-logged-in', 'repository-not-found', 'unrecognized',
    ]);
  });

  test.each(TABLE)('%s', (_name, text, expected) => {
    const { explanation, fix, denials, ...fields } = diagnose(text);

    expect(fields).toStrictEqual(expected.fields);
    expect(denials?.map((d) => d.action)).toEqual(expected.denials);
    expect(explanation).toMatch(expected.explanation);

    if (expected.noFix) {
      expect(fix).toBeUndefined();
      return;
    }
    expect(fix).toBeDefined();
    expect(identityStatements(fix!.identityPolicy)).toEqual(expected.identity?.map(([actions, resource]) => [sorted(actions), resource]));
    const repository = expected.repository?.map(([sid, principal, actions]) => [sid, principal, sorted(actions)]);
    expect(repositoryStatements(fix!.repositoryPolicy)).toEqual(repository);
    if (expected.cdk) expect(fix!.cdk).toMatch(expected.cdk);
    else expect(fix!.cdk).toBeUndefined();
    expect(fix!.steps.length).toBeGreaterThan(0);
    if (expected.step) expect(fix!.steps.join('\n')).toMatch(expected.step);
  });

  test('the static method is the same function, and JSON shows every field', () => {
    const viaClass = EcrErrorDiagnosis.diagnose(M.PYTORCH_CROSS_ACCOUNT);
    expect(viaClass).toEqual(diagnose(M.PYTORCH_CROSS_ACCOUNT));
    expect(Object.keys(JSON.parse(JSON.stringify(viaClass))).sort()).toEqual([
      'action', 'callerAccount', 'crossAccount', 'explanation', 'fix', 'missingPolicy', 'policyPrincipalArn', 'principalArn',
      'region', 'repositoryName', 'resourceAccount', 'kind',
    ].sort());
  });

  test('a repository policy never names a session, and a login never lands in a repository policy', () => {
    for (const [, text] of TABLE) {
      const d = diagnose(text);
      const json = JSON.stringify(d.fix?.repositoryPolicy ?? {});
      expect(json).not.toMatch(/assumed-role/);
      expect(json).not.toMatch(/GetAuthorizationToken/);
      expect(JSON.stringify([d.fix?.identityPolicy, d.fix?.repositoryPolicy])).not.toMatch(/"ecr:\*"|"\*:\*"/);
      expect(JSON.stringify(d)).not.toMatch(/\$\{Token\[/);
    }
  });

  test('human output, for every message in the table', () => {
    const rendered = Object.fromEntries(TABLE.map(([name, text]) => [name, EcrErrorDiagnosis.render(diagnose(text))]));
    expect(rendered).toMatchSnapshot();
  });
});

function identityStatements(document: any): Array<[string[], string]> | undefined {
  if (document === undefined) return undefined;
  return document.Statement.map((s: any) => [sorted([s.Action].flat()), s.Resource]);
}

function repositoryStatements(document: any): Array<[string | undefined, Record<string, string>, string[]]> | undefined {
  if (document === undefined) return undefined;
  return document.Statement.map((s: any) => {
    expect(s.Resource).toBeUndefined();
    expect(s.Effect).toBe('Allow');
    return [s.Sid, s.Principal, sorted([s.Action].flat())];
  });
}
