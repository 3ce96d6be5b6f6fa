import { StackTemplate, TemplateJson, TemplateSet } from '../../src/analysis/template-set';

// Templates written as a test wants them, read the way the analysis reads a synthesized app. Each
// call makes new objects: a test that changes one changes nobody else's.

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'us-east-1';

/** One stack's template, in an account and Region unless `env` says otherwise (`{}`: environment-agnostic). */
export function stackTemplate(
  id: string,
  resources: Record<string, unknown>,
  env: { account?: string; region?: string } = { account: ACCOUNT, region: REGION },
  outputs?: Record<string, unknown>,
): StackTemplate {
  const template: TemplateJson = { Resources: resources, ...outputs ? { Outputs: outputs } : {} };
  const constructPaths = new Map(Object.keys(resources).map((logicalId) => [logicalId, `${id}/${logicalId}/Resource`]));
  return { id, template, account: env.account, region: env.region, constructPaths };
}

/** A template set of these stacks, with no acknowledgments and nothing unreadable. */
export function templateSet(...stacks: StackTemplate[]): TemplateSet {
  return { stacks, acknowledgments: [], unreadable: [] };
}

/** A policy document of these statements. */
export function policyDocument(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}
