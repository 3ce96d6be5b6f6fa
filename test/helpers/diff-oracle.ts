import { App } from 'aws-cdk-lib';
import { findConstruct, SynthesizedApp } from './assembly';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from './oracle';
import { principalOf, repositoryOf, sessionArn, withPolicies, witness } from './report-oracle';
import { LOGIN_CAPABILITY, REPOSITORY_CAPABILITIES } from '../../src/report/capability';
import { AccessDiffJson, CapabilityChangeJson } from '../../src/report/diff';
import { AccessReportJson, CapabilityJson, PrincipalJson } from '../../src/report/report-data';

// The diff against the independent evaluator: every capability the diff says the head gains is
// allowed in the head app (each of its actions, its condition met, the other side supplied when the
// report says it is needed) and denied in the base app under the same request; every capability
// lost, the reverse. A principal or repository missing from one app is asked about there as
// outsiders are: by its ARN, with no policy of its own.

export interface DiffConfirmation {
  /** Capability changes confirmed (gained or lost). */
  readonly confirmed: number;
  readonly decisions: number;
  readonly allowed: number;
  readonly denied: number;
  readonly mismatches: string[];
}

interface Side {
  readonly app: App;
  readonly report: AccessReportJson;
  readonly oracle: AccessOracle;
  readonly mentions: string;
}

function sideOf(app: App, report: AccessReportJson): Side {
  const synthesized = new SynthesizedApp(app);
  return { app, report, oracle: new AccessOracle(synthesized), mentions: JSON.stringify(synthesized.stacks.map((s) => s.template)).toLowerCase() };
}

export async function confirmDiff(base: { app: App; report: AccessReportJson }, head: { app: App; report: AccessReportJson }, diff: AccessDiffJson):
Promise<DiffConfirmation> {
  const sides = { base: sideOf(base.app, base.report), head: sideOf(head.app, head.report) };
  const mismatches: string[] = [];
  let decisions = 0;
  let allowed = 0;
  let confirmed = 0;
  for (const change of diff.capabilities) {
    if (change.change === 'changed') continue;
    const [holder, other] = change.change === 'gained' ? [sides.head, sides.base] : [sides.base, sides.head];
    const entry = (change.change === 'gained' ? change.head : change.base)!;
    const label = `${change.principal}${change.repository !== undefined ? ` → ${change.repository}` : ''}: ${change.capability} ${change.change}`;
    const asked = async (side: Side) => {
      const out: Decision[] = [];
      for (const request of requests(side, holder, change, entry)) {
        const decision = await side.oracle.decide(request.principal, request.action, request.target, request.context);
        decisions++;
        if (decision === 'Allowed') allowed++;
        out.push(decision);
      }
      return out;
    };
    const held = await asked(holder);
    const notHeld = await asked(other);
    const ok = held.length > 0 && held.every((d) => d === 'Allowed') && notHeld.some((d) => d !== 'Allowed');
    if (ok) confirmed++;
    else mismatches.push(`${label}: the evaluator says ${held.join('/')} where it is held and ${notHeld.join('/')} where it is not`);
  }
  return { confirmed, decisions, allowed, denied: decisions - allowed, mismatches };
}

interface Request {
  readonly principal: PrincipalUnderTest;
  readonly action: string;
  readonly target: RepositoryUnderTest | '*';
  readonly context: Record<string, string>;
}

/** The requests that make up the capability, asked of one side's app as the holder's report describes them. */
function requests(side: Side, holder: Side, change: CapabilityChangeJson, entry: CapabilityJson): Request[] {
  const row = holder.report.principals.find((p) => p.name === change.principal)!;
  const { principal, context } = principalIn(side, row);
  const met = witness(entry.when?.[0] ?? []);
  const asking = met.sessionName ? { ...principal, arn: sessionArn(principal.arn, met.sessionName) } : principal;
  // the other side, outside both apps, is supplied as allowing everything: the diff is about this app's side
  const who = entry.needs === 'identity-policy' ? withPolicies(asking, true) : asking;
  const target = change.repository === undefined ? '*' : targetIn(side, holder, change.repository);
  const definitions = change.repository === undefined ? [LOGIN_CAPABILITY] : REPOSITORY_CAPABILITIES;
  const actions = definitions.find((d) => d.capability === change.capability)!.actions;
  return actions.map((action) => ({ principal: who, action, target, context: { ...context, ...met.context } }));
}

/** The row's principal in this app: its role or user when the app defines it, else an outsider by ARN. */
function principalIn(side: Side, row: PrincipalJson): { principal: PrincipalUnderTest; context: Record<string, string> } {
  if (row.path !== undefined && !hasConstruct(side.app, row.path)) {
    // a role only the other app defines: by its ARN, or one of its account when the ARN is known only at deploy time
    const arn = row.arn?.startsWith('arn:') ? row.arn : `arn:aws:iam::${row.account}:role/not-in-this-app`;
    return { principal: side.oracle.external(arn), context: {} };
  }
  return principalOf(row, side.app, side.oracle, side.mentions);
}

function targetIn(side: Side, holder: Side, repository: string): RepositoryUnderTest {
  const column = side.report.repositories.find((r) => r.name === repository) ?? holder.report.repositories.find((r) => r.name === repository)!;
  if (column.source === 'app' && !hasConstruct(side.app, column.path!)) return side.oracle.externalRepository(column.arn);
  return repositoryOf(column, side.app, side.oracle);
}

function hasConstruct(app: App, path: string): boolean {
  try {
    findConstruct(app, path);
    return true;
  } catch {
    return false;
  }
}
