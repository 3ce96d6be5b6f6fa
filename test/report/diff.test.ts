import { diffReports, grantsOf, isEmptyDiff } from '../../src/report/diff';
import { AccessReportJson, CapabilityJson, OneSidedJson, REPORT_FORMAT } from '../../src/report/report-data';

// Two reports compared cell by cell: a capability gained, lost or allowed differently (condition,
// other side, any account), the ECR actions of a cell, rows and columns that come and go, and near
// misses. The statements behind a capability are not its access: a change of them alone is no change.

const REF = { side: 'identity-policy' as const, stack: 'Registry', path: 'Registry/Ci/DefaultPolicy', policy: 'inline policy', statement: 0 };
const ORG = [[{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-a1b2c3d4e5'] }]];

interface Cells {
  readonly principals?: Record<string, CapabilityJson[]>;
  readonly pairs?: Array<[string, string, CapabilityJson[], string[]?]>;
  readonly repositories?: string[];
  readonly oneSided?: OneSidedJson[];
  readonly format?: string;
}

/** A report with these rows (login capabilities), pairs and columns. */
function report(cells: Cells): AccessReportJson {
  const principals = Object.entries(cells.principals ?? {}).map(([name, capabilities]) => ({
    name, kind: 'role' as never, capabilities, actions: capabilities.length > 0 ? [{ access: 'allowed' as const, actions: ['ecr:GetAuthorizationToken'] }] : [],
  }));
  return {
    format: cells.format ?? REPORT_FORMAT,
    principals,
    repositories: (cells.repositories ?? ['api']).map((name) => ({ name, arn: `arn:aws:ecr:us-east-1:111111111111:repository/${name}`, account: '111111111111', region: 'us-east-1', source: 'app' })),
    access: (cells.pairs ?? []).map(([principal, repository, capabilities, actions]) => ({
      principal, repository, capabilities, actions: [{ access: 'allowed' as const, actions: actions ?? ['ecr:BatchGetImage'] }],
    })),
    notes: [],
    ...cells.oneSided ? { oneSided: cells.oneSided } : {},
  };
}

const pull: CapabilityJson = { capability: 'pull', access: 'allowed', grantedBy: [REF] };
const push: CapabilityJson = { capability: 'push', access: 'allowed', grantedBy: [REF] };
const login: CapabilityJson = { capability: 'login', access: 'allowed' };

test('a capability gained, one lost, one allowed differently; the actions of the cell', () => {
  // GIVEN
  const base = report({ principals: { 'role Ci': [login] }, pairs: [['role Ci', 'api', [pull, { ...push, access: 'allowed' }], ['ecr:BatchGetImage', 'ecr:PutImage']]] });
  const head = report({
    principals: { 'role Ci': [login] },
    pairs: [['role Ci', 'api', [{ ...push, access: 'conditional', when: ORG }, { capability: 'admin', access: 'allowed' }], ['ecr:PutImage', 'ecr:SetRepositoryPolicy']]],
  });
  // WHEN
  const diff = diffReports(base, head);
  // THEN
  expect(diff.capabilities).toEqual([
    { principal: 'role Ci', repository: 'api', capability: 'push', change: 'changed', base: push, head: { ...push, access: 'conditional', when: ORG } },
    { principal: 'role Ci', repository: 'api', capability: 'admin', change: 'gained', head: { capability: 'admin', access: 'allowed' } },
    { principal: 'role Ci', repository: 'api', capability: 'pull', change: 'lost', base: pull },
  ]);
  expect(diff.actions).toEqual([{ principal: 'role Ci', repository: 'api', gained: ['ecr:SetRepositoryPolicy'], lost: ['ecr:BatchGetImage'] }]);
  expect(isEmptyDiff(diff)).toBe(false);
});

test('rows and columns that come and go; login of a new principal is a cell of its own', () => {
  // GIVEN
  const base = report({ principals: { 'role Old': [login] }, repositories: ['api', 'old'] });
  const head = report({ principals: { 'role New': [login] }, repositories: ['api', 'web'] });
  // WHEN
  const diff = diffReports(base, head);
  // THEN
  expect(diff.principals).toEqual({ added: ['role New'], removed: ['role Old'] });
  expect(diff.repositories).toEqual({ added: ['web'], removed: ['old'] });
  expect(diff.capabilities.map((c) => [c.principal, c.repository, c.capability, c.change])).toEqual([
    ['role New', undefined, 'login', 'gained'],
    ['role Old', undefined, 'login', 'lost'],
  ]);
});

test.each([
  ['other statements behind the same access', { ...pull, grantedBy: [{ ...REF, statement: 3 }] }],
  ['a base written before the report named statements (format 1)', { capability: 'pull', access: 'allowed' } as CapabilityJson],
  ['the same fields in another order', { grantedBy: [REF], access: 'allowed', capability: 'pull' } as CapabilityJson],
])('no change of access: %s', (_, basePull) => {
  // GIVEN
  const base = report({ format: 'cdk-ecr-access/access-report@1', pairs: [['role Ci', 'api', [basePull]]] });
  const head = report({ pairs: [['role Ci', 'api', [pull]]] });
  // WHEN
  const diff = diffReports(base, head);
  // THEN
  expect(isEmptyDiff(diff)).toBe(true);
  expect(diff.capabilities).toEqual([]);
});

test('near misses that appear and disappear', () => {
  // GIVEN
  const near = (capability: string): OneSidedJson => ({
    principal: 'role Workload/Task', repository: 'api', capability, allowedBy: 'identity-policy', missing: 'repository-policy', grantedBy: [REF],
  });
  // WHEN
  const diff = diffReports(report({ oneSided: [near('pull')] }), report({ oneSided: [near('push')] }));
  // THEN
  expect(diff.oneSided).toEqual({ added: [near('push')], removed: [near('pull')] });
});

test('grants for --fail-on: gained or changed of the kinds asked, never lost', () => {
  // GIVEN
  const base = report({ pairs: [['role Ci', 'api', [pull, push]]] });
  const head = report({ pairs: [['role Ci', 'api', [{ ...push, when: ORG, access: 'conditional' }, { capability: 'delete', access: 'allowed' }]]] });
  const diff = diffReports(base, head);
  // WHEN
  const grants = (kinds: string[]) => grantsOf(diff, kinds).map((g) => `${g.capability} ${g.change}`);
  // THEN
  expect(grants(['push', 'create', 'delete', 'admin'])).toEqual(['push changed', 'delete gained']);
  expect(grants(['pull'])).toEqual([]);
  expect(grants(['admin'])).toEqual([]);
});
