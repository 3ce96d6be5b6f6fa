import { trustOf } from './trust-harness';
import { CiProvider, CircleCiProviderOptions } from '../../src';

// Subjects as CircleCI documents them (https://circleci.com/docs/openid-connect-tokens/):
// `org/<org>/project/<project>/user/<user>` in $CIRCLE_OIDC_TOKEN, and with
// `/vcs-origin/github.com/my-org/repo/vcs-ref/refs/heads/main` in $CIRCLE_OIDC_TOKEN_V2. Every
// decision is the evaluator's on the synthesized trust policy.

const ORG = '8a3c5e7f-1b2d-4c6e-9f0a-1b2c3d4e5f60';
const PROJECT = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const OTHER_PROJECT = '2f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const USER = '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
const ISSUER = `https://oidc.circleci.com/org/${ORG}`;
const v2 = (ref: string, project = PROJECT, origin = 'github.com/acme/api', user = USER) =>
  `org/${ORG}/project/${project}/user/${user}/vcs-origin/${origin}/vcs-ref/${ref}`;

describe('CircleCI trust (V2 token, branches and tags)', () => {
  const trust = trustOf(CiProvider.circleCi({ organizationId: ORG, projectIds: [PROJECT], vcsOrigin: 'github.com/acme/api', branches: ['main'], tags: ['v*'] }), ISSUER, ORG);

  test.each([
    ['main', v2('refs/heads/main')],
    ['main, another user', v2('refs/heads/main', PROJECT, 'github.com/acme/api', '00000000-0a1b-4c2d-8e3f-4a5b6c7d8e9f')],
    ['a version tag', v2('refs/tags/v1.2.3')],
  ])('admitted: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('Allowed');
  });

  test.each([
    ['another project', v2('refs/heads/main', OTHER_PROJECT)],
    ['another repository', v2('refs/heads/main', PROJECT, 'github.com/acme/web')],
    ['a fork', v2('refs/heads/main', PROJECT, 'github.com/forker/api')],
    ['another branch', v2('refs/heads/feature')],
    ['a tag named main', v2('refs/tags/main')],
    // CircleCI's documented pattern `…/vcs-origin/github.com/my-org/*/vcs-ref/refs/heads/main` admits these
    ['a crafted branch that ends in the trusted ref', v2('refs/heads/x/vcs-origin/github.com/acme/api/vcs-ref/refs/heads/main')],
    ['a crafted branch in another project', v2('refs/heads/x/vcs-ref/refs/heads/main', OTHER_PROJECT)],
    ['a user id that swallows claims', v2('refs/heads/main', PROJECT, 'github.com/acme/api', `${USER}/vcs-origin/github.com/evil/x`)],
    ['the V1 token (names no branch)', `org/${ORG}/project/${PROJECT}/user/${USER}`],
  ])('denied: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience and another organization\'s issuer', () => {
    expect(trust.decide(v2('refs/heads/main'), 'sts.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(trust.decide(v2('refs/heads/main'), ORG, `https://oidc.circleci.com/org/${OTHER_PROJECT}`)).toBe('ImplicitlyDenied');
  });

  test('conditions: no * before the ref; the user id as one ? per character', () => {
    const key = `oidc.circleci.com/org/${ORG}`;
    const user = '????????-????-????-????-????????????';
    expect(trust.conditions).toEqual([{
      StringEquals: { [`${key}:aud`]: ORG },
      StringLike: {
        [`${key}:sub`]: [
          `org/${ORG}/project/${PROJECT}/user/${user}/vcs-origin/github.com/acme/api/vcs-ref/refs/heads/main`,
          `org/${ORG}/project/${PROJECT}/user/${user}/vcs-origin/github.com/acme/api/vcs-ref/refs/tags/v*`,
        ],
      },
      StringNotLike: { [`${key}:sub`]: '*:*' },
    }]);
  });

  test('unsafeAllowAllBranches: any job of the project with the V1 token, never another project', () => {
    const all = trustOf(CiProvider.circleCi({ organizationId: ORG, projectIds: [PROJECT], unsafeAllowAllBranches: true }), ISSUER, ORG);
    expect(all.decide(`org/${ORG}/project/${PROJECT}/user/${USER}`)).toBe('Allowed');
    expect(all.decide(`org/${ORG}/project/${OTHER_PROJECT}/user/${USER}`)).toBe('ImplicitlyDenied');
    expect(all.decide(`org/${ORG}/project/${PROJECT}/user/${USER}/x`)).toBe('ImplicitlyDenied');
  });
});

describe('CiProvider.circleCi()', () => {
  const base: CircleCiProviderOptions = { organizationId: ORG, projectIds: [PROJECT], vcsOrigin: 'github.com/acme/api', branches: ['main'] };
  test.each<[string, Partial<CircleCiProviderOptions>, RegExp]>([
    ['an organization name as id', { organizationId: 'acme' }, /organizationId: got 'acme': is not a CircleCI id/],
    ['a wildcard project', { projectIds: ['*'] }, /projectIds\[0\]: got '\*': holds a wildcard/],
    ['branches without vcsOrigin', { vcsOrigin: undefined }, /vcsOrigin: is missing and must name a repository as CircleCI writes it/],
    ['a wildcard repository', { vcsOrigin: 'github.com/acme/*' }, /vcsOrigin: got 'github.com\/acme\/\*': holds a wildcard/],
    ['a repository URL', { vcsOrigin: 'https://github.com/acme/api' }, /vcsOrigin: got 'https:\/\/github.com\/acme\/api': is not a repository/],
    ['no branch or tag', { branches: undefined }, /branches, tags: is missing[^]*unsafeAllowAllBranches: true/],
    ['a catch-all branch', { branches: ['**'] }, /branches\[0\]: got '\*\*': matches every branch/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.circleCi({ ...base, ...options })).toThrow(message);
  });
});
