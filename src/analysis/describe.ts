import * as iam from 'aws-cdk-lib/aws-iam';
import { displayValue } from './cfn-values';
import { ResourceRef, StatementView } from './policy-view';

// How findings name things: constructs by path, statements by index and Sid, values as written.

/** The construct a user knows: the path without the trailing `/Resource` of the L1 child. */
export function constructLabel(resource: ResourceRef): string {
  return pathLabel(resource.path);
}

/** A construct path without the trailing `/Resource` of the L1 child. */
export function pathLabel(path: string): string {
  return path.replace(/\/Resource$/, '');
}

/** `statement 1 (Sid "Push") of the inline policy 'App/Role/DefaultPolicy'`. */
export function statementLabel(statement: StatementView): string {
  const sid = (statement.policy.document as { Statement?: Array<{ Sid?: unknown }> } | undefined)?.Statement;
  const sidText = Array.isArray(sid) && typeof sid[statement.index]?.Sid === 'string' ? ` (Sid "${sid[statement.index].Sid}")` : '';
  return `statement ${statement.index}${sidText} of the ${statement.policy.kind} of '${constructLabel(statement.policy.resource)}'`;
}

/** A value in quotes, deploy-time parts written `${...}`. */
export function quote(value: string): string {
  return `'${displayValue(value)}'`;
}

/** A sorted list of actions, shortened after `max` entries. */
export function actionList(actions: Iterable<string>, max = 8): string {
  const sorted = [...new Set(actions)].sort();
  const shown = sorted.slice(0, max).join(', ');
  return sorted.length > max ? `${shown} and ${sorted.length - max} more` : shown;
}

/** What a statement's `Action` (or `NotAction`) covers, as a reviewer reads it. */
export function statementActionsText(statement: StatementView): string {
  const actions = (statement.actions ?? statement.notActions ?? []).map((a) => a.value);
  return statement.actions ? actionList(actions) : `everything but ${actionList(actions)}`;
}

/** A statement as the JSON to paste into a policy. */
export function statementJson(statement: iam.PolicyStatement): string {
  return JSON.stringify(statement.toStatementJson());
}
