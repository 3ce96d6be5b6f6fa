import { CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ACCOUNTS, AppSpec, Item, RegistryItem, RepoItem, accountOf, regionOf, repoLocation, repositoryArn } from './app-spec';
import { BuiltApp, buildApp, ConsumerObjects } from './build';
import { rememberResourceTypes } from './evaluator-speed';
import { AccessModel, Resolved, Subject, Target, Verdict } from './model';
import { refusalOf } from './refusals';
import { subjectsOf, targetsOf } from './universe';
import { EcrCiPrincipal, EcrRegistry, PushableRepository, RepositoryCreationTemplate } from '../../src';
import { ecrActions } from '../helpers/access-matrix';
import { Json, SynthesizedApp } from '../helpers/assembly';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { registryPolicyOf, registryRepository } from '../helpers/registry-policies';

// Runs one generated app: build and synthesize it (a throw is a crash, unless it is one of the
// library's listed refusals of an arrangement no deployment could work with), ask the evaluator
// every ECR action of every subject on every target, and compare each answer with the model. Mismatches are
// grouped by a signature (category, who, on what, how related) that the shrinker keeps while it
// removes items.

export type Category = 'over' | 'under' | 'crash' | 'silent';

export interface Mismatch {
  readonly category: Category;
  /** What kind of mismatch: the same signature in two apps is taken to be the same cause. */
  readonly signature: string;
  /** One instance, with ids: who, which actions, on what, expected and decided. */
  readonly example: string;
}

export interface AppResult {
  readonly seed: number;
  readonly decisions: number;
  readonly allowed: number;
  readonly mismatches: readonly Mismatch[];
  /** The app was refused at synth with one of the library's listed errors (refusals.ts): nothing was decided. */
  readonly refused?: string;
}

/** An identity policy that lets a principal do anything in ECR: only the resource side then decides (what another account trusts). */
const ECR_ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };

/**
 * @param until stop evaluating once a mismatch with this signature is found (the shrinker asks only that)
 */
export async function runApp(spec: AppSpec, until?: string): Promise<AppResult> {
  rememberResourceTypes();
  let built: BuiltApp;
  let oracle: AccessOracle;
  try {
    built = buildApp(spec);
    oracle = new AccessOracle(new SynthesizedApp(built.app), { rememberDecisions: false });
  } catch (e) {
    const refusal = refusalOf(e);
    if (refusal) return { seed: spec.seed, decisions: 0, allowed: 0, mismatches: [], refused: refusal.name };
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    const signature = `crash: ${message.replace(/'[^']*'/g, '\'…\'').replace(/\b[A-Z][a-z]*\d+\b/g, '…').slice(0, 160)}`;
    return { seed: spec.seed, decisions: 0, allowed: 0, mismatches: [{ category: 'crash', signature, example: message }] };
  }
  const resolved = resolve(spec, built, oracle);
  const model = await AccessModel.of(spec, resolved);
  const warnings = built.app.synth().stacks.flatMap((s) => s.messages)
    .filter((m) => m.level === 'warning' || m.level === 'error').map((m) => String(m.entry.data));
  const { repositoryActions, accountActions } = await ecrActions();
  const targets = targetsOf(spec, resolved)
    .map((t) => ({ target: t, underTest: repositoryUnderTest(spec, built, oracle, t), names: aliases(spec, built, resolved, t) }));
  const found = new Map<string, { category: Category; subject: string; target: string; actions: string[]; expected: string; decided: Decision }>();
  let decisions = 0;
  let allowed = 0;

  const compare = async (subject: Subject, principal: PrincipalUnderTest, action: string, target: Target | '*', underTest: RepositoryUnderTest | '*', names: readonly string[]) => {
    const verdict = model.decide(subject, action, target);
    const decided = await oracle.decide(principal, action, underTest, subject.context);
    decisions++;
    if (decided === 'Allowed') allowed++;
    const category = categorize(verdict, decided, warnings, names);
    if (!category) return;
    const relation = target === '*' ? 'on *' : subject.account === undefined ? 'service' : subject.account === target.account ? 'same account' : 'cross-account';
    const signature = `${category}: ${subject.label} → ${target === '*' ? '*' : target.label} (${relation})`;
    const key = `${signature}|${subject.key}|${target === '*' ? '*' : target.key}`;
    const entry = found.get(key) ?? { category, subject: subject.key, target: target === '*' ? '*' : target.key, actions: [], expected: verdict.kind, decided };
    entry.actions.push(action);
    found.set(key, entry);
  };

  for (const subject of subjectsOf(spec, model, resolved)) {
    const principal = principalUnderTest(spec, built, oracle, subject);
    const ownIdentity = subject.kind === 'admin' || subject.kind === 'impostor';
    if (!ownIdentity && subject.kind !== 'service') {
      for (const action of accountActions) await compare(subject, principal, action, '*', '*', []);
    }
    for (const { target, underTest, names } of targets) {
      if (ownIdentity && target.account === subject.account) continue;
      for (const action of repositoryActions) await compare(subject, principal, action, target, underTest, names);
    }
    if (until !== undefined && [...found.keys()].some((key) => key.startsWith(`${until}|`))) break;
  }
  const mismatches = [...found.entries()].map(([key, f]) => ({
    category: f.category,
    signature: key.split('|')[0],
    example: `${f.subject} ${f.actions.join(', ')} on ${f.target}: expected ${f.expected}, the evaluator says ${f.decided}` +
      (f.category === 'silent' ? ', and no warning names it' : ''),
  }));
  return { seed: spec.seed, decisions, allowed, mismatches };
}

/** What a warning may call a target by: its name, its ARN, or the path of a construct of the app that is it. */
function aliases(spec: AppSpec, built: BuiltApp, resolved: Resolved, target: Target): string[] {
  const arn = repositoryArn(target.account, target.region, target.name);
  const paths = spec.items.filter((i): i is RepoItem => i.kind === 'repo').filter((i) => {
    const { account, region, name } = repoLocation(i);
    return repositoryArn(account, region, name ?? resolved.repositoryNames.get(i.id)!) === arn;
  }).map((i) => (built.objects.get(i.id) as IConstruct).node.path);
  return [target.name, arn, ...paths];
}

function categorize(verdict: Verdict, decided: Decision, warnings: readonly string[], names: readonly string[]): Category | undefined {
  const isAllowed = decided === 'Allowed';
  switch (verdict.kind) {
    case 'allow': return isAllowed ? undefined : 'under';
    case 'deny': return isAllowed ? 'over' : undefined;
    case 'may': return undefined;
    default:
      if (isAllowed) return 'over';
      return warnings.some((w) => [...verdict.mentions, ...names].some((m) => w.includes(m))) ? undefined : 'silent';
  }
}

/** Generated repository names, and the ARN of each Lambda function, as synthesized. */
function resolve(spec: AppSpec, built: BuiltApp, oracle: AccessOracle): Resolved {
  const repositoryNames = new Map<string, string>();
  const functionArns = new Map<string, string>();
  for (const item of spec.items) {
    if (item.kind === 'repo' && (item.type === 'pushable' || item.type === 'plain') && !item.name) {
      repositoryNames.set(item.id, oracle.repository(built.objects.get(item.id) as PushableRepository).name);
    }
    if (item.kind === 'consumer' && item.consumer === 'lambda') {
      const fn = (built.objects.get(item.id) as ConsumerObjects).fn!;
      const stack = Stack.of(fn);
      const logicalId = stack.resolve((fn.node.defaultChild as CfnElement).logicalId);
      const name = oracle.synthesized.stackOf(stack).template.Resources[logicalId].Properties?.FunctionName ?? logicalId;
      functionArns.set(item.id, `arn:aws:lambda:${regionOf(item.stack)}:${accountOf(item.stack)}:function:${name}`);
    }
  }
  return { repositoryNames, functionArns };
}

function principalUnderTest(spec: AppSpec, built: BuiltApp, oracle: AccessOracle, subject: Subject): PrincipalUnderTest {
  switch (subject.kind) {
    case 'role': return oracle.principal(roleOf(spec, built, subject.key.slice('role:'.length)));
    case 'imported': {
      const item = spec.items.find((i) => `role:${i.id}` === subject.key) as Extract<Item, { kind: 'importedRole' }>;
      return importedRole(oracle, `arn:aws:iam::${ACCOUNTS[item.account]}:role/${item.name}`);
    }
    case 'impostor': {
      const original = oracle.principal(roleOf(spec, built, subject.impostorOf!.slice('role:'.length)));
      return { arn: `arn:aws:iam::${subject.account}:role/impostor`, account: subject.account!, identityPolicies: [ECR_ADMIN], permissionBoundaries: [], tags: original.tags };
    }
    case 'admin': return oracle.external(`arn:aws:iam::${subject.account}:role/admin`, [ECR_ADMIN]);
    case 'docs': return oracle.external(`arn:aws:iam::${subject.account}:role/holder`, documentsFor(spec, built, oracle, subject.key.slice('docs:'.length)));
    default: return oracle.external(subject.service!);
  }
}

function roleOf(spec: AppSpec, built: BuiltApp, id: string): iam.IRole {
  const item = spec.items.find((i) => i.id === id)!;
  const object = built.objects.get(id);
  switch (item.kind) {
    case 'ci': return (object as EcrCiPrincipal).role;
    case 'consumer': return (object as ConsumerObjects).role!;
    case 'template': return (object as RepositoryCreationTemplate).role!;
    default: return object as iam.IRole;
  }
}

/** A role imported by ARN: the identity policies the app attaches to it by name, in stacks of its account. */
function importedRole(oracle: AccessOracle, arn: string): PrincipalUnderTest {
  const account = arn.split(':')[4];
  const name = arn.split('/').pop()!;
  const identityPolicies: Json[] = [];
  for (const { info, resource } of oracle.synthesized.resources('AWS::IAM::Policy')) {
    if (info.account !== account) continue;
    if ((oracle.synthesized.resolve(info, resource.Properties.Roles ?? []) as string[]).includes(name)) {
      identityPolicies.push(oracle.synthesized.resolve(info, resource.Properties.PolicyDocument));
    }
  }
  return { arn, account, identityPolicies, permissionBoundaries: [] };
}

/** The identity documents the allow* calls returned to an account (or to the organization). */
function documentsFor(spec: AppSpec, built: BuiltApp, oracle: AccessOracle, holder: string): Json[] {
  return spec.items.flatMap((item) => {
    const document = built.documents.get(item.id);
    if (!document) return [];
    const account = 'account' in item && item.account ? ACCOUNTS[item.account] : undefined;
    const org = item.kind === 'allowOrganizationPull' || ('verb' in item && item.verb === 'OrgPull');
    return (org ? holder === 'org' : holder === account) ? [oracle.document(document.stack, document.document)] : [];
  });
}

/** A target as ECR authorizes it: its own policy (when the app defines it), the registry policy of its registry, and a creation template's policy for what the template creates. */
function repositoryUnderTest(spec: AppSpec, built: BuiltApp, oracle: AccessOracle, target: Target): RepositoryUnderTest {
  const arn = repositoryArn(target.account, target.region, target.name);
  let own: Json | undefined;
  if (!target.createdBy) {
    for (const item of spec.items.filter((i): i is RepoItem => i.kind === 'repo' && (i.type === 'pushable' || i.type === 'plain'))) {
      const repository = oracle.repository(built.objects.get(item.id) as PushableRepository);
      if (repository.arn === arn) own = repository.policy;
    }
  } else {
    own = oracle.policyOf(built.objects.get(target.createdBy) as IConstruct, 'RepositoryPolicy');
  }
  const registry = spec.items.find((i): i is RegistryItem => i.kind === 'registry' && accountOf(i.stack) === target.account && regionOf(i.stack) === target.region);
  const registryPolicy = registry ? registryPolicyOf(oracle, built.objects.get(registry.id) as EcrRegistry) : undefined;
  return registryRepository(arn, registryPolicy, own);
}
