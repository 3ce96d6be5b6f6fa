import { isKnown } from '../../analysis/cfn-values';
import { statementActionsText, statementLabel } from '../../analysis/describe';
import { ecrActionsOf, PolicyKind, StatementView } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { FindingDraft, Rule } from '../rule';

// ECR's dual-stack endpoints (`<account>.dkr-ecr.<region>.on.aws`, `ecr.<region>.api.aws`) answer
// over IPv6, and a request that arrives over IPv6 carries an IPv6 `aws:SourceIp`, which no IPv4
// range matches. AWS: policies that filter by source address must list IPv6 ranges too, or clients
// "might incorrectly lose or gain access" once they use IPv6.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html

const CHECKED_KINDS = new Set([PolicyKind.INLINE, PolicyKind.MANAGED, PolicyKind.REPOSITORY, PolicyKind.REGISTRY, PolicyKind.CREATION_TEMPLATE]);
const SOURCE_IP = 'aws:sourceip';
const FIX = 'add the IPv6 ranges of the same networks to this aws:SourceIp list (e.g. "2001:db8:1234::/48"); '
  + 'until then, keep these clients on the IPv4-only endpoints (<account>.dkr.ecr.<region>.amazonaws.com)';

/**
 * Catches an `aws:SourceIp` condition on an ECR statement that lists IPv4 ranges only: over a
 * dual-stack endpoint the same clients arrive with IPv6 addresses, so an Allow no longer allows them,
 * a Deny unless-from-these-ranges denies them, and a Deny from-these-ranges no longer denies them.
 */
export const ipv4OnlySourceIp: Rule = {
  id: 'ipv4-only-source-ip',
  level: EcrCheckLevel.WARNING,
  summary: 'An `aws:SourceIp` condition on an ECR statement lists only IPv4 ranges: requests over IPv6 (dual-stack endpoints) lose or gain access',
  why: 'ECR\'s dual-stack endpoints (`<account>.dkr-ecr.<region>.on.aws`, `ecr.<region>.api.aws`) accept IPv6; a request over IPv6 has an IPv6 source '
    + 'address, which no IPv4 range matches. AWS asks that policies filtering by source IP list IPv6 ranges too.',
  fix: 'List the IPv6 ranges of the same networks beside the IPv4 ones in each aws:SourceIp condition',
  check(context) {
    // indexed: run once per synth, unoptimized, where each for…of step over the app's policies allocates
    const policies = context.model.policies;
    for (let p = 0; p < policies.length; p++) {
      const policy = policies[p];
      // only a statement with a condition can hold aws:SourceIp: most policies have none, and get no closure
      if (!CHECKED_KINDS.has(policy.kind) || !policy.statements.some(hasCondition)) continue;
      context.guard(policy.resource, policy.location, () => {
        for (const statement of policy.statements) {
          if (statement.condition === undefined || ecrActionsOf(statement).size === 0) continue;
          for (const finding of findingsOf(statement)) context.report(finding);
        }
      });
    }
  },
};

function hasCondition(statement: StatementView): boolean {
  return statement.condition !== undefined;
}

function findingsOf(statement: StatementView): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [operator, block] of Object.entries(statement.condition ?? {})) {
    const negated = operatorOf(operator);
    if (negated === undefined || !block || typeof block !== 'object') continue;
    for (const [key, raw] of Object.entries(block)) {
      if (key.toLowerCase() !== SOURCE_IP) continue;
      const ranges = Array.isArray(raw) ? raw : [raw];
      // a deploy-time list may hold IPv6 ranges: nothing is said of what cannot be read
      if (ranges.length === 0 || !ranges.every((r) => typeof r === 'string' && isKnown(r)) || ranges.some((r) => (r as string).includes(':'))) continue;
      out.push({
        resource: statement.policy.resource,
        location: `${statement.location}/Condition/${operator}/${key}`,
        message: `${statementLabel(statement)} ${effectText(statement, negated)} ${(ranges as string[]).join(', ')} (IPv4 only): ${consequence(statement.effect, negated)}`,
        fix: FIX,
      });
    }
  }
  return out;
}

/** For `IpAddress` false, for `NotIpAddress` true (with `IfExists` and set qualifiers read through); undefined for other operators. */
function operatorOf(operator: string): boolean | undefined {
  const base = operator.replace(/^For(?:Any|All)Values:/i, '').replace(/IfExists$/i, '').toLowerCase();
  if (base === 'ipaddress') return false;
  if (base === 'notipaddress') return true;
  return undefined;
}

function effectText(statement: StatementView, negated: boolean): string {
  const verb = statement.effect === 'Deny' ? 'denies' : 'allows';
  return `${verb} ${statementActionsText(statement)} to requests ${negated ? 'not from' : 'from'}`;
}

function consequence(effect: string, negated: boolean): string {
  const deny = effect === 'Deny';
  if (!deny && !negated) return 'a client of those networks that reaches ECR over IPv6 (a dual-stack endpoint) is not allowed.';
  if (deny && negated) return 'every request over IPv6 (a dual-stack endpoint) is denied, from those networks too.';
  if (deny) return 'the same clients over IPv6 (a dual-stack endpoint) are not denied by it.';
  return 'the clients it excludes are no longer excluded by it over IPv6 (a dual-stack endpoint).';
}
