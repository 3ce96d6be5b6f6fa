import { AccessDiffJson, CapabilityChangeJson, DIFF_FORMAT } from '../../src/report/diff';
import { capabilityText, markdownDiff, summaryLine } from '../../src/report/diff-render';

// The diff as a pull-request comment: a summary line, one table row per cell that changed, and
// folded details: the rest of a long table, rows and columns added or removed, the statements
// behind each change, near misses across accounts, what was not evaluated.

const REF = { side: 'repository-policy' as const, stack: 'Registry', path: 'Registry/Api', policy: 'repository policy', statement: 2, sid: 'Push' };

function diffOf(parts: Partial<AccessDiffJson>): AccessDiffJson {
  return {
    format: DIFF_FORMAT,
    capabilities: [],
    actions: [],
    principals: { added: [], removed: [] },
    repositories: { added: [], removed: [] },
    oneSided: { added: [], removed: [] },
    notes: [],
    ...parts,
  };
}

const gained = (principal: string, capability: string, repository = 'team-a/api'): CapabilityChangeJson =>
  ({ principal, repository, capability, change: 'gained', head: { capability, access: 'allowed', grantedBy: [REF] } });

test.each([
  ['nothing', diffOf({}), 'No change in ECR access.'],
  ['a push and a login gained', diffOf({ capabilities: [gained('role Ci', 'push'), { ...gained('role Ci', 'login'), repository: undefined }] }),
    'This change grants 2 capabilities (push, login) in ECR access.'],
  ['a pull lost and a push allowed differently, a principal removed', diffOf({
    capabilities: [
      { principal: 'role Ci', repository: 'api', capability: 'pull', change: 'lost', base: { capability: 'pull', access: 'allowed' } },
      { principal: 'role Ci', repository: 'api', capability: 'push', change: 'changed', base: { capability: 'push', access: 'allowed' }, head: { capability: 'push', access: 'conditional' } },
    ],
    principals: { added: [], removed: ['role Old'] },
  }), 'This change removes 1 capability, changes how 1 capability is allowed in ECR access; 1 principal removed.'],
  ['actions only', diffOf({ actions: [{ principal: 'role Ci', repository: 'api', gained: ['ecr:ListImages'], lost: [] }] }), 'This change changes no capability in ECR access.'],
])('summary line: %s', (_, diff, line) => {
  expect(summaryLine(diff)).toBe(line);
});

test('a capability as a reviewer reads it: condition, other side, any account', () => {
  expect(capabilityText({ capability: 'push', access: 'allowed' })).toBe('push');
  expect(capabilityText({
    capability: 'pull', access: 'conditional', needs: 'identity-policy' as never, when: [[{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-a1b2c3d4e5'] }]],
  })).toBe('pull if aws:PrincipalOrgID is o-a1b2c3d4e5 (needs the identity policy)');
  expect(capabilityText({ capability: 'pull', access: 'allowed', forAnyAccount: true })).toBe('pull for any account');
});

test('a row per cell: gained in bold, lost, changed as before → after, and actions outside the capabilities', () => {
  // GIVEN
  const diff = diffOf({
    capabilities: [gained('role Ci', 'push'), { principal: 'role Ci', repository: 'team-a/api', capability: 'pull', change: 'lost', base: { capability: 'pull', access: 'allowed' } }],
    actions: [{ principal: 'role Ci', repository: 'team-a/api', gained: ['ecr:ListImages', 'ecr:PutImage'], lost: ['ecr:BatchGetImage'] }],
  });
  // WHEN
  const markdown = markdownDiff(diff);
  // THEN
  expect(markdown).toContain('| Principal | Repository | Gained | Lost | Changed | Other ECR actions |\n');
  expect(markdown).toContain('| role Ci | team-a/api | **push** | pull |  | + ecr:ListImages |\n');
  expect(markdown).toContain([
    '<details>', '<summary>Why: the statements behind each change</summary>', '',
    '- role Ci → team-a/api: push gained, allowed by:',
    '  - statement 2 (Sid "Push") of the repository policy `Registry/Api` (stack Registry) (repository policy)',
    '- role Ci → team-a/api: pull lost, was allowed by:',
    '  - (not named: the report was written before it named statements)',
  ].join('\n'));
});

test('a long table shows 20 rows and folds the rest; lists and near misses are folded too', () => {
  // GIVEN
  const diff = diffOf({
    capabilities: Array.from({ length: 25 }, (_, i) => gained(`role Ci${i}`, 'push')),
    repositories: { added: ['web'], removed: [] },
    oneSided: { added: [{ principal: 'role Task', repository: 'api', capability: 'pull', allowedBy: 'identity-policy', missing: 'repository-policy', grantedBy: [] }], removed: [] },
    notes: ['head: not evaluated: \'Registry/Odd\' (no)'],
  });
  // WHEN
  const markdown = markdownDiff(diff);
  // THEN
  const [shown, rest] = markdown.split('<summary>5 more cells</summary>');
  expect(shown.match(/^\| role Ci\d+ /gm)).toHaveLength(20);
  expect(rest.split('</details>')[0].match(/^\| role Ci\d+ /gm)).toHaveLength(5);
  expect(markdown).toContain('<summary>Repositories added (1)</summary>\n\n- web\n');
  expect(markdown).toContain('<summary>Denied, one side missing (1)</summary>\n\n- role Task → api: pull is allowed by the identity policy, but the repository policy does not allow it\n');
  expect(markdown).toContain('<summary>Not evaluated (1)</summary>');
});
