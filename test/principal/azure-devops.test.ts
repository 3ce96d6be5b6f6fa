import { trustOf } from './trust-harness';
import { AzureDevOpsProviderOptions, CiProvider } from '../../src';

// The token of a pipeline log in https://github.com/aws/aws-toolkit-azure-devops/issues/614
// (issuer https://vstoken.dev.azure.com/{organizationGuid}, aud api://AzureADTokenExchange,
// sub sc://<organization>/<project>/<service connection>). Every decision is the evaluator's.

const ORG_ID = '5f1c2a77-3b0e-4c36-9d43-8c1a0f6e2b19';
const ISSUER = `https://vstoken.dev.azure.com/${ORG_ID}`;
const AUDIENCE = 'api://AzureADTokenExchange';

describe('Azure DevOps trust', () => {
  const trust = trustOf(CiProvider.azureDevOps({ organizationId: ORG_ID, organization: 'acme', project: 'platform', serviceConnections: ['aws-ecr'] }), ISSUER, AUDIENCE);

  test('admitted: a job that uses the service connection', () => {
    expect(trust.decide('sc://acme/platform/aws-ecr')).toBe('Allowed');
  });

  test.each([
    ['another organization', 'sc://evil/platform/aws-ecr'],
    ['a look-alike organization', 'sc://acme-evil/platform/aws-ecr'],
    ['another project', 'sc://acme/sandbox/aws-ecr'],
    ['another service connection', 'sc://acme/platform/aws-admin'],
    ['a look-alike service connection', 'sc://acme/platform/aws-ecr-2'],
    ['a service connection name with a path after it', 'sc://acme/platform/aws-ecr/x'],
    ['a case variant (IAM compares exactly)', 'sc://ACME/platform/aws-ecr'],
  ])('denied: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience and another organization\'s issuer', () => {
    expect(trust.decide('sc://acme/platform/aws-ecr', 'sts.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(trust.decide('sc://acme/platform/aws-ecr', AUDIENCE, 'https://vstoken.dev.azure.com/00000000-0000-0000-0000-000000000000')).toBe('ImplicitlyDenied');
  });

  test('conditions: audience and subject matched exactly', () => {
    expect(trust.conditions).toEqual([{
      StringEquals: { [`vstoken.dev.azure.com/${ORG_ID}:aud`]: AUDIENCE, [`vstoken.dev.azure.com/${ORG_ID}:sub`]: 'sc://acme/platform/aws-ecr' },
    }]);
  });
});

describe('CiProvider.azureDevOps()', () => {
  const base: AzureDevOpsProviderOptions = { organizationId: ORG_ID, organization: 'acme', project: 'platform', serviceConnections: ['aws-ecr'] };
  test.each<[string, Partial<AzureDevOpsProviderOptions>, RegExp]>([
    ['an organization name as id', { organizationId: 'acme' }, /organizationId: got 'acme': is not an Azure DevOps organization id/],
    ['a wildcard service connection', { serviceConnections: ['aws-*'] }, /serviceConnections\[0\]: got 'aws-\*': holds a wildcard/],
    ['a project with a slash', { project: 'platform/api' }, /project: got 'platform\/api': is not an Azure DevOps name without '\/'/],
    ['no service connection', { serviceConnections: undefined }, /serviceConnections: is missing and must name the service connections/],
    ['an empty list', { serviceConnections: [] }, /serviceConnections: got \[\]: is empty/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.azureDevOps({ ...base, ...options })).toThrow(message);
  });
});
