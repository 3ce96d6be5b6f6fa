import { Advice, withoutUndefined } from './advice/kind-advice';
import { advise } from './advice/kinds';
import { fixPrincipalArnOf, policyPrincipalArnOf } from './arn';
import { capabilityOf } from './capability';
import { DiagnoseOptions, Diagnosis, DiagnosisInApp, DiagnosisKind, MissingPolicy } from './diagnosis';
import { FixTarget, partitionFor, PLACEHOLDER } from './fix';
import { diagnosisInApp } from './in-app';
import { ErrorFacts, parseErrorText } from './parse';
import { MissingPolicyConclusion, missingPolicyFor } from './reasoning';
import { renderDiagnosis } from './render';
import { SignalDetail } from './signals';
import { Task } from '../actions/capabilities';

/**
 * Reads an AWS error about Amazon ECR access (pasted from docker, containerd, ECS, CodeBuild, the AWS
 * CLI or an SDK) and says which side is missing what, and the fix.
 *
 * The fix is written by the same statement builders as this library's grants, with the whole action
 * set of the task (a denied `ecr:InitiateLayerUpload` means the push set), and names a role ARN, never a
 * session. `cdk-ecr-access diagnose` is the same on the command line.
 *
 * @example
 * import { EcrErrorDiagnosis } from 'cdk-ecr-access';
 *
 * const diagnosis = EcrErrorDiagnosis.diagnose(
 *   'denied: User: arn:aws:sts::222222222222:assumed-role/ci/gh-42 is not authorized to perform: ' +
 *   'ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:111111111111:repository/team-a/api ' +
 *   'because no resource-based policy allows the ecr:InitiateLayerUpload action');
 * // diagnosis.missingPolicy === 'resource', diagnosis.policyPrincipalArn === 'arn:aws:iam::222222222222:role/ci'
 * new CfnOutput(this, 'Fix', { value: EcrErrorDiagnosis.render(diagnosis) });
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/common-errors-docker.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
export class EcrErrorDiagnosis {
  /**
   * Diagnoses an error message. Never throws: text it does not understand is `unrecognized`, and
   * parts the message does not carry (or carries as placeholders) are absent, never guessed.
   *
   * @param text the error as pasted: the whole output or just the message
   * @param options the app's cloud assembly, to name the construct and policy to change
   */
  public static diagnose(text: string, options: DiagnoseOptions = {}): Diagnosis {
    return diagnose(text, options);
  }

  /**
   * The diagnosis as text for people: what happened, which policy on which side, the fix as policy
   * JSON, and the `cdk-ecr-access` code that writes it.
   */
  public static render(diagnosis: Diagnosis): string {
    return renderDiagnosis(diagnosis);
  }

  private constructor() {}
}

/**
 * Diagnoses an ECR access error message (TypeScript shortcut for {@link EcrErrorDiagnosis.diagnose}).
 */
export function diagnose(text: string, options: DiagnoseOptions = {}): Diagnosis {
  try {
    const diagnosis = diagnoseFacts(parseErrorText(text));
    if (options.assembly === undefined || diagnosis.kind === DiagnosisKind.UNRECOGNIZED) return diagnosis;
    return { ...diagnosis, app: appPart(diagnosis, String(text), options.assembly) };
  } catch {
    // a last guard: a bug here must not turn a user's error message into a crash
    return { kind: DiagnosisKind.UNRECOGNIZED, explanation: 'The text could not be read as an ECR access error.' };
  }
}

function appPart(diagnosis: Diagnosis, text: string, assembly: string): DiagnosisInApp {
  try {
    return diagnosisInApp(diagnosis, text, assembly);
  } catch (e) {
    // the message's diagnosis stands even when the assembly cannot be read
    return { explanation: `The cloud assembly in ${assembly} could not be read (${e instanceof Error ? e.message : String(e)}).` };
  }
}

function diagnoseFacts(facts: ErrorFacts): Diagnosis {
  const first = diagnoseOne(facts);
  if (facts.otherDenials === undefined) return first;
  const denials = [first, ...facts.otherDenials.map(diagnoseOne)];
  // the fields all denials share; a field they disagree on is in each denial only
  const shared: Partial<Diagnosis> = Object.fromEntries(Object.entries(first).filter(([key, value]) =>
    key !== 'explanation' && key !== 'fix' && denials.every((d) => JSON.stringify((d as any)[key]) === JSON.stringify(value))));
  // cross-account is a fact about two accounts: on top only when both are
  const crossAccount = shared.callerAccount !== undefined && shared.resourceAccount !== undefined ? shared.crossAccount : undefined;
  return withoutUndefined({
    ...shared,
    crossAccount,
    kind: denials.every((d) => d.kind === first.kind) ? first.kind : DiagnosisKind.ACCESS_DENIED,
    count: denials.length,
    denials,
    explanation: `The text holds ${denials.length} different denials; each is diagnosed in \`denials\`, the first here. ${first.explanation}`,
    fix: first.fix,
  });
}

function diagnoseOne(facts: ErrorFacts): Diagnosis {
  const caller = facts.caller;
  const callerAccount = caller?.account;
  const resourceAccount = facts.resourceAccount;
  const crossAccount = callerAccount !== undefined && resourceAccount !== undefined ? callerAccount !== resourceAccount : undefined;
  const policyPrincipalArn = caller !== undefined ? policyPrincipalArnOf(caller) : undefined;
  const capability = capabilityOf(facts.action, facts.pushing);

  let conclusion: MissingPolicyConclusion = {};
  if (facts.kind === DiagnosisKind.ACCESS_DENIED || facts.notAllowedBy !== undefined) {
    conclusion = missingPolicyFor(facts.notAllowedBy, capability, caller, crossAccount);
  }
  if (facts.kind === DiagnosisKind.LAMBDA_IMAGE_ACCESS) conclusion = { policy: MissingPolicy.RESOURCE };
  // S3 refused the ECR layer bucket: the gateway endpoint's policy is what stands between
  if (facts.kind === DiagnosisKind.LAYER_DOWNLOAD_DENIED && facts.detail === SignalDetail.LAYER_BUCKET) {
    conclusion = { policy: MissingPolicy.VPC_ENDPOINT_POLICY };
  }

  const target: FixTarget = {
    partition: facts.partition ?? caller?.partition,
    region: facts.region,
    // a repository is always created in the caller's own registry
    repositoryAccount: resourceAccount ?? (capability.task === Task.CREATE ? callerAccount : undefined),
    repositoryName: facts.repositoryName,
  };
  const fixPrincipalArn = caller !== undefined ? fixPrincipalArnOf(caller, partitionFor(target), PLACEHOLDER.account) : undefined;
  const advice: Advice = advise({ facts, capability, conclusion, policyPrincipalArn, fixPrincipalArn, crossAccount, target });

  return withoutUndefined({
    kind: facts.kind,
    action: facts.action,
    principalArn: caller?.arn,
    policyPrincipalArn,
    callerAccount,
    resourceAccount,
    region: facts.region,
    repositoryName: facts.repositoryName,
    tag: facts.tag,
    crossAccount,
    missingPolicy: conclusion.policy,
    denyingPolicyType: facts.kind === DiagnosisKind.EXPLICIT_DENY ? facts.deniedBy : undefined,
    explanation: advice.explanation,
    fix: advice.fix,
  });
}
