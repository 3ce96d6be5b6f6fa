// Conditions that limit where from, when or how a request is made, not who makes it. On a
// `Principal: "*"` statement they still let every AWS account in (from that network, at that time):
// AWS's own 2019 repository-policy example allowed ecr:* to "*" limited by aws:SourceIp alone.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

const NOT_WHO = new Set([
  'aws:sourceip', 'aws:vpcsourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:securetransport',
  'aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime', 'aws:useragent', 'aws:referer',
  'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:viaawsservice', 'aws:calledvia', 'aws:calledviafirst',
  'aws:calledvialast', 'aws:sourceidentity', 'aws:ec2instancesourcevpc', 'aws:ec2instancesourceprivateipv4',
]);

/**
 * True when a `Condition` block limits the statement beyond where from and when: any key other than
 * the network, time and transport keys (an unknown key counts as limiting, so nothing is reported
 * that might be safe).
 */
export function conditionLimitsWho(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  // asked of every statement, and most have no condition: no empty object and list for them
  if (condition === undefined) return false;
  for (const block of Object.values(condition)) {
    if (!block || typeof block !== 'object') return true;
    for (const key of Object.keys(block)) if (!NOT_WHO.has(key.toLowerCase())) return true;
  }
  return false;
}

/** The condition keys of a block, as written, each once, for messages. */
export function conditionKeys(condition: Record<string, Record<string, unknown>> | undefined): string[] {
  return [...new Set(Object.values(condition ?? {}).flatMap((block) => (block && typeof block === 'object' ? Object.keys(block) : [])))];
}
