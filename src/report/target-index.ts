import { namedPrincipals, statementPrincipalMatch } from './principal-index';
import { Subject } from './subjects';
import { Target } from './targets';
import { statementCovers, StatementView } from '../analysis/policy-view';
import { PrincipalMatch } from '../analysis/principal-match';

// The columns of the report indexed for "which columns may this row have access on?": by ARN (for
// the identity statements that name one), and by the principals their resource policies name. The
// report asks it once per row, hundreds of rows against hundreds of columns: a column picked is
// stamped with the ask's number in one array for all asks (not added to a Set per row), and the
// picks are put in column order as numbers.

/**
 * The resource-policy statements ECR applies to requests on the target: its repository policy (for
 * repositories a creation template creates, the template's), and the statements of its registry's
 * policy whose `Resource` covers it.
 */
export function resourceStatements(target: Target): readonly StatementView[] {
  let statements = resourceStatementsOf.get(target);
  if (!statements) {
    const own = target.view?.policy?.statements ?? target.template?.policy?.statements ?? [];
    statements = [...own, ...(target.registry?.policy.statements ?? []).filter((s) => statementCovers(s, target.arn))];
    resourceStatementsOf.set(target, statements);
  }
  return statements;
}

// the same for every subject: asked once per subject and target
const resourceStatementsOf = new WeakMap<Target, readonly StatementView[]>();

export class TargetIndex {
  private readonly byArn = new Map<string, Target[]>();
  /** Targets whose resource policy allows something to a requester it names, by ARN, account or service. */
  private readonly namedByArn = new Map<string, Target[]>();
  private readonly namedByAccount = new Map<string, Target[]>();
  private readonly namedByService = new Map<string, Target[]>();
  /** Targets whose resource policy may allow anyone something (`*`, `NotPrincipal` …): matched one by one. */
  private readonly namingAnyone: Target[] = [];
  /** Each target's place in `targets`. */
  private readonly columns = new Map<Target, number>();
  /** Per column, the number of the last ask that picked it. */
  private readonly stamps: Uint32Array;
  private ask = 0;
  /** The columns the current ask picked, in the order picked (reused by every ask). */
  private readonly picked: number[] = [];

  constructor(private readonly targets: readonly Target[]) {
    this.stamps = new Uint32Array(targets.length);
    for (let column = 0; column < targets.length; column++) {
      const target = targets[column];
      this.columns.set(target, column);
      listUnder(this.byArn, target.arn, target);
      let anyone = false;
      for (const statement of resourceStatements(target)) {
        if (statement.effect !== 'Allow') continue;
        const named = namedPrincipals(statement);
        if (!named) {
          anyone = true;
          continue;
        }
        for (const arn of named.arns) listUnder(this.namedByArn, arn, target);
        for (const account of named.accounts) listUnder(this.namedByAccount, account, target);
        for (const service of named.services) listUnder(this.namedByService, service, target);
      }
      if (anyone) this.namingAnyone.push(target);
    }
  }

  /** Starts a new ask: no column picked. */
  public begin(): void {
    this.ask++;
    this.picked.length = 0;
  }

  /** Picks the targets with the ARN. */
  public pickArn(arn: string): void {
    const found = this.byArn.get(arn);
    if (found) for (let i = 0; i < found.length; i++) this.pick(this.columns.get(found[i])!);
  }

  /** Picks the targets whose ARN the statement's `Resource` covers. */
  public pickCovered(statement: StatementView): void {
    for (let column = 0; column < this.targets.length; column++) {
      if (this.stamps[column] !== this.ask && statementCovers(statement, this.targets[column].arn)) this.pick(column);
    }
  }

  /**
   * Picks the targets whose resource policy allows the subject something: those that name its ARN,
   * and among the rest (that name its account or service, or may name anyone), with
   * `onlyInAccount`, only those in its own account.
   */
  public pickNamingSubject(subject: Subject, onlyInAccount: boolean): void {
    const requester = subject.requester;
    const account = requester.account;
    if (requester.arn !== undefined) this.pickAll(this.namedByArn.get(requester.arn), account, false);
    if (requester.account !== undefined && !onlyInAccount) this.pickAll(this.namedByAccount.get(requester.account), account, false);
    if (requester.service !== undefined) this.pickAll(this.namedByService.get(requester.service), account, onlyInAccount);
    for (let i = 0; i < this.namingAnyone.length; i++) {
      const target = this.namingAnyone[i];
      const column = this.columns.get(target)!;
      if (this.stamps[column] === this.ask || (onlyInAccount && target.account !== account)) continue;
      if (allowsRequester(resourceStatements(target), subject)) this.pick(column);
    }
  }

  /** The targets picked since {@link begin}, in column order. */
  public picks(): Target[] {
    const picked = this.picked;
    // nearly always a few, mostly picked in order already: an insertion sort moves little and makes nothing
    for (let i = 1; i < picked.length; i++) {
      const column = picked[i];
      let j = i - 1;
      for (; j >= 0 && picked[j] > column; j--) picked[j + 1] = picked[j];
      picked[j + 1] = column;
    }
    const out = new Array<Target>(picked.length);
    for (let i = 0; i < picked.length; i++) out[i] = this.targets[picked[i]];
    return out;
  }

  private pickAll(targets: readonly Target[] | undefined, account: string | undefined, onlyInAccount: boolean): void {
    if (!targets) return;
    for (let i = 0; i < targets.length; i++) if (!onlyInAccount || targets[i].account === account) this.pick(this.columns.get(targets[i])!);
  }

  private pick(column: number): void {
    if (this.stamps[column] === this.ask) return;
    this.stamps[column] = this.ask;
    this.picked.push(column);
  }
}

/** Adds the target to the list under the key (once: a target's statements are listed one after another). */
function listUnder(lists: Map<string, Target[]>, key: string, target: Target): void {
  const list = lists.get(key);
  if (!list) lists.set(key, [target]);
  else if (list[list.length - 1] !== target) list.push(target);
}

/** True when an Allow statement of the list names the subject (or may: `*`, `NotPrincipal`, patterns). */
function allowsRequester(statements: readonly StatementView[], subject: Subject): boolean {
  for (let i = 0; i < statements.length; i++) {
    if (statements[i].effect === 'Allow' && statementPrincipalMatch(statements[i], subject.requester).match !== PrincipalMatch.NONE) return true;
  }
  return false;
}
