import { EcrActions } from '../actions/action-sets';
import { findEcrAction } from '../actions/catalog';

// A denied action stands for a task: one missing `ecr:InitiateLayerUpload` means the push cannot
// work, and granting that one action would only move the failure to the next call. So the fix
// grants the task's whole named action set.

/** The task a denied action belongs to. */
export enum Task {
  LOGIN = 'login',
  PULL = 'pull',
  PUSH = 'push',
  CREATE = 'create',
  READ = 'read',
  DELETE = 'delete',
  ADMIN = 'admin',
  /** An ECR action outside the named sets: the fix grants that action alone. */
  OTHER_ECR = 'other-ecr',
  /** Not an ECR action (e.g. `kms:Decrypt` on an encrypted repository's key). */
  NOT_ECR = 'not-ecr',
}

/** A task and the actions the fix grants for it. */
export interface Capability {
  readonly task: Task;
  /** Qualified actions (`ecr:PutImage`), login excluded. */
  readonly actions: readonly string[];
  /** True when only an identity policy can allow it (login, account-level actions, creating a repository). */
  readonly identityOnly: boolean;
}

const SETS: ReadonlyArray<[Task, readonly string[]]> = [
  [Task.LOGIN, EcrActions.LOGIN],
  [Task.CREATE, EcrActions.CREATE.filter((a) => !EcrActions.READ.includes(a))],
  [Task.PUSH, EcrActions.PUSH.filter((a) => !EcrActions.PULL.includes(a))],
  [Task.PULL, EcrActions.PULL],
  [Task.READ, EcrActions.READ],
  [Task.DELETE, EcrActions.DELETE],
  [Task.ADMIN, EcrActions.ADMIN],
];

const ACTIONS_OF: Record<Task, readonly string[]> = {
  [Task.LOGIN]: EcrActions.LOGIN,
  [Task.PULL]: EcrActions.PULL,
  [Task.PUSH]: EcrActions.PUSH,
  [Task.CREATE]: EcrActions.CREATE,
  [Task.READ]: EcrActions.READ,
  [Task.DELETE]: EcrActions.DELETE,
  [Task.ADMIN]: EcrActions.ADMIN,
  [Task.OTHER_ECR]: [],
  [Task.NOT_ECR]: [],
};

/**
 * The task behind a denied action. Actions that pull and push share (`BatchGetImage`,
 * `BatchCheckLayerAvailability`) count as a push when the text is about pushing. With no action
 * (a bare `403 Forbidden`), the task is pull or push from the text.
 */
export function capabilityOf(action: string | undefined, pushing: boolean): Capability {
  if (action === undefined) return capability(pushing ? Task.PUSH : Task.PULL);
  const ecr = action.toLowerCase().startsWith('ecr:') ? findEcrAction(action) : undefined;
  if (!ecr) return { task: Task.NOT_ECR, actions: [action], identityOnly: false };
  const qualified = `ecr:${ecr.name}`;
  for (const [task, actions] of SETS) {
    if (!actions.includes(qualified)) continue;
    return capability(task === Task.PULL && pushing ? Task.PUSH : task);
  }
  return { task: Task.OTHER_ECR, actions: [qualified], identityOnly: ecr.wildcardOnly };
}

function capability(task: Task): Capability {
  const actions = ACTIONS_OF[task];
  // login is account-level; a repository that does not exist yet has no repository policy
  const identityOnly = task === Task.LOGIN || task === Task.CREATE;
  return { task, actions, identityOnly };
}
