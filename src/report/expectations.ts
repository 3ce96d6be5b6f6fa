import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { accessConditionText } from './render';
import { AccessReportJson, CapabilityJson } from './report-data';
import { SubjectKind } from './subjects';
import { EcrCapability } from '../actions/capabilities';
import { AccessModel } from '../analysis/access-model';
import { displayValue } from '../analysis/cfn-values';
import { constructLabel, pathLabel } from '../analysis/describe';
import { accountNamedBy } from '../analysis/principal-match';
import { StackTemplate } from '../analysis/template-set';

// `report.expect(principal, repository, capabilities)`: the access a pair must have, checked
// against the computed report at synth. Principals and repositories are found in the report by
// construct path (roles, users and repositories of the app) or by their resolved ARN or name.

/** How the user named the principal: a construct of the app, or a value to resolve. */
export type PrincipalReference =
  | { readonly kind: 'construct'; readonly type: SubjectKind; readonly path: string }
  | { readonly kind: 'value'; readonly type: 'AWS' | 'Service'; readonly value: string; readonly organization?: string; readonly scope: IConstruct };

export interface Expectation {
  readonly principal: PrincipalReference;
  readonly repository: ecr.IRepository;
  readonly capabilities: readonly EcrCapability[];
}

/** What the user passed to `expect()`: a role or user of the app by path, anything else by its policy value. */
export function principalReference(grantee: iam.IGrantable, scope: IConstruct): PrincipalReference | undefined {
  const principal = grantee.grantPrincipal;
  const resource = (principal as Partial<IConstruct>).node?.defaultChild;
  if (resource && CfnResource.isCfnResource(resource) && ['AWS::IAM::Role', 'AWS::IAM::User'].includes(resource.cfnResourceType)) {
    return { kind: 'construct', type: resource.cfnResourceType === 'AWS::IAM::Role' ? SubjectKind.ROLE : SubjectKind.USER, path: resource.node.path };
  }
  const arn = (principal as Partial<iam.IRole>).roleArn ?? (principal as Partial<iam.IUser>).userArn;
  if (arn !== undefined) return { kind: 'value', type: 'AWS', value: arn, scope };
  const fragment = principal.policyFragment;
  const entries = Object.entries(fragment.principalJson).flatMap(([type, values]) => values.map((value) => ({ type, value })));
  if (entries.length !== 1 || (entries[0].type !== 'AWS' && entries[0].type !== 'Service')) return undefined;
  const organization = (fragment.conditions?.StringEquals as Record<string, unknown> | undefined)?.['aws:PrincipalOrgID'];
  return { kind: 'value', type: entries[0].type, value: entries[0].value, scope, ...typeof organization === 'string' ? { organization } : {} };
}

/** A principal given as text: an ARN, an account id, a service principal, an organization id or `*`. */
export function textPrincipalReference(principal: string, scope: IConstruct): PrincipalReference {
  const service = !Token.isUnresolved(principal) && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal);
  if (!Token.isUnresolved(principal) && /^o-[a-z0-9]{10,32}$/.test(principal)) return { kind: 'value', type: 'AWS', value: '*', organization: principal, scope };
  return { kind: 'value', type: service ? 'Service' : 'AWS', value: principal, scope };
}

/** One message per expectation the report does not meet; empty when all hold. */
export function unmetExpectations(expectations: readonly Expectation[], report: AccessReportJson, model: AccessModel): string[] {
  const messages: string[] = [];
  for (const expectation of expectations) {
    const principalName = principalRow(expectation.principal, model);
    const repositoryName = repositoryColumn(expectation.repository, report, model);
    const where = `${principalName} on repository '${repositoryName}'`;
    const row = report.principals.find((p) => p.name === principalName);
    const pair = report.access.find((a) => a.principal === principalName && a.repository === repositoryName);
    const computed: CapabilityJson[] = [...row?.capabilities ?? [], ...pair?.capabilities ?? []];
    const have = new Set(computed.map((c) => c.capability));
    const want = new Set<string>(expectation.capabilities);
    const unexpected = computed.filter((c) => !want.has(c.capability));
    const missing = [...want].filter((c) => !have.has(c));
    if (unexpected.length === 0 && missing.length === 0) continue;
    const parts = [`Expected ${listOrNone([...want])} for ${where}; the policies give ${listOrNone(computed.map(describeCapability))}.`];
    if (unexpected.length > 0) parts.push(`Not expected: ${unexpected.map((c) => c.capability).join(', ')}.`);
    if (missing.length > 0) parts.push(`Missing: ${missing.join(', ')}.`);
    messages.push(parts.join(' '));
  }
  return messages;
}

function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? 'no ECR access' : items.join(', ');
}

function describeCapability(c: CapabilityJson): string {
  const details = [
    ...c.access === 'conditional' ? [accessConditionText(c)] : [],
    ...c.needs ? [`cross-account: needs the ${c.needs.replace('-', ' ')} outside this app`] : [],
  ];
  return details.length > 0 ? `${c.capability} (${details.join('; ')})` : c.capability;
}

/** The report's row name for the principal (whether or not the report has a row for it). */
function principalRow(reference: PrincipalReference, model: AccessModel): string {
  if (reference.kind === 'construct') return `${reference.type} ${pathLabel(reference.path)}`;
  if (reference.organization !== undefined) return `organization ${resolveText(reference.organization, reference.scope, model)}`;
  const value = resolveText(reference.value, reference.scope, model);
  if (reference.type === 'Service') return `service ${value}`;
  if (value === '*') return 'anyone (*)';
  const account = accountNamedBy(value);
  if (account !== undefined) return `account ${account}`;
  const inApp = model.principals.find((p) => displayValue(p.arn) === value);
  if (inApp) return `${inApp.type} ${constructLabel(inApp.resource)}`;
  return `principal ${value}`;
}

/** The report's column name for the repository: by construct path when it is in the app, else by ARN. */
function repositoryColumn(repository: ecr.IRepository, report: AccessReportJson, model: AccessModel): string {
  const resource = repository.node.defaultChild;
  if (resource && CfnResource.isCfnResource(resource)) {
    const path = pathLabel(resource.node.path);
    const found = report.repositories.find((r) => r.path === path);
    if (found) return found.name;
  }
  const arn = resolveText(repository.repositoryArn, repository, model);
  return report.repositories.find((r) => r.arn === arn)?.name ?? arn.split(':repository/').pop() ?? arn;
}

/** A value with tokens, as the synthesized policies show it (`${...}` for what is known at deploy time). */
function resolveText(value: string, scope: IConstruct, model: AccessModel): string {
  if (!Token.isUnresolved(value)) return value;
  const stack = Stack.of(scope);
  const template: StackTemplate = model.templates.stacks.find((s) => s.id === stack.artifactId) ?? {
    id: stack.artifactId,
    template: {},
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    constructPaths: new Map(),
  };
  const resolved = model.resolver.resolve(template, stack.resolve(value));
  return typeof resolved === 'string' ? displayValue(resolved) : JSON.stringify(resolved);
}
