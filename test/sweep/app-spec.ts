// The description of one generated app: plain data, so that the generator, the builder, the
// snippet printer, the intended-access model and the shrinker all read the same thing, and a
// reproduction is this data with items taken out.

/** Accounts of the sweep: A and B hold the app's stacks, C is outside the app, M is an organization member, X is nobody's friend. */
export const ACCOUNTS = {
  A: '111111111111',
  B: '222222222222',
  C: '333333333333',
  M: '555555555555',
  X: '999999999999',
} as const;
export type AccountKey = keyof typeof ACCOUNTS;

export const ORG = 'o-a1b2c3d4e5';
export const OTHER_ORG = 'o-zzzzzzzzzz';

/** The stacks an app may hold: two in the registry environment, and three other environments. */
export const STACKS = {
  Registry: { account: 'A', region: 'us-east-1' },
  Shared: { account: 'A', region: 'us-east-1' },
  Workload: { account: 'B', region: 'us-east-1' },
  Europe: { account: 'A', region: 'eu-west-1' },
  Edge: { account: 'B', region: 'eu-west-1' },
} as const;
export type StackKey = keyof typeof STACKS;

export type Scenario = 'PULL_THROUGH_CACHE' | 'REPLICATION' | 'CREATE_ON_PUSH';

/** Who assumes a CI principal's role (only the trust policy depends on it). */
export type ProviderSpec = GitHubSpec | GitLabSpec | CodeBuildSpec | AccountSpec | OidcSpec;
interface GitHubSpec {
  readonly type: 'gitHubActions';
  readonly repository: string;
  readonly branches?: string[];
  readonly tags?: string[];
  readonly environments?: string[];
  readonly pullRequests?: boolean;
}
interface GitLabSpec {
  readonly type: 'gitLab';
  readonly projectPath: string;
  readonly branches?: string[];
  readonly tags?: string[];
}
interface CodeBuildSpec {
  readonly type: 'codeBuild';
  readonly projectNames?: string[];
}
interface AccountSpec {
  readonly type: 'account';
  readonly account: AccountKey;
  readonly externalId?: string;
}
interface OidcSpec {
  readonly type: 'oidc';
  readonly subjects: string[];
}

export type RepoItem = {
  readonly kind: 'repo';
  readonly id: string;
  readonly stack: StackKey;
  /** pushable: PushableRepository; plain: ecr.Repository; fromName/fromArn: imported. */
  readonly type: 'pushable' | 'plain' | 'fromName' | 'fromArn';
  readonly name?: string;
  /** fromArn only: the account and region in the ARN. */
  readonly account?: AccountKey;
  readonly region?: string;
};
export type RoleItem = { readonly kind: 'role'; readonly id: string; readonly stack: StackKey; readonly roleName?: string };
export type ImportedRoleItem = { readonly kind: 'importedRole'; readonly id: string; readonly stack: StackKey; readonly account: AccountKey; readonly name: string };
export type ServiceItem = { readonly kind: 'service'; readonly id: string; readonly service: 'lambda.amazonaws.com' | 'codebuild.amazonaws.com' };
export type CiItem = {
  readonly kind: 'ci';
  readonly id: string;
  readonly stack: StackKey;
  readonly provider: ProviderSpec;
  readonly roleName?: string;
  readonly fold?: string[];
  readonly push?: string[];
  readonly pull?: string[];
};
export type RegistryItem = { readonly kind: 'registry'; readonly id: string; readonly stack: StackKey };
export type TemplateItem = {
  readonly kind: 'template';
  readonly id: string;
  readonly registry: string;
  readonly prefix: string;
  readonly appliedFor: Scenario[];
  readonly resourceTags?: boolean;
};
export type ConsumerItem = {
  readonly kind: 'consumer';
  readonly id: string;
  readonly stack: StackKey;
  readonly repo: string;
  readonly consumer: 'fargate' | 'ec2' | 'lambda' | 'codebuild' | 'batch' | 'pipeline';
  readonly functionName?: string;
};
export type GrantMethod = 'grantPull' | 'grantPush' | 'grantPullPush' | 'grant';
export type OpItem =
  | { readonly kind: 'grant'; readonly id: string; readonly repo: string; readonly grantee: string; readonly method: GrantMethod; readonly actions?: string[] }
  | { readonly kind: 'allowAccount'; readonly id: string; readonly repo: string; readonly verb: 'Pull' | 'Push'; readonly account: AccountKey }
  | { readonly kind: 'allowOrganizationPull'; readonly id: string; readonly repo: string }
  | { readonly kind: 'allowLambdaPull'; readonly id: string; readonly repo: string; readonly accounts?: AccountKey[]; readonly pattern?: string }
  | { readonly kind: 'ciRepo'; readonly id: string; readonly ci: string; readonly verb: 'push' | 'pull'; readonly repo: string }
  | { readonly kind: 'ciNamespace'; readonly id: string; readonly ci: string; readonly verb: 'push' | 'pull'; readonly prefix: string; readonly account?: AccountKey; readonly region?: string }
  | { readonly kind: 'ciCreate'; readonly id: string; readonly ci: string; readonly prefix: string; readonly push?: boolean }
  | { readonly kind: 'ciCreateOnPush'; readonly id: string; readonly ci: string; readonly prefix: string }
  | { readonly kind: 'registryAllow'; readonly id: string; readonly registry: string; readonly verb: 'Pull' | 'Push' | 'OrgPull'; readonly account?: AccountKey; readonly prefix?: string }
  | { readonly kind: 'templateAllow'; readonly id: string; readonly template: string; readonly verb: 'Pull' | 'Push' | 'OrgPull'; readonly account?: AccountKey };

export type Item = RepoItem | RoleItem | ImportedRoleItem | ServiceItem | CiItem | RegistryItem | TemplateItem | ConsumerItem | OpItem;

export interface AppSpec {
  readonly seed: number;
  /** In dependency order: an item refers only to items before it. */
  readonly items: readonly Item[];
}

/** The fields of an item that name other items (the shrinker drops what names a dropped item). */
export const REFERENCE_FIELDS = ['repo', 'grantee', 'ci', 'registry', 'template'] as const;
export const REFERENCE_LISTS = ['push', 'pull'] as const;

export function accountOf(stack: StackKey): string {
  return ACCOUNTS[STACKS[stack].account];
}

export function regionOf(stack: StackKey): string {
  return STACKS[stack].region;
}

export function itemById<T extends Item = Item>(spec: AppSpec, id: string): T {
  const item = spec.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id} in the spec`);
  return item as T;
}

/** Where a repository is: its account, region and (when known before synth) name. */
export function repoLocation(repo: RepoItem): { account: string; region: string; name?: string } {
  if (repo.type === 'fromArn') return { account: ACCOUNTS[repo.account!], region: repo.region!, name: repo.name };
  return { account: accountOf(repo.stack), region: regionOf(repo.stack), name: repo.name };
}

/** Where a grantee or consumer lives, by the stack that defines it. */
export function stackOfItem(item: Item): StackKey | undefined {
  return 'stack' in item ? item.stack : undefined;
}

/** ECR adds the '/' to a creation template's or registry grant's namespace: `team-a` and `team-a/` both mean `team-a/...`. */
export function namespaceOf(prefix: string): string {
  return prefix.replace(/\/$/, '');
}

/**
 * README: a CI namespace `team-a/` (or `team-a`: the same) covers the repositories named `team-a/…`;
 * a text pattern written with its `*` (`sandbox-*`) covers the names that start with that text.
 */
export function namespaceCoverage(text: string): { pattern: string; start: string } {
  if (text.endsWith('*')) return { pattern: text, start: text.slice(0, -1) };
  return { pattern: `${namespaceOf(text)}/*`, start: `${namespaceOf(text)}/` };
}

export function repositoryArn(account: string, region: string, name: string): string {
  return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}
