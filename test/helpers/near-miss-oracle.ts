import { App } from 'aws-cdk-lib';
import { findConstruct, SynthesizedApp } from './assembly';
import { AccessOracle, Decision } from './oracle';
import { reportOf } from './report-oracle';
import { actionsOf, EcrCapability } from '../../src/actions/capabilities';

// A near miss is only worth a reviewer's time if it is one statement away: the evaluator must deny
// the capability as the app stands, and allow all of it once the missing side allows the actions
// the report names (and nothing else).

export interface NearMissCheck {
  readonly near: string;
  /** The evaluator on each of the capability's actions, as the app stands. */
  readonly before: Decision[];
  /** The evaluator on each action the report says the missing side must allow, as the app stands. */
  readonly missingBefore: Decision[];
  /** The same, with the missing side given the report's `actions`. */
  readonly after: Decision[];
}

export async function checkNearMisses(app: App, paths: { readonly principal: string; readonly repository: string }): Promise<NearMissCheck[]> {
  const report = reportOf(app);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const principal = oracle.principal(findConstruct(app, paths.principal));
  const repository = oracle.repository(findConstruct(app, paths.repository) as never);
  const out: NearMissCheck[] = [];
  for (const near of report.oneSided ?? []) {
    const actions = actionsOf(near.capability as EcrCapability);
    const missing = near.actions ?? [];
    const fixed = near.missing === 'repository-policy'
      ? { principal, repository: { ...repository, policy: withStatement(repository.policy, { Effect: 'Allow', Principal: { AWS: principal.arn }, Action: missing }) } }
      : { principal: { ...principal, identityPolicies: [...principal.identityPolicies, document({ Effect: 'Allow', Action: missing, Resource: repository.arn })] }, repository };
    out.push({
      near: `${near.principal} → ${near.repository}: ${near.capability} missing the ${near.missing}`,
      before: await Promise.all(actions.map((a) => oracle.decide(principal, a, repository))),
      missingBefore: await Promise.all(missing.map((a) => oracle.decide(principal, a, repository))),
      after: await Promise.all(actions.map((a) => oracle.decide(fixed.principal, a, fixed.repository))),
    });
  }
  return out;
}

function document(statement: object) {
  return { Version: '2012-10-17', Statement: [statement] };
}

function withStatement(policy: { Statement: object[] } | undefined, statement: object) {
  return { Version: '2012-10-17', Statement: [...policy?.Statement ?? [], statement] };
}
