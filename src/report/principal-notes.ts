import { Subject } from './subjects';
import { AccessModel } from '../analysis/access-model';
import { displayValue } from '../analysis/cfn-values';
import { constructLabel } from '../analysis/describe';
import { PolicyView } from '../analysis/policy-view';

// What a principal's row cannot show: the parts of its policies known only at deploy time and the
// managed policies and boundaries outside the app, which may give it ECR access the report does not see.

// AWS managed policies that grant ECR actions, by name (their content is not in the app)
const MAY_GRANT_ECR = /ContainerRegistry|ECR|AdministratorAccess|PowerUserAccess/i;

/** Policies of the subject the report cannot read: a part known only at deploy time, or a managed policy or boundary outside the app that may grant ECR. */
export function mayGrantUnseen(model: AccessModel, subject: Subject): boolean {
  const view = subject.view;
  if (!view) return false;
  if (view.permissionsBoundary && view.permissionsBoundary.unreadable.length > 0) return true;
  const policies = model.identityPolicies(view);
  for (let i = 0; i < policies.length; i++) if (policies[i].unreadable.length > 0) return true;
  // AWS managed policies whose content is known are evaluated like the app's own
  for (let i = 0; i < view.unknownManagedPolicies.length; i++) if (MAY_GRANT_ECR.test(displayValue(view.unknownManagedPolicies[i]))) return true;
  return view.externalPermissionsBoundary !== undefined && MAY_GRANT_ECR.test(displayValue(view.externalPermissionsBoundary));
}

/** What the report could not evaluate for the subject, one note each. */
export function notesOf(model: AccessModel, subject: Subject): string[] {
  const view = subject.view;
  const notes: string[] = [];
  if (!view) return notes;
  // once per principal (hundreds), mostly with nothing to note: indexed loops, as a for-of allocates
  // an iterator even for an empty list in code run once
  const policies = model.identityPolicies(view);
  for (let i = 0; i < policies.length; i++) unreadableNotes(notes, policies[i]);
  if (view.permissionsBoundary) unreadableNotes(notes, view.permissionsBoundary);
  for (let i = 0; i < view.unknownManagedPolicies.length; i++) {
    notes.push(`not evaluated: the managed policy ${displayValue(view.unknownManagedPolicies[i])} is outside this app`);
  }
  if (view.externalPermissionsBoundary) notes.push(`not evaluated: the permissions boundary ${displayValue(view.externalPermissionsBoundary)} is outside this app`);
  return notes;
}

function unreadableNotes(notes: string[], policy: PolicyView): void {
  // nearly every policy is read whole: no iterator for its empty list
  if (policy.unreadable.length === 0) return;
  for (const part of policy.unreadable) {
    notes.push(`not evaluated: a part of the ${policy.kind} '${constructLabel(policy.resource)}' known only at deploy time (${part.location})`);
  }
}
