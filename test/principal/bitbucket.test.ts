import { trustOf } from './trust-harness';
import { BitbucketPipelinesProviderOptions, CiProvider } from '../../src';

// Issuer and audience as Bitbucket shows them under Repository settings → OpenID Connect
// (https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/;
// issuer and audience values as in https://github.com/chainguard-dev/edu/pull/714). The subject
// `{repository}:{environment}:{step}` (`{repository}:{step}` without deployment) is the form
// practice pins (https://github.com/aws/aws-sam-cli/pull/4041). Every decision is the evaluator's.

const WORKSPACE_UUID = '0b6e1f5a-2c4d-4e8f-9a1b-3c5d7e9f1a2b';
const REPO = 'a3c1d5e7-1111-4b2c-8d9e-0f1a2b3c4d5e';
const ENV = 'e1f2a3b4-2222-4c5d-9e6f-1a2b3c4d5e6f';
const STEP = '{7d9f2b4c-3333-4a5b-8c6d-2e3f4a5b6c7d}';
const ISSUER = 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
const AUDIENCE = `ari:cloud:bitbucket::workspace/${WORKSPACE_UUID}`;

describe('Bitbucket Pipelines trust', () => {
  const trust = trustOf(CiProvider.bitbucketPipelines({
    workspace: 'acme', workspaceUuid: WORKSPACE_UUID, repositoryUuids: [`{${REPO}}`], deploymentEnvironmentUuids: [ENV],
  }), ISSUER, AUDIENCE);

  test('admitted: a step of the repository that deploys to the environment', () => {
    expect(trust.decide(`{${REPO}}:{${ENV}}:${STEP}`)).toBe('Allowed');
  });

  test.each([
    ['a step without deployment', `{${REPO}}:${STEP}`],
    ['another repository', `{b3c1d5e7-1111-4b2c-8d9e-0f1a2b3c4d5e}:{${ENV}}:${STEP}`],
    ['another environment', `{${REPO}}:{f1f2a3b4-2222-4c5d-9e6f-1a2b3c4d5e6f}:${STEP}`],
    ['a step claim that is not one UUID', `{${REPO}}:{${ENV}}:{x}`],
    ['a step claim followed by more claims', `{${REPO}}:{${ENV}}:${STEP}:{${ENV}}`],
    ['the repository UUID without braces', `${REPO}:{${ENV}}:${STEP}`],
  ])('denied: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience and another workspace\'s issuer', () => {
    expect(trust.decide(`{${REPO}}:{${ENV}}:${STEP}`, 'sts.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(trust.decide(`{${REPO}}:{${ENV}}:${STEP}`, AUDIENCE, ISSUER.replace('/acme/', '/evil/'))).toBe('ImplicitlyDenied');
  });

  test('conditions: the step matched by one ? per UUID character, never a *', () => {
    const key = 'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
    expect(trust.conditions).toEqual([{
      StringEquals: { [`${key}:aud`]: AUDIENCE },
      StringLike: { [`${key}:sub`]: `{${REPO}}:{${ENV}}:{????????-????-????-????-????????????}` },
      StringNotLike: { [`${key}:sub`]: '*:*:*:*' },
    }]);
  });

  test('unsafeAllowAllSteps: every step of the repository, with or without deployment, never another repository', () => {
    const all = trustOf(CiProvider.bitbucketPipelines({ workspace: 'acme', workspaceUuid: WORKSPACE_UUID, repositoryUuids: [REPO], unsafeAllowAllSteps: true }), ISSUER, AUDIENCE);
    expect(all.decide(`{${REPO}}:${STEP}`)).toBe('Allowed');
    expect(all.decide(`{${REPO}}:{${ENV}}:${STEP}`)).toBe('Allowed');
    expect(all.decide(`{b3c1d5e7-1111-4b2c-8d9e-0f1a2b3c4d5e}:${STEP}`)).toBe('ImplicitlyDenied');
  });
});

describe('CiProvider.bitbucketPipelines()', () => {
  const base: BitbucketPipelinesProviderOptions = { workspace: 'acme', workspaceUuid: WORKSPACE_UUID, repositoryUuids: [REPO], deploymentEnvironmentUuids: [ENV] };
  test.each<[string, Partial<BitbucketPipelinesProviderOptions>, RegExp]>([
    ['a repository name instead of its UUID', { repositoryUuids: ['api'] }, /repositoryUuids\[0\]: got 'api': is not a UUID without braces/],
    ['a wildcard repository', { repositoryUuids: ['*'] }, /repositoryUuids\[0\]: got '\*': holds a wildcard/],
    ['no environment', { deploymentEnvironmentUuids: undefined }, /deploymentEnvironmentUuids: is missing and the role needs it[^]*unsafeAllowAllSteps: true/],
    ['no workspace UUID and no audience', { workspaceUuid: undefined }, /workspaceUuid: is missing and is needed for the default audience/],
    ['a workspace URL', { workspace: 'https://bitbucket.org/acme' }, /workspace: got 'https:\/\/bitbucket.org\/acme': is not a Bitbucket workspace slug/],
    ['the opt-in with environments', { unsafeAllowAllSteps: true }, /unsafeAllowAllSteps: got true: lets every step/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.bitbucketPipelines({ ...base, ...options })).toThrow(message);
  });
});
