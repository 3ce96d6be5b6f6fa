import { EcrActions } from './action-sets';

// What principals do with ECR, each a named action set of EcrActions: the access report shows which
// of them a principal has, and a diagnosis grants the whole task a denied action belongs to (one
// missing ecr:InitiateLayerUpload fails the push, and granting that one action alone would only move
// the failure to the next call).

/**
 * What a principal can do with ECR, as {@link EcrAccessReport} classifies it. Each capability is a
 * named action set of {@link EcrActions}: a principal has it when every action of the set is allowed.
 */
export enum EcrCapability {
  /** Log in to the registry: `EcrActions.LOGIN` on `*` (a property of the principal, not of a repository). */
  LOGIN = 'login',
  /**
   * Pull images: `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` (`EcrActions.LAMBDA_PULL`), as
   * AWS's ECS and Lambda pages and `AmazonEC2ContainerRegistryPullOnly` define a pull. Grants write
   * `EcrActions.PULL`, which adds `ecr:BatchCheckLayerAvailability`.
   */
  PULL = 'pull',
  /** Push images: `EcrActions.PUSH`. */
  PUSH = 'push',
  /** Create the repository (or repositories matching a name pattern): `EcrActions.CREATE`. */
  CREATE = 'create',
  /** Delete images or the repository: `EcrActions.DELETE`. */
  DELETE = 'delete',
  /** Change the repository's policy, lifecycle, tag mutability or scanning: `EcrActions.ADMIN`. */
  ADMIN = 'admin',
}

/**
 * The task a request to AWS is part of: a capability (the same word), reading, or an action outside
 * the named sets. `actionsOf` takes both enums, so the compiler holds every capability to a task.
 */
export enum Task {
  LOGIN = 'login',
  PULL = 'pull',
  PUSH = 'push',
  CREATE = 'create',
  /** Describe and list: `EcrActions.READ` (the report counts them among a principal's other actions). */
  READ = 'read',
  DELETE = 'delete',
  ADMIN = 'admin',
  /** An ECR action outside the named sets: granted alone. */
  OTHER_ECR = 'other-ecr',
  /** Not an ECR action (e.g. `kms:Decrypt` on an encrypted repository's key). */
  NOT_ECR = 'not-ecr',
}

/** A task with a named action set: a capability, or reading. */
export type NamedTask = Exclude<Task, Task.OTHER_ECR | Task.NOT_ECR>;

const NAMED_SETS: Readonly<Record<`${NamedTask}`, readonly string[]>> = {
  login: EcrActions.LOGIN,
  pull: EcrActions.PULL,
  push: EcrActions.PUSH,
  create: EcrActions.CREATE,
  read: EcrActions.READ,
  delete: EcrActions.DELETE,
  admin: EcrActions.ADMIN,
};

/** The actions of a capability or a named task: its named set of EcrActions, what a grant (or a fix) writes. */
export function actionsOf(task: EcrCapability | NamedTask): readonly string[] {
  return NAMED_SETS[task];
}

// What a principal must be allowed to have a capability, where that is less than the named set.
// A pull reads the manifest (BatchGetImage) and downloads the layers (GetDownloadUrlForLayer): "the
// Amazon ECS, or Fargate, container agent must have permissions to make the ecr:BatchGetImage,
// ecr:GetDownloadUrlForLayer, and ecr:GetAuthorizationToken APIs"
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html); Lambda's page lists the
// same two, and AWS's AmazonEC2ContainerRegistryPullOnly (2024) grants exactly these; EKS names
// PullOnly for the kubelet (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html),
// though the older ECR_on_EKS page still lists the layer check. The BatchCheckLayerAvailability of
// EcrActions.PULL answers a HEAD on a blob, the "is this layer there already?" of a push: grants and
// diagnosis fixes keep it (as AWS's ECS managed policies do, and for tools that HEAD blobs), but a
// pull does not need it. The checks read a pull the same way (rules/incomplete-pull.ts).
const REQUIRED: Partial<Readonly<Record<EcrCapability, readonly string[]>>> = {
  pull: EcrActions.LAMBDA_PULL,
};

/**
 * The actions a principal must be allowed to have the capability, as AWS documents the task: the
 * named set, but for pull the two calls a pull makes. Always within `actionsOf(capability)`.
 */
export function requiredActionsOf(capability: EcrCapability): readonly string[] {
  return REQUIRED[capability] ?? NAMED_SETS[capability];
}

/**
 * True when only an identity policy can allow the task: login is account-level (`Resource: "*"`),
 * and a repository that does not exist yet has no repository policy to allow creating it.
 */
export function isIdentityOnly(task: Task): boolean {
  return task === Task.LOGIN || task === Task.CREATE;
}

// The sets an action is looked up in, the narrowest first: creating describes too, pushing pulls too.
const LOOKUP: ReadonlyArray<readonly [NamedTask, readonly string[]]> = [
  [Task.LOGIN, EcrActions.LOGIN],
  [Task.CREATE, EcrActions.CREATE.filter((a) => !EcrActions.READ.includes(a))],
  [Task.PUSH, EcrActions.PUSH.filter((a) => !EcrActions.PULL.includes(a))],
  [Task.PULL, EcrActions.PULL],
  [Task.READ, EcrActions.READ],
  [Task.DELETE, EcrActions.DELETE],
  [Task.ADMIN, EcrActions.ADMIN],
];

/**
 * The named task an ECR action (`ecr:PutImage`) belongs to; undefined outside the named sets. The
 * actions pulling and pushing share (`BatchGetImage`, `BatchCheckLayerAvailability`) count as a
 * push when the request is part of one.
 */
export function namedTaskOf(qualifiedAction: string, pushing: boolean): NamedTask | undefined {
  const task = LOOKUP.find(([, actions]) => actions.includes(qualifiedAction))?.[0];
  return task === Task.PULL && pushing ? Task.PUSH : task;
}
