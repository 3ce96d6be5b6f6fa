import { KnownContext } from './conditions';
import { AccessModel } from '../analysis/access-model';
import { parseArn } from '../analysis/arn-pattern';
import { displayValue, isKnown } from '../analysis/cfn-values';
import { constructLabel } from '../analysis/describe';
import { PrincipalType, PrincipalView } from '../analysis/model-views';
import { ECR_RESOURCE_POLICY_KINDS } from '../analysis/policy-view';
import { accountNamedBy, Requester } from '../analysis/principal-match';

// The rows of the report: every role and user of the app, and every principal the app's repository,
// creation template and registry policies name — accounts, roles and sessions outside the app, AWS services, the members of an
// organization (`Principal: "*"` limited by aws:PrincipalOrgID), anyone (`*` otherwise), and
// anyone a `NotPrincipal` does not name.

export enum SubjectKind {
  ROLE = 'role',
  USER = 'user',
  ACCOUNT = 'account',
  PRINCIPAL = 'principal',
  SERVICE = 'service',
  ORGANIZATION = 'organization',
  ANYONE = 'anyone',
}

/** Report order: the app's own principals first, then what the repository policies name. */
const KIND_ORDER = Object.values(SubjectKind);

export interface Subject {
  readonly kind: SubjectKind;
  /** Unique and stable: `role Ci/GitHubActions/Role`, `account 222222222222`, `service lambda.amazonaws.com`. */
  readonly name: string;
  readonly requester: Requester;
  /** The organization the row stands for. */
  readonly organization?: string;
  /** For anyone but some principals (`NotPrincipal`): the principals the row does not stand for. */
  readonly except?: readonly string[];
  /** A role or user of the app: its policies are known. */
  readonly view?: PrincipalView;
  /** What conditions about the requester can be decided with. */
  readonly context: KnownContext;
}

const ORG_KEY = 'aws:principalorgid';

export function subjectsOf(model: AccessModel): Subject[] {
  const subjects = new Map<string, Subject>();
  const add = (subject: Subject) => {
    if (!subjects.has(subject.name)) subjects.set(subject.name, subject);
  };

  // hundreds of principals, thousands of policies, in code run once per synth: indexed loops, as a
  // for-of allocates an iterator and a result per element there
  const appArns = new Set<string>();
  for (let i = 0; i < model.principals.length; i++) {
    const view = model.principals[i];
    if (view.type === PrincipalType.GROUP) continue;
    appArns.add(view.arn);
    add(appSubject(view));
  }

  const excepted = new Set<string>();
  for (let p = 0; p < model.policies.length; p++) {
    const policy = model.policies[p];
    if (!ECR_RESOURCE_POLICY_KINDS.has(policy.kind)) continue;
    for (const statement of policy.statements) {
      // a Deny names whom it keeps out, not whom it lets in
      if (statement.effect !== 'Allow') continue;
      for (const values of statement.notPrincipals?.values() ?? []) values.forEach((v) => excepted.add(v.value));
      for (const [type, values] of statement.principals ?? []) {
        for (const { value } of values) {
          if (value === '*') {
            const orgs = organizationsIn(statement.condition);
            if (orgs.length > 0) orgs.forEach((org) => add(organizationSubject(org)));
            else add(ANYONE);
          } else if (type === 'Service') {
            add(serviceSubject(value));
          } else if (type === 'AWS' && !appArns.has(value)) {
            add(awsSubject(value));
          }
        }
      }
    }
  }
  if (excepted.size > 0) add(anyoneExcept([...excepted].sort()));
  return [...subjects.values()].sort(compareSubjects);
}

function compareSubjects(a: Subject, b: Subject): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name);
}

function appSubject(view: PrincipalView): Subject {
  const kind = view.type === PrincipalType.ROLE ? SubjectKind.ROLE : SubjectKind.USER;
  const known = principalContext(view.arn, view.account);
  return {
    kind,
    name: `${kind} ${constructLabel(view.resource)}`,
    requester: { arn: view.arn, account: view.account },
    view,
    context: (key) => {
      if (key.startsWith('aws:principaltag/')) {
        // tags are known exactly: a key not written is absent
        for (const [tag, value] of view.tags) if (`aws:principaltag/${tag.toLowerCase()}` === key) return value;
        return null;
      }
      return known(key);
    },
  };
}

/** `arn:…:root` and 12-digit ids become an account row; other ARNs a principal row of their own. */
function awsSubject(value: string): Subject {
  const account = accountNamedBy(value);
  if (account !== undefined) {
    return { kind: SubjectKind.ACCOUNT, name: `account ${displayValue(account)}`, requester: { account }, context: principalContext(undefined, account) };
  }
  const arn = parseArn(value);
  // a session's aws:PrincipalArn is its role's ARN, whose path the session ARN does not show
  const isSession = arn?.service === 'sts';
  return {
    kind: SubjectKind.PRINCIPAL,
    name: `principal ${displayValue(value)}`,
    requester: { arn: value, account: arn?.account },
    context: principalContext(isSession ? undefined : value, arn?.account),
  };
}

function serviceSubject(service: string): Subject {
  return {
    kind: SubjectKind.SERVICE,
    name: `service ${displayValue(service)}`,
    requester: { service },
    context: (key) => (key === ORG_KEY || key.startsWith('aws:principaltag/') ? null : undefined),
  };
}

function organizationSubject(organization: string): Subject {
  return {
    kind: SubjectKind.ORGANIZATION,
    name: `organization ${displayValue(organization)}`,
    requester: {},
    organization,
    context: (key) => (key === ORG_KEY ? organization : undefined),
  };
}

const ANYONE: Subject = { kind: SubjectKind.ANYONE, name: 'anyone (*)', requester: {}, context: () => undefined };

/**
 * Anyone the `NotPrincipal` of an Allow does not name (every exception of every such statement
 * together): a requester the app knows nothing about is named by no statement, so `NotPrincipal`
 * matches it, as AWS matches it.
 */
function anyoneExcept(values: readonly string[]): Subject {
  const except = values.map(displayValue);
  return { kind: SubjectKind.ANYONE, name: `anyone except ${except.join(', ')}`, requester: {}, except, context: () => undefined };
}

/** aws:PrincipalArn and aws:PrincipalAccount, where known. */
function principalContext(arn: string | undefined, account: string | undefined): KnownContext {
  return (key) => {
    if (key === 'aws:principalarn') return arn !== undefined && isKnown(arn) ? arn : undefined;
    if (key === 'aws:principalaccount') return account !== undefined && isKnown(account) ? account : undefined;
    return undefined;
  };
}

/** The organization ids a statement's condition pins with `StringEquals`/`StringLike` on aws:PrincipalOrgID. */
function organizationsIn(condition: Record<string, Record<string, unknown>> | undefined): string[] {
  const out: string[] = [];
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!/^String(Equals|Like)(IgnoreCase)?$/.test(operator)) continue;
    for (const [key, raw] of Object.entries(block ?? {})) {
      if (key.toLowerCase() !== ORG_KEY) continue;
      for (const v of Array.isArray(raw) ? raw : [raw]) if (typeof v === 'string') out.push(v);
    }
  }
  return out;
}
