import { ArnFormat, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { checkRegion, checkReplicationFilter } from './registry-input';
import { EcrActions } from '../actions/action-sets';
import { knownPartition } from '../policy/render';
import { registryPolicyStatement, statementId } from '../policy/statements';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';

/** ECR allows ten replication rules per registry. */
const MAX_REPLICATION_RULES = 10;
/** CloudFormation's bounds for one rule. */
const MAX_DESTINATIONS = 100;
const MAX_FILTERS = 100;

/**
 * Where a replication rule copies images to: a region, in this registry's account or another one.
 */
export interface ReplicationDestination {
  /** The region to replicate to, e.g. `eu-west-1`. */
  readonly region: string;

  /**
   * The account whose registry receives the images. Another account must allow this one in its
   * registry policy (`ecr:ReplicateImage`, `ecr:CreateRepository`): an `EcrRegistry` of that account
   * and region in this app gets the statement; otherwise synth warns with the exact policy.
   *
   * @default - this registry's account (cross-region replication needs no registry policy)
   */
  readonly account?: string;
}

/**
 * A replication rule: which repositories are copied where, on every push.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
 */
export interface ReplicationRule {
  /** The destinations, up to 100. */
  readonly destinations: ReplicationDestination[];

  /**
   * Replicate only repositories whose names start with one of these prefixes (ECR's `PREFIX_MATCH`:
   * plain text, so `team-a` also matches `team-ab`; end at a `/` to mean a namespace).
   *
   * @default - every repository of the registry
   */
  readonly repositoryPrefixes?: string[];
}

/** Validates the replication rules of a registry at once, including destinations that point back at the registry itself. */
export function checkReplicationRules(problems: InputProblems, property: string, rules: readonly ReplicationRule[], stack: Stack): void {
  if (rules.length > MAX_REPLICATION_RULES) {
    problems.add(property, `${rules.length} rules`, `has more than ${MAX_REPLICATION_RULES} rules (ECR's limit)`,
      'merge rules that share destinations, listing all their prefixes');
  }
  rules.forEach((rule, i) => {
    const at = `${property}[${i}]`;
    const destinations = rule.destinations ?? [];
    if (destinations.length === 0) {
      problems.add(`${at}.destinations`, rule.destinations, 'is empty, so the rule would copy nothing', 'list at least one { region, account? }');
    }
    if (destinations.length > MAX_DESTINATIONS) {
      problems.add(`${at}.destinations`, `${destinations.length} destinations`, `has more than ${MAX_DESTINATIONS} destinations`, 'split them into several rules');
    }
    const seen = new Set<string>();
    destinations.forEach((destination, j) => {
      const d = `${at}.destinations[${j}]`;
      checkRegion(problems, `${d}.region`, destination.region);
      checkAccountId(problems, `${d}.account`, destination.account);
      const account = destination.account ?? stack.account;
      const key = `${account}/${destination.region}`;
      if (seen.has(key)) problems.add(d, describe(destination), 'is listed twice in this rule', 'list each destination once');
      seen.add(key);
      if (sameValue(account, stack.account) && sameValue(destination.region, stack.region)) {
        problems.add(d, describe(destination), 'is this registry itself (same account and region): ECR cannot replicate a repository onto itself',
          'name another region, or another account');
      }
    });
    const prefixes = rule.repositoryPrefixes;
    if (prefixes === undefined || isToken(prefixes)) return;
    if (prefixes.length === 0) {
      problems.add(`${at}.repositoryPrefixes`, prefixes, 'is empty, so the rule would replicate nothing', 'list prefixes, or omit repositoryPrefixes to replicate every repository');
    }
    if (prefixes.length > MAX_FILTERS) {
      problems.add(`${at}.repositoryPrefixes`, `${prefixes.length} prefixes`, `has more than ${MAX_FILTERS} prefixes (ECR's limit)`, 'use shorter, shared prefixes');
    }
    prefixes.forEach((prefix, j) => checkReplicationFilter(problems, `${at}.repositoryPrefixes[${j}]`, prefix));
  });
}

/** The CloudFormation form of the rules. */
export function renderReplicationRules(rules: readonly ReplicationRule[], stack: Stack): ecr.CfnReplicationConfiguration.ReplicationRuleProperty[] {
  return rules.map((rule) => ({
    destinations: rule.destinations.map((d) => ({ region: d.region, registryId: d.account ?? stack.account })),
    repositoryFilters: rule.repositoryPrefixes?.map((filter) => ({ filter, filterType: 'PREFIX_MATCH' })),
  }));
}

/** Two values that are equal, or the same unresolved token (an env-agnostic stack's own account). */
export function sameValue(a: string, b: string): boolean {
  const cmp = Token.compareStrings(a, b);
  return cmp === TokenComparison.SAME || (cmp === TokenComparison.BOTH_UNRESOLVED && a === b);
}

function describe(destination: ReplicationDestination): Record<string, string | undefined> {
  return { region: destination.region, account: destination.account };
}

/**
 * The destination-side statement for cross-account replication, as AWS documents it: the source
 * account may replicate into, and create, the repositories its rule replicates.
 */
export function replicationStatement(
  scope: IConstruct, sourceAccount: string, account: string, region: string, prefixes?: readonly string[],
): iam.PolicyStatement {
  const stack = Stack.of(scope);
  const arns = (prefixes ?? ['']).map((prefix) => stack.formatArn({
    partition: knownPartition(stack), service: 'ecr', account, region, resource: 'repository', resourceName: `${prefix}*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  }));
  return registryPolicyStatement(EcrActions.REPLICATION, [new iam.AccountPrincipal(sourceAccount)], arns, undefined,
    statementId('AllowReplicationFromAccount', sourceAccount, ...(prefixes ?? [])));
}
