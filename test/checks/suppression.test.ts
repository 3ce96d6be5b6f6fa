import { suppressionFor } from '../../src/checks/suppression';

// An acknowledgment suppresses a finding of its rule on its construct and everything under it, and
// only with a reason. aws-cdk-lib records ids as `annotation::<id>` (`Annotation::` in later versions).

const ID = 'cdk-ecr-access:deny-shadows-grant';

test.each([
  ['the construct itself', 'Registry/Role', 'Registry/Role/DefaultPolicy/Resource', true],
  ['a construct above', 'Registry', 'Registry/Role/DefaultPolicy/Resource', true],
  ['the app', '', 'Registry/Role/DefaultPolicy/Resource', true],
  ['a sibling whose path starts the same', 'Registry/Role', 'Registry/Roles/Resource', false],
  ['a construct below', 'Registry/Role/DefaultPolicy', 'Registry/Role/Resource', false],
])('acknowledged on %s', (_, path, findingPath, suppressed) => {
  // WHEN
  const result = suppressionFor([{ path, id: `annotation::${ID}`, reason: 'guardrail' }], 'deny-shadows-grant', findingPath);
  // THEN
  expect(result.suppressed).toBe(suppressed);
});

test('ids are compared without the annotation prefix and without case', () => {
  expect(suppressionFor([{ path: '', id: `Annotation::${ID.toUpperCase()}`, reason: 'x' }], 'deny-shadows-grant', 'A/B').suppressed).toBe(true);
  expect(suppressionFor([{ path: '', id: 'cdk-ecr-access:policy-size', reason: 'x' }], 'deny-shadows-grant', 'A/B').suppressed).toBe(false);
});

test('without a reason an acknowledgment does not count, and where it was is said', () => {
  // WHEN
  const result = suppressionFor([{ path: 'Registry', id: ID, reason: '  ' }, { path: '', id: ID, reason: '' }], 'deny-shadows-grant', 'Registry/Role');
  // THEN
  expect(result).toEqual({ suppressed: false, withoutReason: ['Registry', '(the app)'] });
});
