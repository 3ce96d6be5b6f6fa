import { BUILDKITE, trustOf } from './trust-harness';
import { BuildkiteProviderOptions, CiProvider } from '../../src';

// Subjects from Buildkite's AWS guide (https://buildkite.com/docs/pipelines/security/oidc/aws, trust
// policy `organization:ORGANIZATION_SLUG:pipeline:PIPELINE_SLUG:ref:REF:commit:BUILD_COMMIT:step:STEP_KEY`)
// and a real token of rubygems.org (https://github.com/rubygems/rubygems.org/issues/5412: `step:` is
// empty for a step without a key). Every decision is the evaluator's on the synthesized trust policy.

const COMMIT = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const sub = (org: string, pipeline: string, ref: string, step = '', commit = COMMIT) =>
  `organization:${org}:pipeline:${pipeline}:ref:${ref}:commit:${commit}:step:${step}`;

describe('Buildkite trust', () => {
  const trust = trustOf(CiProvider.buildkite({ organization: 'acme', pipelines: ['api', 'web'], branches: ['main', 'release/*'], tags: ['v*'] }),
    BUILDKITE, 'sts.amazonaws.com');

  test.each([
    ['main of api, a step without a key', sub('acme', 'api', 'refs/heads/main')],
    ['main of web, a keyed step', sub('acme', 'web', 'refs/heads/main', 'push-image')],
    ['a release branch', sub('acme', 'api', 'refs/heads/release/2.1', 'build')],
    ['a version tag', sub('acme', 'api', 'refs/tags/v1.4.0', 'build')],
  ])('admitted: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('Allowed');
  });

  test.each([
    ['another organization', sub('evil', 'api', 'refs/heads/main')],
    ['a look-alike organization', sub('acme-evil', 'api', 'refs/heads/main')],
    ['another pipeline of the organization', sub('acme', 'deploy', 'refs/heads/main')],
    ['a look-alike pipeline', sub('acme', 'api-evil', 'refs/heads/main')],
    ['another branch', sub('acme', 'api', 'refs/heads/feature-x')],
    ['a branch that extends main', sub('acme', 'api', 'refs/heads/main-x')],
    ['a branch named like a tag', sub('acme', 'api', 'refs/heads/v1.4.0')],
    ['a tag named main', sub('acme', 'api', 'refs/tags/main')],
    ['a step key that forges the claims after it', `${sub('acme', 'api', 'refs/heads/main')}x:organization:acme`],
    ['a step key that carries another organization', sub('acme', 'api', 'refs/heads/main', 'x:pipeline:api')],
    ['a release branch followed by a forged claim', sub('acme', 'api', 'refs/heads/release/x:commit:1', 'y')],
    ['the pipeline claim missing', `organization:acme:ref:refs/heads/main:commit:${COMMIT}:step:`],
  ])('denied: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience and another issuer', () => {
    expect(trust.decide(sub('acme', 'api', 'refs/heads/main'), 'https://buildkite.com/acme')).toBe('ImplicitlyDenied');
    expect(trust.decide(sub('acme', 'api', 'refs/heads/main'), 'sts.amazonaws.com', 'https://token.actions.githubusercontent.com')).toBe('ImplicitlyDenied');
  });

  test('conditions: the audience pinned; every claim written out, each wildcard within its claim', () => {
    expect(trust.conditions).toEqual([{
      StringEquals: { 'agent.buildkite.com:aud': 'sts.amazonaws.com' },
      StringLike: {
        'agent.buildkite.com:sub': [
          'organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*',
          'organization:acme:pipeline:api:ref:refs/heads/release/*:commit:*:step:*',
          'organization:acme:pipeline:api:ref:refs/tags/v*:commit:*:step:*',
          'organization:acme:pipeline:web:ref:refs/heads/main:commit:*:step:*',
          'organization:acme:pipeline:web:ref:refs/heads/release/*:commit:*:step:*',
          'organization:acme:pipeline:web:ref:refs/tags/v*:commit:*:step:*',
        ],
      },
      StringNotLike: { 'agent.buildkite.com:sub': '*:*:*:*:*:*:*:*:*:*:*' },
    }]);
  });
});

describe('Buildkite trust with step keys and with every build', () => {
  test('step keys: only the named steps of main', () => {
    const trust = trustOf(CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], branches: ['main'], stepKeys: ['push-image'] }), BUILDKITE, 'sts.amazonaws.com');
    expect(trust.decide(sub('acme', 'api', 'refs/heads/main', 'push-image'))).toBe('Allowed');
    expect(trust.decide(sub('acme', 'api', 'refs/heads/main', 'test'))).toBe('ImplicitlyDenied');
    expect(trust.decide(sub('acme', 'api', 'refs/heads/main'))).toBe('ImplicitlyDenied');
  });

  test('unsafeAllowAllBuilds: any ref of the pipeline, never another pipeline', () => {
    const trust = trustOf(CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], unsafeAllowAllBuilds: true }), BUILDKITE, 'sts.amazonaws.com');
    expect(trust.decide(sub('acme', 'api', 'refs/heads/anything/at/all'))).toBe('Allowed');
    expect(trust.decide(sub('acme', 'web', 'refs/heads/main'))).toBe('ImplicitlyDenied');
    expect(trust.decide(sub('acme', 'api', 'x:pipeline:web:ref:refs/heads/main'))).toBe('ImplicitlyDenied');
  });
});

describe('Buildkite session tags', () => {
  const trust = trustOf(CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], branches: ['main'], sessionTags: true }), BUILDKITE, 'sts.amazonaws.com');
  const subject = sub('acme', 'api', 'refs/heads/main');
  const tags = (tagged: Record<string, string>) => ({
    ...Object.fromEntries(Object.entries(tagged).map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': Object.keys(tagged),
  });

  test.each<[string, Record<string, string>, string]>([
    ['the organization and pipeline of the trust', { organization_slug: 'acme', pipeline_slug: 'api', build_branch: 'main' }, 'Allowed'],
    ['the organization alone', { organization_slug: 'acme' }, 'Allowed'],
    ['another organization', { organization_slug: 'evil', pipeline_slug: 'api' }, 'ImplicitlyDenied'],
    ['another pipeline', { organization_slug: 'acme', pipeline_slug: 'web' }, 'ImplicitlyDenied'],
    ['no organization tag', { pipeline_slug: 'api' }, 'ImplicitlyDenied'],
  ])('sts:TagSession with %s', (_name, tagged, decision) => {
    expect(trust.decide(subject, undefined, undefined, 'sts:TagSession', tags(tagged))).toBe(decision);
  });

  test('sts:TagSession needs the pinned audience; without sessionTags it is never allowed', () => {
    expect(trust.decide(subject, 'other', undefined, 'sts:TagSession', tags({ organization_slug: 'acme' }))).toBe('ImplicitlyDenied');
    const untagged = trustOf(CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], branches: ['main'] }), BUILDKITE, 'sts.amazonaws.com');
    expect(untagged.decide(subject, undefined, undefined, 'sts:TagSession', tags({ organization_slug: 'acme' }))).toBe('ImplicitlyDenied');
  });
});

describe('CiProvider.buildkite()', () => {
  const base: BuildkiteProviderOptions = { organization: 'acme', pipelines: ['api'], branches: ['main'] };
  test.each<[string, Partial<BuildkiteProviderOptions>, RegExp]>([
    ['no organization', { organization: undefined }, /organization: is missing and must name a Buildkite organization slug/],
    ['a wildcard organization', { organization: 'acme*' }, /organization: got 'acme\*': holds a wildcard/],
    ['a wildcard pipeline', { pipelines: ['*'] }, /pipelines\[0\]: got '\*': holds a wildcard/],
    ['a pipeline with a colon', { pipelines: ['api:ref'] }, /pipelines\[0\]: got 'api:ref': is not a Buildkite pipeline slug/],
    ['a pipeline string, not a list', { pipelines: 'api' as any }, /pipelines: got 'api': is one value, not a list[^]*put it in a list/],
    ['no branch or tag', { branches: undefined }, /branches, tags: is missing and the role needs at least one of them[^]*unsafeAllowAllBuilds: true/],
    ['a catch-all branch', { branches: ['*'] }, /branches\[0\]: got '\*': matches every branch[^]*unsafeAllowAllBuilds: true/],
    ['a full ref', { branches: ['refs/heads/main'] }, /is a full git ref/],
    ['a step key with a colon', { stepKeys: ['a:b'] }, /stepKeys\[0\]: got 'a:b': is not a step key/],
    ['the opt-in with a specific branch', { unsafeAllowAllBuilds: true }, /unsafeAllowAllBuilds: got true: already lets/],
    ['a wildcard audience', { audience: 'sts.*' }, /audience: got 'sts.\*': holds a wildcard/],
    ['sessionTags as a string', { sessionTags: 'yes' as any }, /sessionTags: got 'yes': is not true or false/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.buildkite({ ...base, ...options })).toThrow(message);
  });

  test('options missing altogether: the property and an example', () => {
    expect(() => CiProvider.buildkite(undefined as any)).toThrow(/options: is missing and must be an options object[^]*organization: 'acme'/);
  });
});
