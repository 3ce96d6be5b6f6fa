import { deployTimeValue } from './cfn-values';
import { StackTemplate, TemplateJson } from './template-set';

// Standalone policy documents (a repository policy pasted from the console, an identity policy a
// Terraform module renders, a trust policy) read as one-resource templates, so the same rules judge
// them as they judge an app: each kind becomes the resource CloudFormation would carry it in.

/* eslint-disable @typescript-eslint/no-explicit-any */

/** What a standalone policy document is; each kind is evaluated differently by AWS. */
export enum PolicyDocumentKind {
  /** An identity policy of a role, user or group, or `{"ManagedPolicyArns": [...]}` for attachments. */
  IDENTITY = 'identity',
  /** An ECR repository policy. */
  REPOSITORY = 'repository',
  /** An ECR registry policy. */
  REGISTRY = 'registry',
  /** A role's trust policy. */
  TRUST = 'trust',
}

export const POLICY_DOCUMENT_KINDS: readonly string[] = Object.values(PolicyDocumentKind);

// registry policies grant what only the registry decides: replication and pull-through cache imports
const REGISTRY_ACTIONS = /^ecr:(ReplicateImage|CreateRepository|BatchImportUpstreamImage)$/i;

/** The logical id of the resource a standalone document becomes. */
export const DOCUMENT_LOGICAL_ID = 'Document';

/**
 * The kind a document most likely is: a trust policy assumes a role, a statement with a `Principal`
 * is a resource policy (a registry policy when it grants replication or cache imports), anything else
 * is an identity policy.
 */
export function detectPolicyKind(document: unknown): PolicyDocumentKind {
  if (isObject(document) && Array.isArray((document as any).ManagedPolicyArns)) return PolicyDocumentKind.IDENTITY;
  const statements = statementsOf(document);
  const actions = statements.flatMap((s) => listOf(s.Action)).map(String);
  if (actions.some((a) => /^sts:AssumeRole/i.test(a))) return PolicyDocumentKind.TRUST;
  if (!statements.some((s) => s.Principal !== undefined || s.NotPrincipal !== undefined)) return PolicyDocumentKind.IDENTITY;
  return actions.some((a) => REGISTRY_ACTIONS.test(a)) ? PolicyDocumentKind.REGISTRY : PolicyDocumentKind.REPOSITORY;
}

/** True when a JSON value looks like a CloudFormation template rather than a policy document. */
export function isTemplate(value: unknown): value is TemplateJson {
  return isObject(value) && isObject((value as any).Resources);
}

/** A standalone document as the one-stack template that carries it. */
export function documentStack(id: string, kind: PolicyDocumentKind, document: unknown): StackTemplate {
  return {
    id,
    template: { Resources: { [DOCUMENT_LOGICAL_ID]: documentResource(kind, document) } },
    constructPaths: new Map([[DOCUMENT_LOGICAL_ID, id]]),
  };
}

function documentResource(kind: PolicyDocumentKind, document: unknown): any {
  switch (kind) {
    case PolicyDocumentKind.REPOSITORY:
      return { Type: 'AWS::ECR::Repository', Properties: { RepositoryPolicyText: document } };
    case PolicyDocumentKind.REGISTRY:
      return { Type: 'AWS::ECR::RegistryPolicy', Properties: { PolicyText: document } };
    case PolicyDocumentKind.TRUST:
      // a trust policy is checked because the role it guards has ECR permissions, which the document does not show
      return { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: document, ManagedPolicyArns: [deployTimeValue('permissions not in the document')] } };
    case PolicyDocumentKind.IDENTITY:
      if (isObject(document) && Array.isArray((document as any).ManagedPolicyArns)) {
        return { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: (document as any).ManagedPolicyArns } };
      }
      return { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'Document', PolicyDocument: document }] } };
  }
}

function statementsOf(document: unknown): any[] {
  const raw = isObject(document) ? (document as any).Statement : undefined;
  return listOf(raw).filter(isObject);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
