import { trustOf } from './trust-harness';
import { CiProvider, SpaceliftProviderOptions } from '../../src';

// The default subject from Spacelift's OIDC guide (https://docs.spacelift.io/integrations/cloud-providers/oidc:
// `space:legacy:stack:infra:run_type:TRACKED:scope:write`; issuer https://demo.app.spacelift.io,
// audience demo.app.spacelift.io). Every decision is the evaluator's on the synthesized trust policy.

const ISSUER = 'https://acme.app.spacelift.io';
const AUDIENCE = 'acme.app.spacelift.io';

describe('Spacelift trust', () => {
  const trust = trustOf(CiProvider.spacelift({ account: 'acme', spaceId: 'production-01hx', stacks: ['api'], modules: ['ecr-image'] }), ISSUER, AUDIENCE);

  test.each([
    ['a tracked run of the stack, applying', 'space:production-01hx:stack:api:run_type:TRACKED:scope:write'],
    ['a tracked run of the stack, planning', 'space:production-01hx:stack:api:run_type:TRACKED:scope:read'],
    ['a tracked run of the module', 'space:production-01hx:module:ecr-image:run_type:TRACKED:scope:write'],
  ])('admitted: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('Allowed');
  });

  test.each([
    ['a proposed run (a pull request\'s code)', 'space:production-01hx:stack:api:run_type:PROPOSED:scope:read'],
    ['a task', 'space:production-01hx:stack:api:run_type:TASK:scope:write'],
    ['another space', 'space:sandbox:stack:api:run_type:TRACKED:scope:write'],
    ['a look-alike space', 'space:production-01hx-evil:stack:api:run_type:TRACKED:scope:write'],
    ['another stack', 'space:production-01hx:stack:web:run_type:TRACKED:scope:write'],
    ['a module named like the stack', 'space:production-01hx:module:api:run_type:TRACKED:scope:write'],
    ['a subject template\'s extra claim', 'space:production-01hx:stack:api:run_type:TRACKED:scope:write:space_path:/root'],
  ])('denied: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience and another account\'s issuer', () => {
    expect(trust.decide('space:production-01hx:stack:api:run_type:TRACKED:scope:write', 'sts.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(trust.decide('space:production-01hx:stack:api:run_type:TRACKED:scope:write', 'evil.app.spacelift.io', 'https://evil.app.spacelift.io')).toBe('ImplicitlyDenied');
  });

  test('conditions: every subject exact', () => {
    expect(trust.conditions).toEqual([{
      StringEquals: {
        'acme.app.spacelift.io:aud': AUDIENCE,
        'acme.app.spacelift.io:sub': [
          'space:production-01hx:stack:api:run_type:TRACKED:scope:read', 'space:production-01hx:stack:api:run_type:TRACKED:scope:write',
          'space:production-01hx:module:ecr-image:run_type:TRACKED:scope:read', 'space:production-01hx:module:ecr-image:run_type:TRACKED:scope:write',
        ],
      },
    }]);
  });

  test('unsafeAllowAllStacks: every stack of the space, never a stack id that reaches into the next claim', () => {
    const all = trustOf(CiProvider.spacelift({ account: 'acme', spaceId: 'root', unsafeAllowAllStacks: true }), ISSUER, AUDIENCE);
    expect(all.decide('space:root:stack:anything:run_type:TRACKED:scope:write')).toBe('Allowed');
    expect(all.decide('space:root:stack:x:run_type:PROPOSED:scope:read:run_type:TRACKED:scope:write')).toBe('ImplicitlyDenied');
    expect(all.decide('space:other:stack:x:run_type:TRACKED:scope:write')).toBe('ImplicitlyDenied');
  });
});

describe('CiProvider.spacelift()', () => {
  const base: SpaceliftProviderOptions = { account: 'acme', spaceId: 'root', stacks: ['api'] };
  test.each<[string, Partial<SpaceliftProviderOptions>, RegExp]>([
    ['an account URL', { account: 'https://acme.app.spacelift.io' }, /account: got 'https:\/\/acme.app.spacelift.io': is not a Spacelift account name/],
    ['a wildcard space', { spaceId: '*' }, /spaceId: got '\*': holds a wildcard/],
    ['a stack with a colon', { stacks: ['api:run_type'] }, /stacks\[0\]: got 'api:run_type': is not a Spacelift stack or module id/],
    ['no stack or module', { stacks: undefined }, /stacks, modules: is missing[^]*unsafeAllowAllStacks: true/],
    ['an unknown run type', { runTypes: ['tracked'] }, /runTypes\[0\]: got 'tracked': is not a Spacelift run type/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.spacelift({ ...base, ...options })).toThrow(message);
  });
});
