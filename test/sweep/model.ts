import {
  ACCOUNTS, AppSpec, CiItem, ConsumerItem, ImportedRoleItem, Item, ORG, RegistryItem, RepoItem, TemplateItem,
  accountOf, itemById, namespaceCoverage, namespaceOf, regionOf, repoLocation,
} from './app-spec';
import { ecrActions } from '../helpers/access-matrix';
import { CREATE_ON_PUSH, LAMBDA_PULL, LOGIN, PULL, PUSH } from '../helpers/expected-actions';

// The intended-access model: what each call of the app asked for, as the README, DESIGN.md and
// issue 13 state the contract, written without src/ (action lists from test/helpers/expected-actions
// and AWS's service-authorization data). Intents are the two sides of IAM: identity intents (a
// principal's own policies) and resource intents (repository, registry and template policies).
// `decide` evaluates them as AWS does: one allow is enough in one account, both sides across
// accounts, a service needs the resource side alone. An organization condition on the resource side
// is undecidable for the app's own roles (is their account a member?): such access is tolerated
// either way, not required and not owed a warning (see membershipUnknown).

/** https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html: the source action describes the image. */
const DESCRIBE_IMAGES = ['ecr:DescribeImages'];

/** README: allowCreateRepositories grants CreateRepository and DescribeRepositories under the prefix. */
const CREATE = ['ecr:CreateRepository', 'ecr:DescribeRepositories'];

/** Repositories of one registry whose names match an IAM pattern; `createdBy`: only those a creation template creates. */
export interface Scope {
  readonly account: string;
  readonly region: string;
  readonly pattern: string;
  readonly createdBy?: string;
}

/** Who a resource intent lets in. `sharedTag`: other roles carrying the role's aws-cdk:id tag may get in too (documented for unnamed roles). */
export type Who =
  | { readonly kind: 'principal'; readonly subject: string; readonly sharedTag?: boolean }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'org'; readonly org: string }
  | { readonly kind: 'service'; readonly service: string; readonly sourceAccounts: readonly string[]; readonly sourceArns?: readonly string[] };

interface Intent {
  readonly actions: readonly string[];
  readonly reason: string;
  /** must: required; may: tolerated either way. */
  readonly strength: 'must' | 'may';
  /** The app cannot write this side: it stays denied, and synth must warn naming one of these. */
  readonly pending?: readonly string[];
}
export interface IdentityIntent extends Intent { readonly subject: string; readonly scope: Scope | '*' }
export interface ResourceIntent extends Intent { readonly scope: Scope; readonly who: Who }

/** A principal whose requests are decided: a role of the app, or someone outside it. */
export interface Subject {
  readonly key: string;
  /** What it is, for grouping mismatches: 'CI role', 'lambda.amazonaws.com for another account' … */
  readonly label: string;
  readonly kind: 'role' | 'imported' | 'impostor' | 'admin' | 'docs' | 'service';
  readonly account?: string;
  readonly service?: string;
  readonly context: Readonly<Record<string, string>>;
  /** An impostor carries this role's tags. */
  readonly impostorOf?: string;
}

export interface Target {
  readonly key: string;
  readonly label: string;
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly createdBy?: string;
}

export type Verdict = { readonly kind: 'allow' | 'may' | 'deny' } | { readonly kind: 'pending'; readonly mentions: readonly string[] };

/** What the app only knows at synth: generated repository names, and the ARNs of its Lambda functions. */
export interface Resolved {
  readonly repositoryNames: ReadonlyMap<string, string>;
  readonly functionArns: ReadonlyMap<string, string>;
}

/**
 * What `decide` counts, in order: what must be allowed (allow); with what may be (may); with the
 * required sides the app cannot write (pending: denied here, and synth must warn); with tolerated
 * ones it cannot write either (may: nothing to warn about). Allowed by none of them: deny.
 */
interface Level { readonly may: boolean; readonly pending: boolean; readonly pendingMay: boolean }
const LEVELS: readonly Level[] = [
  { may: false, pending: false, pendingMay: false },
  { may: true, pending: false, pendingMay: false },
  { may: true, pending: true, pendingMay: false },
  { may: true, pending: true, pendingMay: true },
];

export class AccessModel {
  public static async of(spec: AppSpec, resolved: Resolved): Promise<AccessModel> {
    const { repositoryActions, accountActions } = await ecrActions();
    const model = new AccessModel(spec, resolved, [...repositoryActions], [...accountActions]);
    for (const item of spec.items) model.add(item);
    model.applyFolds();
    return model;
  }

  public readonly identity: IdentityIntent[] = [];
  public readonly resource: ResourceIntent[] = [];
  /** Accounts (and 'org') that were handed identity documents by allow* calls. */
  public readonly documentHolders = new Set<string>();
  /** Per CI role, the repositories foldIntoNamespaces writes as their namespace (by scope), and that namespace. */
  private readonly folds = new Map<string, Map<string, Scope>>();

  private constructor(
    private readonly spec: AppSpec, private readonly resolved: Resolved,
    private readonly repositoryActions: readonly string[], private readonly accountActions: readonly string[],
  ) {}

  /** The intended answer for a request of `subject` for `action` on the target (or on `*`). */
  public decide(subject: Subject, action: string, target: Target | '*'): Verdict {
    let level = 0;
    for (; level < LEVELS.length; level++) if (this.allows(subject, action, target, LEVELS[level])) break;
    if (level === 0) return { kind: 'allow' };
    if (level === 1 || level === 3) return { kind: 'may' };
    if (level === LEVELS.length) return { kind: 'deny' };
    // a role that copies another's tag gets in only as that role may: tolerated, not the app's to warn about
    if (subject.kind === 'impostor') return { kind: 'may' };
    const relevant = [
      ...this.identity.filter((i) => i.subject === subject.key && (i.scope === '*' ? target === '*' : target !== '*' && covers(i.scope, target))),
      ...target === '*' ? [] : this.resource.filter((i) => covers(i.scope, target)),
    ];
    const mentions = relevant.filter((i) => i.pending && i.strength === 'must' && i.actions.includes(action)).flatMap((i) => i.pending!);
    return { kind: 'pending', mentions: [...new Set(mentions)] };
  }

  /** Whether the intents a level counts allow the request. */
  private allows(subject: Subject, action: string, target: Target | '*', level: Level): boolean {
    const counts = (i: Intent) => (i.strength === 'must' || level.may) && (!i.pending || (i.strength === 'must' ? level.pending : level.pendingMay))
      && i.actions.includes(action);
    const hasOwnIdentity = subject.kind === 'admin' || subject.kind === 'impostor';
    if (target === '*') {
      return hasOwnIdentity || this.identity.some((i) => counts(i) && i.subject === subject.key && i.scope === '*');
    }
    const resources = this.resource.filter((i) => counts(i) && covers(i.scope, target));
    if (subject.kind === 'service') return resources.some((i) => i.who.kind === 'service' && serviceMatches(i.who, subject));
    const identity = hasOwnIdentity || this.identity.some((i) => counts(i) && i.subject === subject.key && i.scope !== '*' && covers(i.scope, target));
    const names = (i: ResourceIntent) => i.who.kind === 'principal'
      && (i.who.subject === subject.key || (level.may && !!i.who.sharedTag && subject.impostorOf === i.who.subject));
    if (subject.account === target.account) return identity || resources.some(names);
    return identity && resources.some((i) => names(i) || (i.who.kind === 'account' && i.who.account === subject.account)
      || (i.who.kind === 'org' && (subject.context['aws:PrincipalOrgID'] === i.who.org || (level.may && membershipUnknown(subject)))));
  }

  private add(item: Item): void {
    switch (item.kind) {
      case 'grant': {
        const sets = { grantPull: PULL, grantPush: PUSH, grantPullPush: [...PULL, ...PUSH] };
        const actions = item.method === 'grant' ? this.expand(item.actions ?? []) : { star: LOGIN, repository: sets[item.method] };
        return this.addGrant(itemById<RepoItem>(this.spec, item.repo), itemById(this.spec, item.grantee), actions);
      }
      case 'allowAccount': return this.trustOutside(this.scopeOf(itemById(this.spec, item.repo)), { kind: 'account', account: ACCOUNTS[item.account] }, item.verb === 'Pull' ? PULL : PUSH, `allowAccount${item.verb}`);
      case 'allowOrganizationPull': return this.trustOutside(this.scopeOf(itemById(this.spec, item.repo)), { kind: 'org', org: ORG }, PULL, 'allowOrganizationPull');
      case 'allowLambdaPull': return this.allowLambda(itemById(this.spec, item.repo), item.accounts?.map((a) => ACCOUNTS[a]), item.pattern ?? '*');
      case 'ci': {
        (item.push ?? []).forEach((r) => this.ciRepository(item, itemById(this.spec, r), PUSH, 'EcrCiPrincipal push'));
        (item.pull ?? []).forEach((r) => this.ciRepository(item, itemById(this.spec, r), PULL, 'EcrCiPrincipal pull'));
        return;
      }
      case 'ciRepo': return this.ciRepository(itemById(this.spec, item.ci), itemById(this.spec, item.repo), item.verb === 'push' ? PUSH : PULL, `EcrCiPrincipal.allow${item.verb === 'push' ? 'Push' : 'Pull'}`);
      case 'ciNamespace': {
        const ci = itemById<CiItem>(this.spec, item.ci);
        const scope = {
          account: item.account ? ACCOUNTS[item.account] : accountOf(ci.stack),
          region: item.region ?? regionOf(ci.stack),
          pattern: namespaceCoverage(item.prefix).pattern,
        };
        const actions = item.verb === 'push' ? PUSH : PULL;
        this.grantIdentity(`role:${ci.id}`, scope, actions, 'namespace grant');
        if (scope.account !== accountOf(ci.stack)) this.resource.push({ scope, who: { kind: 'principal', subject: `role:${ci.id}` }, actions, reason: 'namespace grant in another account', strength: 'must', pending: [item.prefix] });
        return;
      }
      case 'ciCreate': {
        const ci = itemById<CiItem>(this.spec, item.ci);
        return this.grantIdentity(`role:${ci.id}`, { account: accountOf(ci.stack), region: regionOf(ci.stack), pattern: namespaceCoverage(item.prefix).pattern }, [...CREATE, ...item.push ? PUSH : []], 'allowCreateRepositories');
      }
      case 'ciCreateOnPush': {
        const ci = itemById<CiItem>(this.spec, item.ci);
        return this.grantIdentity(`role:${ci.id}`, { account: accountOf(ci.stack), region: regionOf(ci.stack), pattern: `${namespaceOf(item.prefix)}/*` }, [...PUSH, ...CREATE_ON_PUSH], 'allowCreateOnPush');
      }
      case 'registryAllow': {
        const registry = itemById<RegistryItem>(this.spec, item.registry);
        const scope = { account: accountOf(registry.stack), region: regionOf(registry.stack), pattern: item.prefix ? `${namespaceOf(item.prefix)}/*` : '*' };
        const who: Who = item.verb === 'OrgPull' ? { kind: 'org', org: ORG } : { kind: 'account', account: ACCOUNTS[item.account!] };
        return this.trustOutside(scope, who, item.verb === 'Push' ? PUSH : PULL, `EcrRegistry.${item.verb === 'OrgPull' ? 'allowOrganizationPull' : `allowAccount${item.verb}`}`);
      }
      case 'template': {
        if (!item.resourceTags) return;
        // README: the template's role may create (and replicate into, for REPLICATION) and tag the repositories under its prefix
        const actions = ['ecr:CreateRepository', 'ecr:TagResource', ...item.appliedFor.includes('REPLICATION') ? ['ecr:ReplicateImage'] : []];
        return this.grantIdentity(`role:${item.id}`, this.templateScope(item), actions, 'creation template role', false);
      }
      case 'templateAllow': {
        const template = itemById<TemplateItem>(this.spec, item.template);
        const who: Who = item.verb === 'OrgPull' ? { kind: 'org', org: ORG } : { kind: 'account', account: ACCOUNTS[item.account!] };
        const scope = this.templateScope(template);
        this.resource.push({ scope: { ...scope, createdBy: template.id }, who, actions: item.verb === 'Push' ? PUSH : PULL, reason: 'creation template policy', strength: 'must' });
        this.holderGrant(who, scope, item.verb === 'Push' ? PUSH : PULL, 'creation template identity document');
        return;
      }
      case 'consumer': return this.consumer(item);
      default: return;
    }
  }

  /**
   * README: with foldIntoNamespaces, the role may use every repository under the prefix "with every
   * action it was granted on any of them": each identity grant on a repository the CI folds (however
   * it was granted) is written on the namespace instead.
   */
  private applyFolds(): void {
    this.identity.forEach((intent, i) => {
      const fold = intent.scope === '*' ? undefined : this.folds.get(intent.subject)?.get(scopeKey(intent.scope));
      if (fold) this.identity[i] = { ...intent, scope: fold, reason: `${intent.reason} (folded into ${fold.pattern})` };
    });
  }

  /** grant(grantee, ...actions): patterns expanded through AWS's catalogue; login on `*`; registry-level actions only when named. */
  private expand(actions: readonly string[]): { star: string[]; repository: string[] } {
    const star = new Set<string>();
    const repository = new Set<string>();
    for (const pattern of actions) {
      const wildcard = /[*?]/.test(pattern);
      for (const action of [...this.repositoryActions, ...this.accountActions].filter((a) => glob(pattern.toLowerCase(), a.toLowerCase()))) {
        if (this.repositoryActions.includes(action)) repository.add(action);
        else if (!wildcard || LOGIN.includes(action)) star.add(action);
      }
    }
    return { star: [...star], repository: [...repository] };
  }

  private addGrant(repo: RepoItem, grantee: Item, actions: { star: readonly string[]; repository: readonly string[] }): void {
    const scope = this.scopeOf(repo);
    if (grantee.kind === 'service') {
      // README and PushableRepository.grant: a service acts for the repository's account; Lambda for the
      // functions of the app whose image is in the repository when there are any (by ARN when named,
      // else every function of their account), as for the grant DockerImageCode.fromEcr makes
      const functions = grantee.service === 'lambda.amazonaws.com' ? this.lambdaConsumersOf(repo) : [];
      const who: Who = functions.length === 0
        ? { kind: 'service', service: grantee.service, sourceAccounts: [scope.account] }
        : { kind: 'service', service: grantee.service, sourceAccounts: [...new Set(functions.map((f) => f.account))], sourceArns: functions.map((f) => f.arn) };
      this.resource.push({ scope, who, actions: actions.repository, reason: `grant to ${grantee.service}`, strength: 'must' });
      return;
    }
    const subject = `role:${grantee.id}`;
    const account = grantee.kind === 'importedRole' ? ACCOUNTS[grantee.account] : accountOf((grantee as CiItem).stack);
    const pending = grantee.kind === 'importedRole' && account !== accountOf(grantee.stack) ? [importedRoleArn(grantee)] : undefined;
    if (actions.star.length > 0) this.identity.push({ subject, scope: '*', actions: actions.star, reason: 'grant login', strength: 'must', pending });
    if (actions.repository.length > 0) this.identity.push({ subject, scope, actions: actions.repository, reason: 'grant', strength: 'must', pending });
    if (account !== scope.account) {
      this.resource.push({ scope, who: { kind: 'principal', subject, sharedTag: !hasRoleName(grantee) }, actions: actions.repository, reason: 'cross-account grant', strength: 'must' });
    }
  }

  private ciRepository(ci: CiItem, repo: RepoItem, actions: readonly string[], reason: string): void {
    const subject = `role:${ci.id}`;
    const scope = this.scopeOf(repo);
    const name = repo.name;
    const fold = name === undefined ? undefined : (ci.fold ?? []).map(namespaceCoverage).find((f) => name.startsWith(f.start));
    if (fold) this.folds.set(subject, (this.folds.get(subject) ?? new Map()).set(scopeKey(scope), { ...scope, pattern: fold.pattern }));
    this.grantIdentity(subject, scope, actions, reason);
    if (scope.account === accountOf(ci.stack)) return;
    const imported = repo.type === 'fromName' || repo.type === 'fromArn';
    this.resource.push({
      scope,
      who: { kind: 'principal', subject, sharedTag: !ci.roleName },
      actions,
      reason: `${reason} across accounts`,
      strength: 'must',
      pending: imported ? [scope.pattern] : undefined,
    });
  }

  private allowLambda(repo: RepoItem, accounts: string[] | undefined, pattern: string): void {
    const scope = this.scopeOf(repo);
    for (const account of accounts ?? [scope.account]) {
      const sourceArns = [`arn:aws:lambda:${scope.region}:${account}:function:${pattern}`];
      this.resource.push({ scope, who: { kind: 'service', service: 'lambda.amazonaws.com', sourceAccounts: [account], sourceArns }, actions: LAMBDA_PULL, reason: 'allowLambdaPull', strength: 'must' });
      // Lambda: an image of another account needs that account trusted for the two pull actions as well
      if (account !== scope.account) this.resource.push({ scope, who: { kind: 'account', account }, actions: LAMBDA_PULL, reason: 'allowLambdaPull across accounts', strength: 'must' });
    }
  }

  private consumer(item: ConsumerItem): void {
    const used = itemById<RepoItem>(this.spec, item.repo);
    // issue 13: a PushableRepository writes what a Lambda function needs when the function reaches it
    // through a separate import of its name or ARN, as if the function used the repository itself
    const repo = item.consumer === 'lambda' ? this.pushableAt(used) ?? used : used;
    const scope = this.scopeOf(repo);
    const account = accountOf(item.stack);
    const imported = repo.type === 'fromName' || repo.type === 'fromArn';
    const pending = imported && account !== scope.account ? [scope.pattern] : undefined;
    if (item.consumer === 'pipeline') {
      // EcrSourceAction reads the image's digest with its own role; aws-cdk-lib writes only that
      // role's identity policy (it never calls the repository's grant): across accounts the
      // repository's side is missing whoever defines the repository, and synth must say so
      const subject = `role:${item.id}`;
      this.grantIdentity(subject, scope, DESCRIBE_IMAGES, 'EcrSourceAction', false);
      if (account !== scope.account) {
        this.resource.push({ scope, who: { kind: 'principal', subject, sharedTag: true }, actions: DESCRIBE_IMAGES, reason: 'EcrSourceAction across accounts', strength: 'must', pending: [scope.pattern] });
      }
      return;
    }
    if (item.consumer !== 'lambda') {
      const subject = `role:${item.id}`;
      this.grantIdentity(subject, scope, PULL, `${item.consumer} image`);
      if (account !== scope.account) this.resource.push({ scope, who: { kind: 'principal', subject, sharedTag: true }, actions: PULL, reason: `${item.consumer} image across accounts`, strength: 'must', pending });
      return;
    }
    const fn = this.resolved.functionArns.get(item.id)!;
    if (imported && account === scope.account) {
      // Lambda writes the policy of a repository of its own account itself when the function is created
      this.resource.push({ scope, who: { kind: 'service', service: 'lambda.amazonaws.com', sourceAccounts: [account] }, actions: PULL, reason: 'Lambda image, same account', strength: 'may' });
      return;
    }
    this.resource.push({ scope, who: { kind: 'service', service: 'lambda.amazonaws.com', sourceAccounts: [account], sourceArns: [fn] }, actions: LAMBDA_PULL, reason: 'Lambda image', strength: 'must', pending });
    this.resource.push({ scope, who: { kind: 'service', service: 'lambda.amazonaws.com', sourceAccounts: [account] }, actions: PULL, reason: 'Lambda image, other functions of its account', strength: 'may', pending });
    if (account !== scope.account) this.resource.push({ scope, who: { kind: 'account', account }, actions: LAMBDA_PULL, reason: 'Lambda image across accounts', strength: 'must', pending });
  }

  /** The Lambda functions of the app whose image is in a repository of the app: bound to it, or to an import of its name. */
  private lambdaConsumersOf(repo: RepoItem): Array<{ account: string; arn: string }> {
    return this.spec.items.filter((i): i is ConsumerItem => i.kind === 'consumer' && i.consumer === 'lambda')
      .filter((i) => i.repo === repo.id || this.pushableAt(itemById(this.spec, i.repo)) === repo)
      .map((i) => {
        const account = accountOf(i.stack);
        return { account, arn: i.functionName ? this.resolved.functionArns.get(i.id)! : `arn:aws:lambda:${regionOf(i.stack)}:${account}:function:*` };
      });
  }

  /** The PushableRepository of the app an imported repository is (same account, Region and name), if any. */
  private pushableAt(repo: RepoItem): RepoItem | undefined {
    if (repo.type !== 'fromName' && repo.type !== 'fromArn') return undefined;
    const at = repoLocation(repo);
    return this.spec.items.find((i): i is RepoItem => i.kind === 'repo' && i.type === 'pushable' && i.name === at.name
      && accountOf(i.stack) === at.account && regionOf(i.stack) === at.region);
  }

  /** A resource intent for principals outside the app, and the identity document the call returned to them. */
  private trustOutside(scope: Scope, who: Who, actions: readonly string[], reason: string): void {
    this.resource.push({ scope, who, actions, reason, strength: 'must' });
    this.holderGrant(who, scope, actions, `${reason} identity document`);
  }

  private holderGrant(who: Who, scope: Scope, actions: readonly string[], reason: string): void {
    const holder = who.kind === 'org' ? 'org' : (who as { account: string }).account;
    this.documentHolders.add(holder);
    this.grantIdentity(`docs:${holder}`, scope, actions, reason);
  }

  private grantIdentity(subject: string, scope: Scope, actions: readonly string[], reason: string, login = true): void {
    if (login) this.identity.push({ subject, scope: '*', actions: LOGIN, reason: `${reason} (login)`, strength: 'must' });
    this.identity.push({ subject, scope, actions, reason, strength: 'must' });
  }

  private scopeOf(repo: RepoItem): Scope {
    const { account, region, name } = repoLocation(repo);
    return { account, region, pattern: name ?? this.resolved.repositoryNames.get(repo.id)! };
  }

  private templateScope(template: TemplateItem): Scope {
    const registry = itemById<RegistryItem>(this.spec, template.registry);
    return { account: accountOf(registry.stack), region: regionOf(registry.stack), pattern: template.prefix === 'ROOT' ? '*' : `${namespaceOf(template.prefix)}/*` };
  }
}

function scopeKey(scope: Scope): string {
  return `${scope.account}|${scope.region}|${scope.pattern}`;
}

/**
 * Whether the app cannot tell if the subject is in an organization: its own roles and the roles it
 * imports (the universe gives organization ids only to the principals outside the app it invents).
 *
 * The choice for them: an organization grant (`allowOrganizationPull` on a repository, a registry or
 * a creation template) is the owner's side written under a condition the app cannot decide. It is
 * not "silent" (nothing is missing that the app could write or name), and it is not promised either:
 * the role gets in if its account is a member. So it is tolerated both ways ('may'), which is what
 * EcrAccessChecks does too: a rule takes a condition as holding and never reports what might work.
 */
function membershipUnknown(subject: Subject): boolean {
  return (subject.kind === 'role' || subject.kind === 'imported') && subject.context['aws:PrincipalOrgID'] === undefined;
}

export function covers(scope: Scope, target: Target): boolean {
  return scope.account === target.account && scope.region === target.region && glob(scope.pattern, target.name)
    && (scope.createdBy === undefined || scope.createdBy === target.createdBy);
}

function serviceMatches(who: Extract<Who, { kind: 'service' }>, subject: Subject): boolean {
  return who.service === subject.service && who.sourceAccounts.includes(subject.context['aws:SourceAccount'])
    && (who.sourceArns === undefined || who.sourceArns.some((p) => glob(p, subject.context['aws:SourceArn'])));
}

/** IAM's wildcard match: `*` any run of characters, `?` one. */
export function glob(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`);
  return regex.test(value);
}

function hasRoleName(grantee: Item): boolean {
  return grantee.kind === 'ci' || grantee.kind === 'role' ? grantee.roleName !== undefined : true;
}

export function importedRoleArn(item: ImportedRoleItem): string {
  return `arn:aws:iam::${ACCOUNTS[item.account]}:role/${item.name}`;
}
