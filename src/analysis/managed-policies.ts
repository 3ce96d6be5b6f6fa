import { isKnown } from './cfn-values';
import { AWS_MANAGED_ECR_STATEMENTS, AWS_MANAGED_POLICY_NAMES } from './managed-policies.generated';

// AWS managed policies by ARN: whether one exists, what it allows on ECR, and which real policy a
// wrong name most likely meant. The partition is a variable in templates (`arn:${AWS::Partition}:…`),
// so only the part after `:iam::aws:policy/` is compared.

const AWS_MANAGED_ARN = /^arn:[^:]*:iam::aws:policy\/(.+)$/;
const BY_LOWER_NAME = new Map(AWS_MANAGED_POLICY_NAMES.map((n) => [n.toLowerCase(), n]));
const BY_BASE_NAME = new Map(AWS_MANAGED_POLICY_NAMES.map((n) => [baseName(n).toLowerCase(), n]));

// AWS retired these; the data has live policies only
const RETIRED: Readonly<Record<string, string>> = {
  AmazonEC2ContainerServiceFullAccess: 'AmazonECS_FullAccess',
  AmazonEC2ContainerServiceRole: 'service-role/AmazonEC2ContainerServiceRole',
};

// the names people write for the ECR policies, which AWS named after EC2 Container Registry
const ECR_ALIASES: ReadonlyArray<[RegExp, string]> = [
  [/^Amazon(ECR|EC2ContainerRegistry)(ReadOnly|ReadOnlyAccess|Read)$/i, 'AmazonEC2ContainerRegistryReadOnly'],
  [/^Amazon(ECR|EC2ContainerRegistry)(FullAccess|Full|Admin)$/i, 'AmazonEC2ContainerRegistryFullAccess'],
  [/^Amazon(ECR|EC2ContainerRegistry)(PowerUser|PowerUserAccess)$/i, 'AmazonEC2ContainerRegistryPowerUser'],
  [/^Amazon(ECR|EC2ContainerRegistry)(PullOnly|Pull)$/i, 'AmazonEC2ContainerRegistryPullOnly'],
  [/^AmazonECSTaskExecution(Role)?(Policy)?$/i, 'service-role/AmazonECSTaskExecutionRolePolicy'],
];

/** `<path><name>` of an AWS managed policy ARN as written, or undefined when the ARN is not one (or not known at synth). */
export function awsManagedPolicyName(arn: string): string | undefined {
  if (!isKnown(arn)) {
    // `arn:${AWS::Partition}:iam::aws:policy/…`: only the partition is a deploy-time part
    const tail = /:iam::aws:policy\/([^\u0001-\u0007]+)$/.exec(arn);
    return tail ? tail[1] : undefined;
  }
  return AWS_MANAGED_ARN.exec(arn)?.[1];
}

/** True when AWS publishes a managed policy with exactly this `<path><name>`. */
export function awsManagedPolicyExists(name: string): boolean {
  return BY_LOWER_NAME.get(name.toLowerCase()) === name;
}

/** The ECR statements of an AWS managed policy (`[]` when it grants nothing on ECR), or undefined when unknown. */
export function awsManagedEcrStatements(name: string): readonly object[] | undefined {
  if (!awsManagedPolicyExists(name)) return undefined;
  return AWS_MANAGED_ECR_STATEMENTS[name] ?? [];
}

/** The real `<path><name>` a wrong one most likely meant: the right path, the right case, a retired policy's successor, an ECR alias. */
export function suggestAwsManagedPolicy(name: string): string | undefined {
  const exact = BY_LOWER_NAME.get(name.toLowerCase());
  if (exact) return exact;
  const base = baseName(name);
  const samePathless = BY_BASE_NAME.get(base.toLowerCase());
  if (samePathless) return samePathless;
  if (RETIRED[base]) return RETIRED[base];
  for (const [pattern, real] of ECR_ALIASES) if (pattern.test(base)) return real;
  return closest(base);
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** The policy whose name is within a few edits of the one written. */
function closest(base: string): string | undefined {
  const lower = base.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(lower.length / 6)) + 1;
  for (const [candidate, name] of BY_BASE_NAME) {
    if (Math.abs(candidate.length - lower.length) >= bestDistance) continue;
    const d = distance(lower, candidate, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once every row exceeds it. */
function distance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length];
}
