import { trustOf } from './trust-harness';
import { CiProvider, HcpTerraformProviderOptions } from '../../src';

// Subjects from HashiCorp's workload identity token reference
// (https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/workload-identity-tokens:
// `organization:my-org:project:Default Project:workspace:my-workspace:run_phase:apply`). Every
// decision is the evaluator's on the synthesized trust policy.

const TFC = 'https://app.terraform.io';
const AUDIENCE = 'aws.workload.identity';
const sub = (org: string, project: string, workspace: string, phase = 'apply') =>
  `organization:${org}:project:${project}:workspace:${workspace}:run_phase:${phase}`;

describe('HCP Terraform trust', () => {
  const trust = trustOf(CiProvider.hcpTerraform({ organization: 'acme', project: 'Default Project', workspaces: ['api-prod', 'web-*'] }), TFC, AUDIENCE);

  test.each([
    ['the apply of a named workspace', sub('acme', 'Default Project', 'api-prod')],
    ['the apply of a workspace matching web-*', sub('acme', 'Default Project', 'web-eu')],
  ])('admitted: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('Allowed');
  });

  test.each([
    ['another organization (HashiCorp: "always check … the name of the organization")', sub('evil', 'Default Project', 'api-prod')],
    ['a look-alike organization', sub('acme-evil', 'Default Project', 'api-prod')],
    ['another project', sub('acme', 'Sandbox', 'api-prod')],
    ['another workspace', sub('acme', 'Default Project', 'api-dev')],
    ['a look-alike workspace', sub('acme', 'Default Project', 'api-prod-evil')],
    ['a plan (speculative plans run pull requests)', sub('acme', 'Default Project', 'api-prod', 'plan')],
    ['a workspace pattern reaching into the run phase', sub('acme', 'Default Project', 'web-x:run_phase:plan')],
    ['the pre-projects subject', 'organization:acme:workspace:api-prod:run_phase:apply'],
    ['a Stacks deployment of the organization', 'organization:acme:project:Default Project:stack:api:deployment:prod:operation:apply'],
  ])('denied: %s', (_name, subject) => {
    expect(trust.decide(subject)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience and another issuer (the EU region)', () => {
    expect(trust.decide(sub('acme', 'Default Project', 'api-prod'), 'sts.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(trust.decide(sub('acme', 'Default Project', 'api-prod'), AUDIENCE, 'https://app.eu.terraform.io')).toBe('ImplicitlyDenied');
  });

  test('conditions: exact subjects with StringEquals, the pattern bounded to its claim', () => {
    expect(trust.conditions).toEqual([
      { StringEquals: { 'app.terraform.io:aud': AUDIENCE, 'app.terraform.io:sub': sub('acme', 'Default Project', 'api-prod') } },
      {
        StringEquals: { 'app.terraform.io:aud': AUDIENCE },
        StringLike: { 'app.terraform.io:sub': sub('acme', 'Default Project', 'web-*') },
        StringNotLike: { 'app.terraform.io:sub': '*:*:*:*:*:*:*:*:*' },
      },
    ]);
  });

  test('plan phases on request; Terraform Enterprise and the EU region by issuerUrl', () => {
    const tfe = trustOf(CiProvider.hcpTerraform({
      organization: 'acme', project: 'infra', workspaces: ['ecr'], runPhases: ['plan', 'apply'], issuerUrl: 'https://tfe.acme.example',
    }), 'https://tfe.acme.example', AUDIENCE);
    expect(tfe.decide(sub('acme', 'infra', 'ecr', 'plan'))).toBe('Allowed');
    expect(tfe.decide(sub('acme', 'infra', 'ecr', 'apply'))).toBe('Allowed');
    expect(tfe.decide(sub('acme', 'infra', 'ecr'), AUDIENCE, TFC)).toBe('ImplicitlyDenied');
  });

  test('unsafeAllowAllWorkspaces: every workspace of the project, never another project', () => {
    const all = trustOf(CiProvider.hcpTerraform({ organization: 'acme', project: 'infra', unsafeAllowAllWorkspaces: true }), TFC, AUDIENCE);
    expect(all.decide(sub('acme', 'infra', 'anything'))).toBe('Allowed');
    expect(all.decide(sub('acme', 'other', 'anything'))).toBe('ImplicitlyDenied');
    expect(all.decide(sub('acme', 'infra', 'x:project:other:workspace:y'))).toBe('ImplicitlyDenied');
  });
});

describe('CiProvider.hcpTerraform()', () => {
  const base: HcpTerraformProviderOptions = { organization: 'acme', project: 'Default Project', workspaces: ['api-prod'] };
  test.each<[string, Partial<HcpTerraformProviderOptions>, RegExp]>([
    ['no organization', { organization: undefined }, /organization: is missing and must name an HCP Terraform organization name/],
    ['a wildcard organization', { organization: '*' }, /organization: got '\*': holds a wildcard/],
    ['no project', { project: undefined }, /project: is missing/],
    ['a project with a colon', { project: 'a:b' }, /project: got 'a:b': is not an HCP Terraform project name/],
    ['no workspace', { workspaces: undefined }, /workspaces: is missing and the role needs at least one of them[^]*unsafeAllowAllWorkspaces: true/],
    ['a catch-all workspace', { workspaces: ['*'] }, /workspaces\[0\]: got '\*': matches every workspace[^]*unsafeAllowAllWorkspaces: true/],
    ['a workspace with a colon', { workspaces: ['a:run_phase:plan'] }, /workspaces\[0\]: got 'a:run_phase:plan': is not an HCP Terraform workspace name/],
    ['an unknown run phase', { runPhases: ['destroy'] }, /runPhases\[0\]: got 'destroy': is not a run phase/],
    ['an issuer with a trailing slash', { issuerUrl: 'https://app.terraform.io/' }, /Fix: drop the trailing '\/'/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.hcpTerraform({ ...base, ...options })).toThrow(message);
  });
});
