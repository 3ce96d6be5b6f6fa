import { diagnose } from '../../../src';

// PutImage of an image the repository already holds under that tag: usually harmless.

test('the same image and tag again: not an error to fix', () => {
  // GIVEN github.com/buildkite-plugins/ecr-buildkite-plugin/issues/111
  const d = diagnose('An error occurred (ImageAlreadyExistsException) when calling the PutImage operation: Image with digest \'sha256:<redacted>\' and tag \'canary\' already exists in the repository with name \'<redacted>\' in registry with id \'<redacted>\'');
  // THEN
  const { explanation, fix, ...fields } = d;
  expect(fields).toStrictEqual({ kind: 'image-already-exists', action: 'ecr:PutImage', tag: 'canary' });
  expect(explanation).toMatch(/^PutImage sent an image with tag 'canary' that the repository already holds under that tag \(same digest\): nothing changed/);
  expect(fix?.steps[0]).toMatch(/^Treat ImageAlreadyExistsException from PutImage as success/);
});
