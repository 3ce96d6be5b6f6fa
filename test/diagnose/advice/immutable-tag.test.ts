import { diagnose } from '../../../src';

// ECR refused to move a tag of a repository with immutable tags, in either wording.

test.each([
  ['older wording: the repository is immutable', 'tag invalid: The image tag \'latest\' already exists in the \'app_service_image\' repository and cannot be overwritten because the repository is immutable.'],
  ['current wording: the tag is immutable', 'tag invalid: The image tag \'latest\' already exists in the \'app_service_image\' repository and cannot be overwritten because the tag is immutable.'],
])('%s', (_, text) => {
  // WHEN (github.com/aws/containers-roadmap/issues/862; github.com/osscontainertools/kaniko/issues/3481)
  const d = diagnose(text);
  // THEN
  expect(d).toMatchObject({ kind: 'immutable-tag', action: 'ecr:PutImage', repositoryName: 'app_service_image', tag: 'latest' });
  expect(d.explanation).toMatch(/^Tag 'latest' already exists in repository 'app_service_image', whose tags are immutable.*Not a permission problem\.$/);
  expect(d.fix?.cdk).toBe('new PushableRepository(this, \'Repository\', { repositoryName: \'app_service_image\', mutableTags: [\'latest\'] }); // only if this tag must move');
  expect(d.fix?.identityPolicy).toBeUndefined();
});

test('placeholders for tag and repository stay placeholders', () => {
  // GIVEN github.com/moby/buildkit/issues/3776
  const d = diagnose('ERROR: tag invalid: The image tag \'<tag>\' already exists in the \'<ecr-repo>\' repository and cannot be overwritten because the repository is immutable.');
  // THEN
  expect([d.tag, d.repositoryName]).toEqual([undefined, undefined]);
  expect(d.fix?.cdk).toContain('mutableTags: [\'<tag>\']');
});
