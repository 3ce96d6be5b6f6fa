export { EcrActions } from './actions/action-sets';
export { PushableRepository } from './repository/pushable-repository';
export type { PushableRepositoryProps, LambdaPullOptions } from './repository/pushable-repository';
