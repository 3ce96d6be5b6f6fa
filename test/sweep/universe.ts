import {
  ACCOUNTS, AccountKey, AppSpec, CiItem, Item, ORG, OTHER_ORG, RegistryItem, RepoItem, StackKey, TemplateItem,
  accountOf, itemById, namespaceCoverage, namespaceOf, regionOf, repoLocation, repositoryArn,
} from './app-spec';
import { AccessModel, Resolved, Subject, Target } from './model';

// Who asks and on what, for one app: every principal of the app, principals outside it (accounts
// trusted or not, organization members and outsiders, the holders of returned identity policies,
// roles that copy an app role's tag), AWS services acting for the right and for another account;
// and every repository of the app, the ones it imports, and repositories its grants cover by
// pattern or that ECR would create from its templates, with look-alike names beside them.

const ACCOUNT_LETTER = Object.fromEntries(Object.entries(ACCOUNTS).map(([k, v]) => [v, k])) as Record<string, AccountKey>;

export function subjectsOf(spec: AppSpec, model: AccessModel, resolved: Resolved): Subject[] {
  const subjects: Subject[] = [];
  for (const item of spec.items) {
    const role = appRoleLabel(item);
    if (role) subjects.push({ key: `role:${item.id}`, label: role, kind: 'role', account: accountOf(homeOf(spec, item)), context: {} });
    if (item.kind === 'importedRole') {
      const sameAccount = ACCOUNTS[item.account] === accountOf(item.stack);
      subjects.push({ key: `role:${item.id}`, label: `role imported from ${sameAccount ? 'its stack\'s' : 'another'} account`, kind: 'imported', account: ACCOUNTS[item.account], context: {} });
    }
  }
  const named = new Set(model.resource.flatMap((i) => (i.who.kind === 'principal' ? [i.who.subject] : [])));
  for (const subject of subjects.filter((s) => s.kind === 'role' && named.has(s.key))) {
    subjects.push({ key: `impostor:${subject.key}`, label: `another role of the account of a ${subject.label}, carrying its aws-cdk:id tag`, kind: 'impostor', account: subject.account, impostorOf: subject.key, context: {} });
  }
  for (const letter of ['A', 'B', 'C', 'X'] as const) {
    subjects.push({
      key: `admin:${letter}`,
      label: letter === 'X' ? 'principal of an account nothing trusts' : `principal of account ${letter}`,
      kind: 'admin',
      account: ACCOUNTS[letter],
      context: letter === 'X' ? { 'aws:PrincipalOrgID': OTHER_ORG } : {},
    });
  }
  subjects.push({ key: 'admin:M', label: 'organization member', kind: 'admin', account: ACCOUNTS.M, context: { 'aws:PrincipalOrgID': ORG } });
  for (const holder of model.documentHolders) {
    subjects.push(holder === 'org'
      ? { key: 'docs:org', label: 'organization member with the returned identity policy', kind: 'docs', account: ACCOUNTS.M, context: { 'aws:PrincipalOrgID': ORG } }
      : { key: `docs:${holder}`, label: `account ${ACCOUNT_LETTER[holder]} principal with the returned identity policy`, kind: 'docs', account: holder, context: {} });
  }
  subjects.push(...serviceSubjects(spec, resolved));
  return subjects;
}

/** The stack an item's role is in: its own, or its registry's for a creation template. */
function homeOf(spec: AppSpec, item: Item): StackKey {
  return item.kind === 'template' ? itemById<RegistryItem>(spec, item.registry).stack : (item as { stack: StackKey }).stack;
}

function appRoleLabel(item: Item): string | undefined {
  switch (item.kind) {
    case 'role': return item.roleName ? 'role of the app with a roleName' : 'role of the app';
    case 'ci': return 'EcrCiPrincipal role';
    case 'consumer': return {
      fargate: 'Fargate task execution role',
      ec2: 'EC2 task execution role',
      codebuild: 'CodeBuild project role',
      lambda: undefined,
      batch: 'Batch job execution role',
      pipeline: 'CodePipeline EcrSourceAction role',
    }[item.consumer];
    case 'template': return item.resourceTags ? 'creation template role' : undefined;
    default: return undefined;
  }
}

/** AWS services acting for a function or project of the app, for one an allow* call names, and the same for an account nothing trusts. */
function serviceSubjects(spec: AppSpec, resolved: Resolved): Subject[] {
  const contexts = new Map<string, Subject>();
  const add = (service: string, account: string, arn: string, label: string) => {
    const key = `${service}|${account}|${arn}`;
    if (!contexts.has(key)) contexts.set(key, { key, label: `${service} ${label}`, kind: 'service', service, context: { 'aws:SourceAccount': account, 'aws:SourceArn': arn } });
    const outsider = ACCOUNTS.X;
    const twin = `${service}|${outsider}|${arn.replace(account, outsider)}`;
    if (!contexts.has(twin)) {
      contexts.set(twin, {
        key: twin,
        label: `${service} for an account nothing trusts (in place of ${label.replace(/^for /, '')})`,
        kind: 'service',
        service,
        context: { 'aws:SourceAccount': outsider, 'aws:SourceArn': arn.replace(account, outsider) },
      });
    }
  };
  for (const item of spec.items) {
    if (item.kind === 'consumer' && item.consumer === 'lambda') {
      add('lambda.amazonaws.com', accountOf(item.stack), resolved.functionArns.get(item.id)!, 'for the app\'s function');
    }
    if (item.kind === 'allowLambdaPull') {
      const { account, region } = repoLocation(itemById(spec, item.repo));
      const pattern = item.pattern ?? '*';
      for (const a of item.accounts?.map((k) => ACCOUNTS[k]) ?? [account]) {
        add('lambda.amazonaws.com', a, `arn:aws:lambda:${region}:${a}:function:${pattern.replace(/\*/g, 'x1').replace(/\?/g, 'q')}`, 'for a function allowLambdaPull names');
        if (pattern !== '*') add('lambda.amazonaws.com', a, `arn:aws:lambda:${region}:${a}:function:zz-other`, 'for another function of an account allowLambdaPull names');
      }
    }
    if (item.kind === 'grant') {
      const grantee = itemById(spec, item.grantee);
      if (grantee.kind !== 'service') continue;
      const { account, region } = repoLocation(itemById(spec, item.repo));
      const arn = grantee.service === 'lambda.amazonaws.com' ? `arn:aws:lambda:${region}:${account}:function:any` : `arn:aws:codebuild:${region}:${account}:project/any`;
      add(grantee.service, account, arn, 'for the repository\'s account');
    }
  }
  return [...contexts.values()];
}

export function targetsOf(spec: AppSpec, resolved: Resolved): Target[] {
  const targets = new Map<string, Target>();
  const add = (account: string, region: string, name: string, label: string, createdBy?: string) => {
    const key = `${repositoryArn(account, region, name)}${createdBy ? `#${createdBy}` : ''}`;
    if (!targets.has(key)) targets.set(key, { key, label, account, region, name, createdBy });
  };
  const repos = spec.items.filter((i): i is RepoItem => i.kind === 'repo');
  for (const repo of repos.filter((r) => r.type === 'pushable' || r.type === 'plain')) {
    const { account, region, name } = repoLocation(repo);
    add(account, region, name ?? resolved.repositoryNames.get(repo.id)!, 'repository of the app');
  }
  for (const repo of repos.filter((r) => r.type === 'fromName' || r.type === 'fromArn')) {
    const { account, region, name } = repoLocation(repo);
    add(account, region, name!, 'imported repository');
  }
  for (const item of spec.items) {
    if (item.kind === 'registryAllow' && item.prefix) {
      const registry = itemById<RegistryItem>(spec, item.registry);
      const ns = namespaceOf(item.prefix);
      add(accountOf(registry.stack), regionOf(registry.stack), `${ns}/new`, 'repository under a registry grant\'s prefix');
      add(accountOf(registry.stack), regionOf(registry.stack), `${ns}x/new`, 'look-alike of a registry grant\'s prefix');
    }
    if (item.kind === 'template') {
      const registry = itemById<RegistryItem>(spec, item.registry);
      const name = item.prefix === 'ROOT' ? 'misc/new' : `${namespaceOf(item.prefix)}/new`;
      add(accountOf(registry.stack), regionOf(registry.stack), name, 'repository a creation template creates', templateFor(spec, registry, name)?.id);
    }
    const prefix = ciPrefix(spec, item);
    if (prefix) {
      add(prefix.account, prefix.region, `${prefix.text}new`, 'repository under a CI namespace');
      add(prefix.account, prefix.region, `${prefix.text.replace(/[/-]$/, '')}x/new`, 'look-alike of a CI namespace');
    }
    if (item.kind === 'ci') {
      for (const fold of item.fold ?? []) {
        for (const repo of [...item.push ?? [], ...item.pull ?? []].map((r) => itemById<RepoItem>(spec, r))) {
          const { account, region } = repoLocation(repo);
          add(account, region, `${namespaceCoverage(fold).start}other`, 'repository under a folded namespace');
        }
      }
    }
  }
  add(ACCOUNTS.A, 'us-east-1', 'zz-unrelated/app', 'unrelated repository');
  const first = [...targets.values()][0];
  add(ACCOUNTS.X, first.region, first.name, 'same name in an account nothing trusts');
  return [...targets.values()];
}

/** The template ECR applies to a new repository: the longest matching prefix, else ROOT. */
export function templateFor(spec: AppSpec, registry: RegistryItem, name: string): TemplateItem | undefined {
  const templates = spec.items.filter((i): i is TemplateItem => i.kind === 'template' && i.registry === registry.id);
  const matching = templates.filter((t) => t.prefix !== 'ROOT' && name.startsWith(`${namespaceOf(t.prefix)}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return matching[0] ?? templates.find((t) => t.prefix === 'ROOT');
}

function ciPrefix(spec: AppSpec, item: Item): { account: string; region: string; text: string } | undefined {
  if (item.kind !== 'ciNamespace' && item.kind !== 'ciCreate' && item.kind !== 'ciCreateOnPush') return undefined;
  const ci = itemById<CiItem>(spec, item.ci);
  const account = item.kind === 'ciNamespace' && item.account ? ACCOUNTS[item.account] : accountOf(ci.stack);
  const region = item.kind === 'ciNamespace' && item.region ? item.region : regionOf(ci.stack);
  return { account, region, text: item.kind === 'ciCreateOnPush' ? `${namespaceOf(item.prefix)}/` : namespaceCoverage(item.prefix).start };
}
