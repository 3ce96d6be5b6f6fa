import {
  AccountKey, AppSpec, CiItem, ConsumerItem, Item, ProviderSpec, RepoItem, Scenario, STACKS, StackKey, TemplateItem,
  accountOf, regionOf, repoLocation,
} from './app-spec';
import { Prng } from './prng';

// Generates an app from a seed: repositories of every kind in several environments, the library's
// grants and allow* methods, CI principals, a registry with its grants and creation templates, and
// aws-cdk-lib's own consumers of an ecr.IRepository (ECS, Lambda, CodeBuild, Batch, CodePipeline). Only valid input: where the README says a
// choice needs something (a repository used from another environment needs a name), it is given.

const REPOSITORY_NAMES = ['team-a/api', 'team-a/web', 'team-b/worker', 'base/node', 'tools/lint', 'functions/orders', 'team-ab/api'];
const NAMESPACES = ['team-a/', 'team-b/', 'base/', 'functions/', 'team-a'];
const REGISTRY_PREFIXES = ['team-a', 'base', 'team-b', 'functions'];
const TEMPLATE_PREFIXES = ['team-a', 'base', 'team-c', 'ROOT'];
const CREATE_PREFIXES = ['team-a/', 'team-c/', 'sandbox-*'];
const CREATE_ON_PUSH_PREFIXES = ['team-a', 'team-c'];
const FUNCTION_PATTERNS = ['fn-*', 'fn-k?', '*', 'orders-*'];
const SCENARIOS: Scenario[] = ['PULL_THROUGH_CACHE', 'REPLICATION', 'CREATE_ON_PUSH'];
/** Actions and patterns for `grant(grantee, ...actions)`: repository actions, login, a named registry action, and patterns. */
const GRANT_ACTIONS = [
  'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage', 'ecr:TagResource',
  'ecr:GetAuthorizationToken', 'ecr:DescribeRegistry', 'ecr:Get*', 'ecr:Describe*', 'ecr:BatchGet*', 'ecr:List*', 'ecr:*',
];

export function generate(seed: number): AppSpec {
  return new Generator(seed).run();
}

class Generator {
  private readonly rng: Prng;
  private readonly items: Item[] = [];
  private readonly counters = new Map<string, number>();
  private readonly stacks: StackKey[];

  constructor(private readonly seed: number) {
    this.rng = new Prng(seed);
    this.stacks = ['Registry', ...this.rng.some<StackKey>(['Shared', 'Workload', 'Europe', 'Edge'], 0, 3)];
  }

  public run(): AppSpec {
    const rng = this.rng;
    const repos = Array.from({ length: rng.int(1, 4) }, () => this.repository()).filter((r): r is RepoItem => r !== undefined);
    const roles = Array.from({ length: rng.int(0, 3) }, () => this.add({ kind: 'role', id: this.id('p'), stack: this.stack(), roleName: rng.chance(0.3) ? this.unique('app-role') : undefined }));
    const grantees: Item[] = [...roles];
    if (rng.chance(0.15)) {
      const account = rng.pick<AccountKey>(['A', 'B', 'C']);
      grantees.push(this.add({ kind: 'importedRole', id: this.id('i'), stack: this.stack(), account, name: this.unique('imported') }));
    }
    if (rng.chance(0.15)) grantees.push(this.add({ kind: 'service', id: this.id('s'), service: rng.pick(['lambda.amazonaws.com', 'codebuild.amazonaws.com'] as const) }));
    const cis = Array.from({ length: rng.int(0, 2) }, () => this.ci(repos));
    grantees.push(...cis);
    if (rng.chance(0.4)) this.registry();
    for (let i = rng.int(0, 2); i > 0; i--) this.consumer(repos);
    const pushable = repos.filter((r) => r.type === 'pushable');
    for (let i = pushable.length > 0 ? rng.int(0, 5) : 0; i > 0; i--) this.repositoryOp(rng.pick(pushable), grantees);
    for (const ci of cis) for (let i = rng.int(0, 3); i > 0; i--) this.ciOp(ci, repos);
    return nameWhatCrossesEnvironments({ seed: this.seed, items: this.items });
  }

  private repository(): RepoItem | undefined {
    const rng = this.rng;
    const type = rng.pick(['pushable', 'pushable', 'pushable', 'pushable', 'plain', 'fromName', 'fromArn', 'fromArn'] as const);
    // 'Shared' uses the registry stack's repositories and defines none: with repositories in both,
    // each stack's grants would refer to the other's, a cycle CloudFormation cannot deploy (CDK
    // refuses it with or without this library)
    const owned = type === 'pushable' || type === 'plain';
    const stack = owned ? this.stack(['Shared']) : this.stack();
    if (type === 'fromArn') {
      const account = rng.pick<AccountKey>(['A', 'B', 'C']);
      return this.add({ kind: 'repo', id: this.id('r'), type, stack, account, region: rng.chance(0.8) ? 'us-east-1' : 'eu-west-1', name: rng.pick(REPOSITORY_NAMES) });
    }
    if (type === 'fromName') return this.add({ kind: 'repo', id: this.id('r'), type, stack, name: rng.pick(REPOSITORY_NAMES) });
    const taken = new Set(this.items.filter((i): i is RepoItem => i.kind === 'repo' && (i.type === 'pushable' || i.type === 'plain'))
      .filter((r) => accountOf(r.stack) === accountOf(stack) && regionOf(r.stack) === regionOf(stack)).map((r) => r.name));
    const free = REPOSITORY_NAMES.filter((n) => !taken.has(n));
    if (free.length === 0) return undefined;
    return this.add({ kind: 'repo', id: this.id('r'), type, stack, name: rng.chance(type === 'pushable' ? 0.85 : 0.7) ? rng.pick(free) : undefined });
  }

  private ci(repos: RepoItem[]): CiItem {
    const rng = this.rng;
    return this.add({
      kind: 'ci',
      id: this.id('ci'),
      stack: this.stack(),
      provider: this.provider(),
      roleName: rng.chance(0.2) ? this.unique('ci-role') : undefined,
      fold: rng.chance(0.25) ? rng.some(NAMESPACES, 1, 2) : undefined,
      push: rng.chance(0.5) ? rng.some(repos, 1, 2).map((r) => r.id) : undefined,
      pull: rng.chance(0.4) ? rng.some(repos, 1, 2).map((r) => r.id) : undefined,
    });
  }

  private provider(): ProviderSpec {
    const rng = this.rng;
    switch (rng.int(0, 4)) {
      case 0: {
        const tags = rng.chance(0.3) ? ['v*'] : undefined;
        const environments = rng.chance(0.2) ? ['prod'] : undefined;
        const pullRequests = rng.chance(0.1) ? true : undefined;
        // at least one filter: a role every run of the repository can assume is refused (README)
        const branches = rng.chance(0.8) || !(tags || environments || pullRequests) ? ['main'] : undefined;
        return { type: 'gitHubActions', repository: rng.pick(['api', 'platform']), branches, tags, environments, pullRequests };
      }
      case 1: return { type: 'gitLab', projectPath: 'acme/platform/api', branches: ['main'], tags: rng.chance(0.3) ? ['v*'] : undefined };
      case 2: return { type: 'codeBuild', projectNames: rng.chance(0.5) ? ['api-build'] : undefined };
      case 3: return { type: 'account', account: rng.pick<AccountKey>(['B', 'C']), externalId: rng.chance(0.5) ? 'ci-2f9a' : undefined };
      default: return { type: 'oidc', subjects: ['organization:acme:pipeline:api:ref:refs/heads/main'] };
    }
  }

  private registry(): void {
    const rng = this.rng;
    const homes = this.stacks.filter((s) => s === 'Registry' || s === 'Workload');
    for (const stack of rng.some(homes, 1, homes.length)) {
      const registry = this.add({ kind: 'registry', id: this.id('y'), stack });
      const own = STACKS[stack].account;
      for (let i = rng.int(0, 2); i > 0; i--) {
        const verb = rng.pick(['Pull', 'Push', 'OrgPull'] as const);
        this.add({
          kind: 'registryAllow',
          id: this.id('o'),
          registry: registry.id,
          verb,
          account: verb === 'OrgPull' ? undefined : rng.pick((['A', 'B', 'C'] as AccountKey[]).filter((a) => a !== own)),
          prefix: rng.chance(0.6) ? rng.pick(REGISTRY_PREFIXES) : undefined,
        });
      }
      const prefixes = rng.some(TEMPLATE_PREFIXES, 0, 2);
      for (const prefix of prefixes) {
        const template: TemplateItem = this.add({
          kind: 'template',
          id: this.id('t'),
          registry: registry.id,
          prefix,
          appliedFor: rng.some(SCENARIOS, 1, 3),
          resourceTags: rng.chance(0.2) ? true : undefined,
        });
        if (rng.chance(0.6)) {
          const verb = rng.pick(['Pull', 'Push', 'OrgPull'] as const);
          this.add({
            kind: 'templateAllow',
            id: this.id('o'),
            template: template.id,
            verb,
            account: verb === 'OrgPull' ? undefined : rng.pick((['A', 'B', 'C'] as AccountKey[]).filter((a) => a !== own)),
          });
        }
      }
    }
  }

  private consumer(repos: RepoItem[]): void {
    const rng = this.rng;
    const candidates = repos.filter((r) => r.type !== 'plain');
    if (candidates.length === 0) return;
    const repo = rng.pick(candidates);
    const consumer = rng.pick(['fargate', 'ec2', 'lambda', 'codebuild', 'batch', 'pipeline'] as const);
    // a Lambda function runs images from its own region only; a pipeline with an action in another
    // region needs replication buckets there, which is not what this sweep is about
    const region = repoLocation(repo).region;
    const stacks = consumer === 'lambda' || consumer === 'pipeline' ? this.stacks.filter((s) => regionOf(s) === region) : this.stacks;
    if (stacks.length === 0) return;
    const id = this.id('k');
    this.add<ConsumerItem>({
      kind: 'consumer',
      id,
      stack: rng.pick(stacks),
      repo: repo.id,
      consumer,
      functionName: consumer === 'lambda' && rng.chance(0.5) ? `fn-${id}` : undefined,
    });
  }

  private repositoryOp(repo: RepoItem, grantees: Item[]): void {
    const rng = this.rng;
    const own = STACKS[repo.stack].account;
    const others = (['A', 'B', 'C'] as AccountKey[]).filter((a) => a !== own);
    switch (rng.int(0, 5)) {
      case 0: case 1: {
        if (grantees.length === 0) return;
        const method = rng.pick(['grantPull', 'grantPush', 'grantPullPush', 'grant'] as const);
        this.add({
          kind: 'grant',
          id: this.id('o'),
          repo: repo.id,
          grantee: rng.pick(grantees).id,
          method,
          actions: method === 'grant' ? rng.some(GRANT_ACTIONS, 1, 3) : undefined,
        });
        return;
      }
      case 2: this.add({ kind: 'allowAccount', id: this.id('o'), repo: repo.id, verb: rng.pick(['Pull', 'Push'] as const), account: rng.pick(others) }); return;
      case 3: this.add({ kind: 'allowOrganizationPull', id: this.id('o'), repo: repo.id }); return;
      default: this.add({
        kind: 'allowLambdaPull',
        id: this.id('o'),
        repo: repo.id,
        accounts: rng.chance(0.6) ? rng.some<AccountKey>(['A', 'B', 'C'], 1, 2) : undefined,
        pattern: rng.chance(0.6) ? rng.pick(FUNCTION_PATTERNS) : undefined,
      });
    }
  }

  private ciOp(ci: CiItem, repos: RepoItem[]): void {
    const rng = this.rng;
    switch (rng.int(0, 4)) {
      case 0: case 1: this.add({ kind: 'ciRepo', id: this.id('o'), ci: ci.id, verb: rng.pick(['push', 'pull'] as const), repo: rng.pick(repos).id }); return;
      case 2: this.add({
        kind: 'ciNamespace',
        id: this.id('o'),
        ci: ci.id,
        verb: rng.pick(['push', 'pull'] as const),
        prefix: rng.pick(NAMESPACES),
        account: rng.chance(0.4) ? rng.pick<AccountKey>(['A', 'B', 'C']) : undefined,
        region: rng.chance(0.2) ? rng.pick(['us-east-1', 'eu-west-1']) : undefined,
      }); return;
      case 3: this.add({ kind: 'ciCreate', id: this.id('o'), ci: ci.id, prefix: rng.pick(CREATE_PREFIXES), push: rng.chance(0.5) ? true : undefined }); return;
      default: this.add({ kind: 'ciCreateOnPush', id: this.id('o'), ci: ci.id, prefix: rng.pick(CREATE_ON_PUSH_PREFIXES) });
    }
  }

  private stack(except: StackKey[] = []): StackKey {
    return this.rng.chance(0.4) ? 'Registry' : this.rng.pick(this.stacks.filter((s) => !except.includes(s)));
  }

  private add<T extends Item>(item: T): T {
    this.items.push(item);
    return item;
  }

  private id(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n}`;
  }

  /** A name no other item of its kind has (role names are unique in an account). */
  private unique(prefix: string): string {
    return `${prefix}-${this.id(prefix).slice(prefix.length)}`;
  }
}

/**
 * The README: "Give such a repository a repositoryName: the other account refers to it by ARN". A
 * repository of the app used from another environment gets a name no repository of its environment has.
 */
export function nameWhatCrossesEnvironments(spec: AppSpec): AppSpec {
  const users = new Map<string, StackKey[]>();
  const use = (repo: string, stack: StackKey | undefined) => { if (stack) users.set(repo, [...users.get(repo) ?? [], stack]); };
  const stackOf = (id: string) => { const item = spec.items.find((i) => i.id === id); return item && 'stack' in item ? item.stack : undefined; };
  for (const item of spec.items) {
    if (item.kind === 'consumer') use(item.repo, item.stack);
    if (item.kind === 'ci') [...item.push ?? [], ...item.pull ?? []].forEach((r) => use(r, item.stack));
    if (item.kind === 'ciRepo') use(item.repo, stackOf(item.ci));
    if (item.kind === 'grant') use(item.repo, stackOf(item.grantee));
  }
  const items = spec.items.map((item) => {
    if (item.kind !== 'repo' || item.name !== undefined || (item.type !== 'pushable' && item.type !== 'plain')) return item;
    const env = `${accountOf(item.stack)}/${regionOf(item.stack)}`;
    if (!(users.get(item.id) ?? []).some((s) => `${accountOf(s)}/${regionOf(s)}` !== env)) return item;
    return { ...item, name: `named/${item.id}` };
  });
  return { seed: spec.seed, items };
}

