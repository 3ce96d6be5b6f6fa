export { EcrActions } from './actions/action-sets';
export { PushableRepository } from './repository/pushable-repository';
export type { PushableRepositoryProps, LambdaPullOptions } from './repository/pushable-repository';
export { DenyingPolicyType, DiagnosisKind, MissingPolicy } from './diagnose/diagnosis';
export type { Diagnosis, DiagnosisFix } from './diagnose/diagnosis';
export { EcrErrorDiagnosis, diagnose } from './diagnose/diagnose';
