import { diagnose } from '../../../src';
import * as M from '../messages';

// Text with no ECR access error: say what to paste; a repository that does not exist is named.

test('nothing recognized: what to paste instead, and no fix', () => {
  // WHEN
  const d = diagnose(M.UNRELATED);
  // THEN
  expect(d).toEqual({
    kind: 'unrecognized',
    explanation: 'No ECR access error found in the text. Paste the whole error: the line with \'is not authorized to perform\', or the registry URL with its HTTP status.',
  });
});

test('a repository that does not exist is not an access error', () => {
  // WHEN
  const d = diagnose(M.REPOSITORY_NOT_FOUND);
  // THEN
  expect(d.kind).toBe('unrecognized');
  expect(d.explanation).toMatch(/^Not an access error: repository 'team-a\/api' does not exist in registry 111111111111 \(or the region is wrong\)\. Create it, e\.g\. `new PushableRepository\(this, 'Repository', \{ repositoryName: 'team-a\/api' \}\)`/);
  expect(d.fix).toBeUndefined();
});
