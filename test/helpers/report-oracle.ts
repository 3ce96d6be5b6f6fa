import { App } from 'aws-cdk-lib';
import { ecrActions } from './access-matrix';
import { findConstruct, Json, SynthesizedApp } from './assembly';
import { DESTRUCTIVE, LOGIN, PULL, PUSH } from './expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from './oracle';
import { readAssemblyFiles } from '../../src/analysis/assembly-files';
import { templatesFromAssembly } from '../../src/analysis/assembly-templates';
import { AccessReportJson, ActionGroupJson, ConditionJson, PrincipalJson, RepositoryJson, accessReportOf } from '../../src/report/report-data';

// The access report against the independent evaluator: for every principal and repository of the
// report, every ECR action is asked of @cloud-copilot/iam-simulate over the same synthesized
// policies, and must agree with the report:
// - listed as allowed: Allowed (with the other side supplied, when the report says it needs it,
//   and denied without it);
// - listed as conditional: denied without the condition's keys, Allowed with values that meet it
//   (and denied again with values that meet a Deny's condition);
// - not listed: denied, even with the other side supplied (an allow-all identity or repository policy).

/** An account no example uses: where "anyone" and an organization's members come from. */
const OUTSIDE_ACCOUNT = '444455556666';
const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn'];
/** The request context of an AWS service acting for a resource of that account. */
const actingFor = (account: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:lambda:us-east-1:${account}:function:any` });
export const ALLOW_ALL_IDENTITY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };
export const ALLOW_ALL_REPOSITORY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }] };

export interface ReportComparison {
  readonly report: AccessReportJson;
  /** Principal × repository pairs compared (plus one per principal for its account-level actions). */
  readonly pairs: number;
  readonly decisions: number;
  readonly allowed: number;
  readonly mismatches: string[];
}

/** The report of an app's synthesized assembly, as `cdk-ecr-access report` makes it. */
export function reportOf(app: App): AccessReportJson {
  // the templates found the way the command finds them: from the assembly's manifest, nested stages too
  return accessReportOf(templatesFromAssembly(readAssemblyFiles(app.synth().directory)!.templatePaths));
}

export interface CompareOptions {
  /** The report to compare. @default the report of the app */
  readonly report?: AccessReportJson;
  /** Ask about these repository and account-level actions only. @default every ECR action */
  readonly actions?: { readonly repository: readonly string[]; readonly account: readonly string[] };
}

/** Every capability's actions, what the apps grant besides, and two that nothing grants: enough for an app whose every grant is in those. */
export const CAPABILITY_ACTIONS = {
  repository: [...new Set([...PULL, ...PUSH, ...DESTRUCTIVE, 'ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:DescribeImages',
    'ecr:ListImages', 'ecr:DeleteLifecyclePolicy', 'ecr:PutImageScanningConfiguration', 'ecr:TagResource', 'ecr:StartImageScan'])],
  account: [...LOGIN, 'ecr:PutRegistryPolicy', 'ecr:CreatePullThroughCacheRule'],
};

export async function compareWithOracle(app: App, options: CompareOptions = {}): Promise<ReportComparison> {
  const report = options.report ?? reportOf(app);
  const synthesized = new SynthesizedApp(app);
  const oracle = new AccessOracle(synthesized);
  const all = await ecrActions();
  const repositoryActions = options.actions?.repository ?? all.repositoryActions;
  const accountActions = options.actions?.account ?? all.accountActions;
  const mentions = JSON.stringify(synthesized.stacks.map((s) => s.template)).toLowerCase();
  const mismatches: string[] = [];
  let decisions = 0;
  let allowed = 0;
  let pairs = 0;

  const ask = async (principal: PrincipalUnderTest, action: string, target: RepositoryUnderTest | '*', context: Record<string, string>) => {
    const decision = await oracle.decide(principal, action, target, context);
    decisions++;
    if (decision === 'Allowed') allowed++;
    return decision;
  };
  /** Checks one action against the report's entry for it. */
  const check = async (action: string, where: string, entry: ActionGroupJson | undefined, otherSide: boolean,
    request: (withOtherSide: boolean) => [PrincipalUnderTest, RepositoryUnderTest | '*'], base: Record<string, string>) => {
    const label = `${action} by ${where}`;
    const decide = (withOtherSide: boolean, met?: Witness) => {
      const [principal, target] = request(withOtherSide);
      const asked = met?.sessionName ? { ...principal, arn: sessionArn(principal.arn, met.sessionName) } : principal;
      return ask(asked, action, target, { ...base, ...met?.context });
    };
    const expect = (what: string, decision: Decision, wanted: boolean) => {
      if ((decision === 'Allowed') !== wanted) mismatches.push(`${label}: ${what}: the report says ${wanted ? 'allowed' : 'denied'}, the evaluator ${decision}`);
    };
    if (!entry) {
      expect('as listed', await decide(otherSide), false);
      return;
    }
    if (entry.needs && !otherSide) mismatches.push(`${label}: the report says it needs the ${entry.needs}, but both sides are in the app`);
    if (!entry.needs && otherSide) mismatches.push(`${label}: the report does not say it needs the other side, but one side is outside the app`);
    const met = witness(entry.when?.[0] ?? []);
    if (otherSide) expect('without the other side', await decide(false, met), false);
    // a condition that only positive operators make can be left unmet by leaving its keys out
    if (entry.when && met.positive) expect('without the condition', await decide(otherSide, { context: {}, positive: true }), false);
    expect(entry.when ? 'with the condition met' : 'as listed', await decide(otherSide, met), true);
    if (entry.forAnyAccount) {
      // a service "for any account": a way in that names no source lets it act for an account nobody named
      const open = (entry.when ?? [[]]).find((clause) => !clause.some((t) => SOURCE_KEYS.includes(t.key.toLowerCase()))) ?? [];
      const w = witness(open);
      expect('acting for an account nobody named', await decide(otherSide, { ...w, context: { ...w.context, ...actingFor(OUTSIDE_ACCOUNT) } }), true);
    }
    if (entry.unless) {
      const denying = witness(entry.unless[0]);
      expect('with the Deny\'s condition met', await decide(otherSide, { ...met, context: { ...met.context, ...denying.context } }), false);
    }
  };

  // what each column's requests are decided on, the same for every principal
  const columns = report.repositories.map((column) => {
    const repository = repositoryOf(column, app, oracle);
    return {
      column,
      repository,
      registryPolicy: column.registryPolicy ? oracle.policyOf(findConstruct(app, column.registryPolicy), 'PolicyText') : undefined,
      // a repository of the app, or one ECR creates from a creation template of the app: its own policy is known
      ownKnown: column.source === 'app' || column.creationTemplate !== undefined,
      ownPolicy: column.source === 'app' ? repository.policy
        : column.creationTemplate ? oracle.policyOf(findConstruct(app, column.creationTemplate), 'RepositoryPolicy') : undefined,
    };
  });

  for (const row of report.principals) {
    const { principal, context } = principalOf(row, app, oracle, mentions);
    pairs++;
    const accountEntries = byAction(row.actions);
    const external = row.path === undefined;
    for (const action of external ? ['ecr:GetAuthorizationToken'] : accountActions) {
      await check(action, `${row.name} on *`, accountEntries.get(action), external,
        (withOtherSide) => [external ? withPolicies(principal, withOtherSide) : principal, '*'], context);
    }
    for (const { column, registryPolicy, ownKnown, ownPolicy, repository } of columns) {
      const crossAccount = row.account === undefined || row.account !== column.account;
      const resourceKnown = ownKnown || registryPolicy !== undefined;
      if (external && !resourceKnown) continue; // neither side in the app: the report does not say
      if (row.kind === 'service' && !resourceKnown) continue; // a service needs the repository policy
      pairs++;
      const entries = byAction(report.access.find((a) => a.principal === row.name && a.repository === column.name)?.actions ?? []);
      // a repository outside the app whose registry policy is in it: the registry policy decides,
      // or else (the report says so) the repository's own policy, which the test supplies
      const registryOrRepository = !external && !ownKnown && registryPolicy !== undefined;
      for (const action of repositoryActions) {
        const otherSide = crossAccount && row.kind !== 'service' && (external || !ownKnown)
          && (!registryOrRepository || entries.get(action)?.needs !== undefined);
        await check(action, `${row.name} on ${column.name}`, entries.get(action), otherSide, (withOtherSide) => [
          external ? withPolicies(principal, withOtherSide && otherSide) : principal,
          withResourcePolicies(repository, [
            ownPolicy,
            registryPolicy,
            !ownKnown && !external && withOtherSide && otherSide ? ALLOW_ALL_REPOSITORY : undefined,
          ]),
        ], context);
      }
    }
  }
  return { report, pairs, decisions, allowed, mismatches };
}

/** The repository with these resource policies joined into one (ECR applies its repository and registry policies both). */
function withResourcePolicies(repository: RepositoryUnderTest, policies: ReadonlyArray<Json | undefined>): RepositoryUnderTest {
  const statements = policies.flatMap((p) => (p ? p.Statement : []));
  return { ...repository, policy: statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined };
}

function byAction(groups: readonly ActionGroupJson[]): Map<string, ActionGroupJson> {
  return new Map(groups.flatMap((g) => g.actions.map((a) => [a, g] as const)));
}

export function withPolicies(principal: PrincipalUnderTest, allowAll: boolean): PrincipalUnderTest {
  return { ...principal, identityPolicies: allowAll ? [ALLOW_ALL_IDENTITY] : [] };
}

/** The principal a row stands for, and the request context AWS would give it. */
interface RowPrincipal {
  readonly principal: PrincipalUnderTest;
  readonly context: Record<string, string>;
}

export function principalOf(row: PrincipalJson, app: App, oracle: AccessOracle, mentions: string): RowPrincipal {
  const context: Record<string, string> = {};
  const known = (key: string, value: string | undefined) => {
    if (value !== undefined && mentions.includes(key.toLowerCase())) context[key] = value;
  };
  switch (row.kind) {
    case 'role':
    case 'user': {
      const principal = oracle.principal(findConstruct(app, row.path!));
      known('aws:PrincipalArn', principal.arn);
      known('aws:PrincipalAccount', principal.account);
      return { principal, context };
    }
    case 'account':
      known('aws:PrincipalAccount', row.account);
      return { principal: oracle.external(`arn:aws:iam::${row.account}:role/any-principal`), context };
    case 'principal':
      known('aws:PrincipalAccount', row.account);
      return { principal: oracle.external(row.arn!), context };
    case 'service':
      return { principal: oracle.external(row.service!), context };
    case 'organization':
      return { principal: oracle.external(`arn:aws:iam::${OUTSIDE_ACCOUNT}:role/any-principal`), context: { 'aws:PrincipalOrgID': row.organization! } };
    default:
      return { principal: oracle.external(`arn:aws:iam::${OUTSIDE_ACCOUNT}:role/any-principal`), context };
  }
}

export function repositoryOf(column: RepositoryJson, app: App, oracle: AccessOracle): RepositoryUnderTest {
  if (column.source === 'app') return oracle.repository(findConstruct(app, column.path!) as never);
  // a pattern's wildcards stand for any name: ask about one the policies do not name
  return oracle.externalRepository(column.arn.replace(/[*?]+/g, 'oracle-name'));
}

export interface Witness {
  readonly context: Record<string, string>;
  /** The request comes from this session of the role. */
  readonly sessionName?: string;
  /** Every term is met by a value and fails without the key. */
  readonly positive: boolean;
}

/** Request values that meet every term of a clause. */
export function witness(clause: readonly ConditionJson[]): Witness {
  const context: Record<string, string> = {};
  let sessionName: string | undefined;
  let positive = true;
  for (const term of clause) {
    if (term.operator === 'RoleSession') {
      sessionName = term.values[0];
      positive = false;
    } else if (['StringEquals', 'ArnEquals', 'StringEqualsIgnoreCase', 'Bool'].includes(term.operator)) {
      context[term.key] = term.values[0];
    } else if (['StringLike', 'ArnLike'].includes(term.operator)) {
      context[term.key] = term.values[0].replace(/[*?]/g, 'x');
    } else if (['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'].includes(term.operator)) {
      context[term.key] = `not-${term.values.join('-')}`;
      positive = false;
    } else {
      throw new Error(`no witness for ${term.operator} ${term.key}`);
    }
  }
  return { context, sessionName, positive };
}

/** `arn:aws:sts::<account>:assumed-role/<role name>/<session>` for a role ARN. */
export function sessionArn(roleArn: string, sessionName: string): string {
  const [, partition, , , account, resource] = roleArn.split(':');
  return `arn:${partition}:sts::${account}:assumed-role/${resource.split('/').pop()}/${sessionName}`;
}

