import { actionsOf, isIdentityOnly, NamedTask, namedTaskOf, Task } from '../actions/capabilities';
import { findEcrAction } from '../actions/catalog';

// A denied action stands for a task, and the fix grants the task's whole named action set
// (actions/capabilities.ts): an action outside the sets is granted alone.

/** A task and the actions the fix grants for it. */
export interface Capability {
  readonly task: Task;
  /** Qualified actions (`ecr:PutImage`), login excluded. */
  readonly actions: readonly string[];
  /** True when only an identity policy can allow it (login, account-level actions, creating a repository). */
  readonly identityOnly: boolean;
}

/**
 * The task behind a denied action. With no action (a bare `403 Forbidden`), the task is pull or
 * push from the text.
 */
export function capabilityOf(action: string | undefined, pushing: boolean): Capability {
  if (action === undefined) return named(pushing ? Task.PUSH : Task.PULL);
  const ecr = action.toLowerCase().startsWith('ecr:') ? findEcrAction(action) : undefined;
  if (!ecr) return { task: Task.NOT_ECR, actions: [action], identityOnly: false };
  const qualified = `ecr:${ecr.name}`;
  const task = namedTaskOf(qualified, pushing);
  return task ? named(task) : { task: Task.OTHER_ECR, actions: [qualified], identityOnly: ecr.wildcardOnly };
}

function named(task: NamedTask): Capability {
  return { task, actions: actionsOf(task), identityOnly: isIdentityOnly(task) };
}
