import { KIND_ADVICE } from './advice/kinds';
import { Diagnosis, MissingPolicy } from './diagnosis';

// The diagnosis as a person reads it in a terminal: facts first, then the fix to copy.

const MISSING_WORDS: Record<MissingPolicy, string> = {
  [MissingPolicy.IDENTITY]: 'identity policy of the caller',
  [MissingPolicy.RESOURCE]: 'repository policy',
  [MissingPolicy.BOTH]: 'identity policy of the caller and repository policy (cross-account: both must allow)',
  [MissingPolicy.PERMISSIONS_BOUNDARY]: 'permissions boundary of the caller',
  [MissingPolicy.SESSION_POLICY]: 'session policy of the caller\'s session',
  [MissingPolicy.VPC_ENDPOINT_POLICY]: 'VPC endpoint policy',
  [MissingPolicy.SERVICE_CONTROL_POLICY]: 'service control policy (AWS Organizations)',
  [MissingPolicy.RESOURCE_CONTROL_POLICY]: 'resource control policy (AWS Organizations)',
};

/** Renders a diagnosis for people. */
export function renderDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  lines.push(`${KIND_ADVICE.find((k) => k.kind === d.kind)?.title ?? d.kind} (${d.kind})`, '');
  lines.push(d.explanation, '');

  const facts: Array<[string, string | undefined]> = [
    ['Action', d.action],
    ['Caller', d.principalArn],
    ['In a policy', d.policyPrincipalArn !== undefined && d.policyPrincipalArn !== d.principalArn ? d.policyPrincipalArn : undefined],
    ['Caller account', d.callerAccount],
    ['Repository', d.repositoryName],
    ['Tag', d.tag],
    [accountLabel(d), d.resourceAccount],
    ['Region', d.region],
    ['Cross-account', d.crossAccount === undefined ? undefined : d.crossAccount ? 'yes' : 'no'],
    ['Missing', d.missingPolicy !== undefined ? `${missingWords(d)} (${d.missingPolicy})` : undefined],
    ['Denied by', d.denyingPolicyType],
    ['Denials', d.denials?.map((denial, i) => `${i + 1}. ${denial.action ?? denial.kind}${denial.repositoryName ? ` on ${denial.repositoryName}` : ''}${denial.principalArn ? ` by ${denial.principalArn}` : ''}`).join('; ')],
  ];
  const shown = facts.filter(([, value]) => value !== undefined) as Array<[string, string]>;
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  for (const [label, value] of shown) lines.push(`  ${`${label}:`.padEnd(width + 1)} ${value}`);
  if (shown.length > 0) lines.push('');
  if (d.app !== undefined) {
    lines.push(d.app.explanation);
    if (d.app.policy !== undefined) lines.push(`  Policy: ${d.app.policy}`);
    for (const condition of d.app.failingConditions ?? []) lines.push(`  Fails: ${condition}`);
    lines.push('');
  }

  const fix = d.fix;
  if (fix) {
    if (fix.identityPolicy !== undefined) {
      lines.push(d.missingPolicy === MissingPolicy.PERMISSIONS_BOUNDARY || d.missingPolicy === MissingPolicy.SESSION_POLICY
        ? `Statements the ${MISSING_WORDS[d.missingPolicy]} must allow:`
        : `Identity policy${d.policyPrincipalArn !== undefined ? ` for ${d.policyPrincipalArn}` : ''}:`);
      lines.push(indent(JSON.stringify(fix.identityPolicy, undefined, 2)), '');
    }
    if (fix.repositoryPolicy !== undefined) {
      lines.push(`Repository policy${d.repositoryName !== undefined ? ` of ${d.repositoryName}` : ''}${d.resourceAccount !== undefined ? ` in ${d.resourceAccount}` : ''}:`);
      lines.push(indent(JSON.stringify(fix.repositoryPolicy, undefined, 2)), '');
    }
    if (fix.cdk !== undefined) {
      lines.push('With cdk-ecr-access:', indent(fix.cdk), '');
    }
    if (fix.steps.length > 0) {
      lines.push('Steps:');
      fix.steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
      lines.push('');
    }
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}

function accountLabel(d: Diagnosis): string {
  if (d.repositoryName !== undefined || d.action?.startsWith('ecr:')) return 'Repository account';
  return d.action !== undefined ? 'Resource account' : 'Registry account';
}

function missingWords(d: Diagnosis): string {
  const notEcr = d.action !== undefined && !d.action.startsWith('ecr:');
  if (notEcr && d.missingPolicy === MissingPolicy.RESOURCE) return 'resource-based policy of the resource';
  return MISSING_WORDS[d.missingPolicy!] ?? d.missingPolicy;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
