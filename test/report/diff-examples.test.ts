import { afterChange, beforeChange } from './ci-account-change';
import { EcrActions } from '../../src';
import { diffReports } from '../../src/report/diff';
import { confirmDiff } from '../helpers/diff-oracle';
import { reportOf } from '../helpers/report-oracle';

// A pull request on an example app (test/report/ci-account-change.ts: a deployer that pushes across
// accounts, a release role that deletes and administers). The diff names exactly those grants, each
// with the statements behind it, and the evaluator we did not write confirms every one: allowed
// after the change, denied before (and the reverse for the change undone).

const totals = { confirmed: 0, decisions: 0, allowed: 0, denied: 0 };
afterAll(() => console.log(`diff vs evaluator: ${totals.confirmed} capability changes confirmed, ${totals.decisions} decisions (${totals.allowed} allowed, ${totals.denied} denied)`));

const cell = (principal: string, repository?: string) => ({ principal, ...repository ? { repository } : {} });

test('the change: a deployer logs in and pushes across accounts, a release role deletes and administers', () => {
  // GIVEN
  const base = reportOf(beforeChange());
  // WHEN
  const diff = diffReports(base, reportOf(afterChange()));
  // THEN
  expect(diff.capabilities.map((c) => [c.principal, c.repository, c.capability, c.change, c.head?.access])).toEqual([
    ['role Registry/Release', 'team-a/api', 'delete', 'gained', 'allowed'],
    ['role Registry/Release', 'team-a/api', 'admin', 'gained', 'allowed'],
    ['role Workload/Deployer', undefined, 'login', 'gained', 'allowed'],
    ['role Workload/Deployer', 'team-a/api', 'push', 'gained', 'allowed'],
    // the repository policy's new statement names the workload account, limited to the deployer by its tag:
    // the account's other principals push too if they carry that tag
    ['account 222222222222', 'team-a/api', 'push', 'gained', 'conditional'],
  ]);
  expect(diff.principals).toEqual({ added: ['role Registry/Release', 'role Workload/Deployer'], removed: [] });
  expect(diff.repositories).toEqual({ added: [], removed: [] });
  expect(diff.actions).toContainEqual({ ...cell('role Workload/Deployer', 'team-a/api'), gained: EcrActions.PUSH.slice().sort(), lost: [] });
  // why: both sides of the cross-account push, each statement by stack, path and index
  const push = diff.capabilities.find((c) => c.capability === 'push')!;
  expect(push.head!.grantedBy!.map((r) => [r.side, r.stack, r.path, r.policy])).toEqual([
    ['identity-policy', 'Workload', 'Workload/Deployer/DefaultPolicy', 'inline policy'],
    ['repository-policy', 'Registry', 'Registry/Api', 'repository policy'],
  ]);
});

test.each([
  ['the change', beforeChange, afterChange],
  ['the change undone', afterChange, beforeChange],
])('%s: every capability gained or lost, confirmed by the evaluator', async (_, baseApp, headApp) => {
  // GIVEN
  const base = baseApp();
  const head = headApp();
  const reports = { base: reportOf(base), head: reportOf(head) };
  // WHEN
  const diff = diffReports(reports.base, reports.head);
  const result = await confirmDiff({ app: base, report: reports.base }, { app: head, report: reports.head }, diff);
  // THEN
  expect(result.mismatches).toEqual([]);
  expect(result.confirmed).toBe(5);
  expect(diff.capabilities.map((c) => c.change)).toEqual(Array(5).fill(baseApp === beforeChange ? 'gained' : 'lost'));
  totals.confirmed += result.confirmed;
  totals.decisions += result.decisions;
  totals.allowed += result.allowed;
  totals.denied += result.denied;
});
