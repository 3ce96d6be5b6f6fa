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

test('a repository that still holds images is named, though no kind covers it', () => {
  // GIVEN github.com/aws-samples/appmeshworkshop/issues/31 (a CloudFormation delete)
  const text = 'The repository with name \'appme-cryst-1ohx2vfar9cxh\' in registry with id \'991225764181\' cannot be deleted because it still contains images ' +
    '(Service: AmazonECR; Status Code: 400; Error Code: RepositoryNotEmptyException; Request ID: 450688b7-a9c6-4367-bf73-0d0bce226a34)';
  // WHEN
  const { explanation, fix, ...fields } = diagnose(text);
  // THEN
  expect(fields).toStrictEqual({ kind: 'unrecognized', action: 'ecr:DeleteRepository', resourceAccount: '991225764181', repositoryName: 'appme-cryst-1ohx2vfar9cxh' });
  expect(explanation).toMatch(/^Not an access error: repository 'appme-cryst-1ohx2vfar9cxh' in account 991225764181 still holds images/);
  expect(fix).toBeUndefined();
});
