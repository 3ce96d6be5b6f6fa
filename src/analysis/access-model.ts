import { IntrinsicResolver } from './intrinsics';
import { awsManagedEcrStatements, awsManagedPolicyName } from './managed-policies';
import { CreationTemplateView, LambdaImageView, ListedType, PrincipalType, PrincipalView, RegistryPolicyView, RepositoryView, TypedResource } from './model-views';
import { constructPathOf, PolicyKind, PolicyView, readPolicy, ResourceRef, resourceRef } from './policy-view';
import { StackTemplate, TemplateSet, UnreadableResource } from './template-set';
import { namespaceOf, ROOT_PREFIX, templateNamePattern } from '../registry/registry-input';

// The app's access as the checks and the report see it: every policy document, the roles, users and groups they
// are attached to, and the ECR repositories with their repository policies, linked across stacks.

/* eslint-disable @typescript-eslint/no-explicit-any */

const PRINCIPAL_TYPES: Record<string, PrincipalType> = {
  'AWS::IAM::Role': PrincipalType.ROLE,
  'AWS::IAM::User': PrincipalType.USER,
  'AWS::IAM::Group': PrincipalType.GROUP,
};

const LISTED_TYPES: readonly ListedType[] = ['AWS::ECR::SigningConfiguration', 'AWS::ECS::TaskDefinition', 'AWS::CodeBuild::Project'];

/** The other resource types the model reads (roles, users and groups aside). */
const READ_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::ECR::Repository',
  'AWS::ECR::RegistryPolicy',
  'AWS::ECR::RepositoryCreationTemplate',
  'AWS::Lambda::Function',
]);

// most roles have no tags: one empty map for all of them
const NO_TAGS: ReadonlyMap<string, string> = new Map();

const INLINE = (p: PrincipalView) => p.inline;
const MANAGED = (p: PrincipalView) => p.managed;

const ATTACHMENT_PROPERTIES: ReadonlyArray<[string, PrincipalType]> = [
  ['Roles', PrincipalType.ROLE],
  ['Users', PrincipalType.USER],
  ['Groups', PrincipalType.GROUP],
];

export class AccessModel {
  public readonly resolver: IntrinsicResolver;
  public readonly policies: PolicyView[] = [];
  public readonly principals: PrincipalView[] = [];
  public readonly repositories: RepositoryView[] = [];
  public readonly creationTemplates: CreationTemplateView[] = [];
  public readonly registryPolicies: RegistryPolicyView[] = [];
  public readonly lambdaImages: LambdaImageView[] = [];
  /** Resources the model could not read (reported as not checked), besides those the template reading could not. */
  public readonly unreadable: UnreadableResource[] = [];
  // by physical name alone, account and type compared on lookup: no key string per name looked up
  private readonly principalsByName = new Map<string, PrincipalView[]>();
  private readonly managedByArn = new Map<string, PolicyView>();
  private readonly repositoryByArnText = new Map<string, RepositoryView>();
  private readonly attachedTo = new Map<PolicyView, PrincipalView[]>();
  private readonly identityPolicyCache = new Map<PrincipalView, PolicyView[]>();
  private members?: Map<PrincipalView, PrincipalView[]>;
  private readonly byType = new Map<unknown, TypedResource[]>(LISTED_TYPES.map((type) => [type, []]));

  constructor(public readonly templates: TemplateSet) {
    this.resolver = new IntrinsicResolver(templates);
    this.unreadable.push(...templates.unreadable);
    const attachments: Array<[StackTemplate, string, () => void]> = [];
    for (const stack of templates.stacks) {
      // the keys once per stack, not an [id, resource] pair and a closure per resource: an app has thousands
      const resources = stack.template.Resources ?? {};
      for (const logicalId of Object.keys(resources)) {
        const resource = resources[logicalId];
        if (!resource || typeof resource !== 'object') continue;
        const listed = this.byType.get(resource.Type);
        if (listed !== undefined) listed.push({ stack, logicalId, resource });
        try {
          const attach = this.read(stack, logicalId, resource);
          if (attach !== undefined) attachments.push([stack, logicalId, attach]);
        } catch (e) {
          this.notRead(stack, logicalId, e);
        }
      }
    }
    // policies name their principals, principals name managed policies and groups: link once all are read
    for (const [stack, logicalId, attach] of attachments) this.guard(stack, logicalId, attach);
  }

  /**
   * The resources of the app of a type analyses look up besides the model's own (signing
   * configurations, ECS task definitions, CodeBuild projects), in template order: found while the
   * model reads the templates, so no analysis walks every resource of the app again.
   */
  public resourcesOfType(type: ListedType): readonly TypedResource[] {
    return this.byType.get(type) ?? [];
  }

  /** The repository of this app with exactly this ARN (as resolved), if any. */
  public repositoryByArn(arn: string): RepositoryView | undefined {
    return this.repositoryByArnText.get(arn);
  }

  /**
   * Every identity policy that applies to the principal: its own, its managed ones, its groups'
   * (AWS managed policies are in {@link effectivePolicies}).
   */
  public identityPolicies(principal: PrincipalView): PolicyView[] {
    let policies = this.identityPolicyCache.get(principal);
    if (!policies) {
      policies = [...principal.inline, ...principal.managed];
      // its own inline and managed policies are distinct (each attached once): only a group's can repeat one
      if (principal.groups.length > 0) {
        for (const group of principal.groups) policies.push(...group.inline, ...group.managed);
        policies = [...new Set(policies)];
      }
      this.identityPolicyCache.set(principal, policies);
    }
    return policies;
  }

  /** {@link identityPolicies} and the ECR statements of the AWS managed policies attached to the principal or its groups. */
  public effectivePolicies(principal: PrincipalView): PolicyView[] {
    return [...this.identityPolicies(principal), ...principal.awsManaged, ...principal.groups.flatMap((g) => g.awsManaged)];
  }

  /** The users of the app in a group. */
  public membersOf(group: PrincipalView): readonly PrincipalView[] {
    if (!this.members) {
      this.members = new Map();
      // indexed: once per model over every principal, most with no group, where for…of allocates per step
      for (let i = 0; i < this.principals.length; i++) {
        const groups = this.principals[i].groups;
        for (let j = 0; j < groups.length; j++) this.members.set(groups[j], [...this.members.get(groups[j]) ?? [], this.principals[i]]);
      }
    }
    return this.members.get(group) ?? [];
  }

  /** The principals of the app a policy applies to (directly, or to a user through a group). */
  public principalsOf(policy: PolicyView): readonly PrincipalView[] {
    const direct = this.attachedTo.get(policy) ?? [];
    if (!direct.some((p) => p.type === PrincipalType.GROUP)) return direct;
    return [...new Set([...direct, ...direct.flatMap((p) => this.membersOf(p))])];
  }

  /** The account a stack deploys to, as policy text (a placeholder when environment-agnostic). */
  public accountOf(stack: StackTemplate): string {
    return this.resolver.env(stack).account;
  }

  private guard(stack: StackTemplate, logicalId: string, read: () => void): void {
    try {
      read();
    } catch (e) {
      this.notRead(stack, logicalId, e);
    }
  }

  private notRead(stack: StackTemplate, logicalId: string, e: unknown): void {
    const error = e instanceof Error ? e.message : String(e);
    this.unreadable.push({ stackId: stack.id, logicalId, constructPath: constructPathOf(stack, logicalId), error });
  }

  /**
   * Reads one resource of the app; what links it to others once all are read comes back. Most
   * resources of an app are of no type read here, and cost no allocation.
   */
  private read(stack: StackTemplate, logicalId: string, resource: any): (() => void) | undefined {
    const type = String(resource.Type);
    const principalType = PRINCIPAL_TYPES[type];
    if (principalType) return this.readPrincipal(resourceRef(stack, logicalId, type), principalType, resource);
    if (!READ_TYPES.has(type)) return undefined;
    const ref = resourceRef(stack, logicalId, type);
    const props = (name: string) => this.resolver.resolve(stack, resource.Properties?.[name]);

    switch (type) {
      case 'AWS::IAM::Policy': {
        const policy = this.addPolicy(PolicyKind.INLINE, ref, 'Properties/PolicyDocument', props('PolicyDocument'));
        return () => this.attachByName(stack, policy, INLINE, props);
      }
      case 'AWS::IAM::ManagedPolicy': {
        const policy = this.addPolicy(PolicyKind.MANAGED, ref, 'Properties/PolicyDocument', props('PolicyDocument'));
        this.managedByArn.set(this.resolver.arnOf(stack, logicalId), policy);
        return () => this.attachByName(stack, policy, MANAGED, props);
      }
      case 'AWS::ECR::Repository': {
        const text = resource.Properties?.RepositoryPolicyText;
        const policy = text === undefined ? undefined : this.addPolicy(PolicyKind.REPOSITORY, ref, 'Properties/RepositoryPolicyText', props('RepositoryPolicyText'));
        const repository: RepositoryView = { resource: ref, arn: this.resolver.arnOf(stack, logicalId), account: this.accountOf(stack), policy };
        this.repositories.push(repository);
        this.repositoryByArnText.set(repository.arn, repository);
        return undefined;
      }
      case 'AWS::ECR::RegistryPolicy': {
        const policy = this.addPolicy(PolicyKind.REGISTRY, ref, 'Properties/PolicyText', props('PolicyText'));
        const { account, region } = this.resolver.env(stack);
        this.registryPolicies.push({ policy, account, region });
        return undefined;
      }
      case 'AWS::ECR::RepositoryCreationTemplate': {
        const appliedFor = props('AppliedFor');
        const { account, region, partition } = this.resolver.env(stack);
        const text = resource.Properties?.RepositoryPolicy;
        const prefix = String(props('Prefix'));
        const root = prefix === ROOT_PREFIX;
        this.creationTemplates.push({
          resource: ref,
          prefix,
          root,
          namespace: root ? '' : namespaceOf(prefix),
          namePattern: templateNamePattern(prefix),
          appliedFor: Array.isArray(appliedFor) && appliedFor.every((a) => typeof a === 'string') ? appliedFor : undefined,
          account,
          region,
          partition,
          policy: text === undefined ? undefined : this.addPolicy(PolicyKind.CREATION_TEMPLATE, ref, 'Properties/RepositoryPolicy', props('RepositoryPolicy')),
        });
        return undefined;
      }
      case 'AWS::Lambda::Function': {
        const imageUri = props('Code')?.ImageUri;
        if (typeof imageUri !== 'string') return undefined;
        const { account, region, partition } = this.resolver.env(stack);
        this.lambdaImages.push({ resource: ref, imageUri, functionArn: this.resolver.arnOf(stack, logicalId), account, region, partition });
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private readPrincipal(ref: ResourceRef, type: PrincipalType, resource: any): () => void {
    const stack = ref.stack;
    const principal: PrincipalView = {
      resource: ref,
      type,
      arn: this.resolver.arnOf(stack, ref.logicalId),
      account: this.accountOf(stack),
      inline: [],
      managed: [],
      externalManagedPolicies: [],
      awsManaged: [],
      unknownManagedPolicies: [],
      groups: [],
      trust: type === PrincipalType.ROLE && resource.Properties?.AssumeRolePolicyDocument !== undefined
        ? this.addPolicy(PolicyKind.TRUST, ref, 'Properties/AssumeRolePolicyDocument', this.resolver.resolve(stack, resource.Properties.AssumeRolePolicyDocument))
        : undefined,
      tags: this.tagsOf(stack, resource.Properties?.Tags),
    };
    this.principals.push(principal);
    const physicalName = this.resolver.nameOf(stack, ref.logicalId);
    const named = this.principalsByName.get(physicalName);
    if (named) named.push(principal);
    else this.principalsByName.set(physicalName, [principal]);

    const inline = this.resolver.resolve(stack, resource.Properties?.Policies);
    if (Array.isArray(inline)) {
      inline.forEach((p: any, i: number) => {
        const policy = this.addPolicy(PolicyKind.INLINE, ref, `Properties/Policies/${i}/PolicyDocument`, p?.PolicyDocument);
        principal.inline.push(policy);
        this.attachedTo.set(policy, [principal]);
      });
    } else if (inline !== undefined) {
      this.unreadable.push({ stackId: stack.id, logicalId: ref.logicalId, constructPath: ref.path, error: 'its inline policies are known only at deploy time' });
    }
    const managedArns = this.resolver.resolve(stack, resource.Properties?.ManagedPolicyArns);
    const groups = this.resolver.resolve(stack, resource.Properties?.Groups);
    const boundary = this.resolver.resolve(stack, resource.Properties?.PermissionsBoundary);
    return () => {
      if (typeof boundary === 'string') {
        const policy = this.managedByArn.get(boundary);
        if (policy) (principal as { permissionsBoundary?: PolicyView }).permissionsBoundary = policy;
        else (principal as { externalPermissionsBoundary?: string }).externalPermissionsBoundary = boundary;
      }
      const arns = Array.isArray(managedArns) ? managedArns : managedArns === undefined ? [] : [managedArns];
      arns.forEach((arn, i) => {
        const policy = typeof arn === 'string' ? this.managedByArn.get(arn) : undefined;
        if (policy) {
          this.attach(policy, principal, MANAGED);
          return;
        }
        principal.externalManagedPolicies.push(String(arn));
        const name = typeof arn === 'string' ? awsManagedPolicyName(arn) : undefined;
        const statements = name === undefined ? undefined : awsManagedEcrStatements(name);
        if (statements === undefined) {
          principal.unknownManagedPolicies.push(String(arn));
        } else if (statements.length > 0) {
          // not in `policies`: rules judge what the principal may do with it, never the policy AWS wrote
          const awsManaged = readPolicy(PolicyKind.AWS_MANAGED, ref, `Properties/ManagedPolicyArns/${i}`, { Statement: statements });
          (awsManaged as { name?: string }).name = name;
          principal.awsManaged.push(awsManaged);
        }
      });
      for (const name of Array.isArray(groups) ? groups : []) {
        const group = this.principalNamed(principal.account, PrincipalType.GROUP, String(name));
        if (group) principal.groups.push(group);
      }
    };
  }

  /** Tags with a known key and value; a tag known only at deploy time cannot decide a condition. */
  private tagsOf(stack: StackTemplate, raw: unknown): ReadonlyMap<string, string> {
    if (raw === undefined) return NO_TAGS;
    const tags = new Map<string, string>();
    const list = this.resolver.resolve(stack, raw);
    for (const tag of Array.isArray(list) ? list : []) {
      if (typeof tag?.Key === 'string' && typeof tag?.Value === 'string') tags.set(tag.Key, tag.Value);
    }
    return tags;
  }

  private attachByName(stack: StackTemplate, policy: PolicyView, list: (p: PrincipalView) => PolicyView[], props: (name: string) => any): void {
    const account = this.accountOf(stack);
    // indexed, and nothing made for a property the policy does not have (most name roles only)
    for (let i = 0; i < ATTACHMENT_PROPERTIES.length; i++) {
      const names = props(ATTACHMENT_PROPERTIES[i][0]);
      if (!Array.isArray(names)) continue;
      for (let j = 0; j < names.length; j++) {
        const principal = this.principalNamed(account, ATTACHMENT_PROPERTIES[i][1], String(names[j]));
        if (principal) this.attach(policy, principal, list);
      }
    }
  }

  private attach(policy: PolicyView, principal: PrincipalView, list: (p: PrincipalView) => PolicyView[]): void {
    if (!list(principal).includes(policy)) list(principal).push(policy);
    const attached = this.attachedTo.get(policy);
    if (attached === undefined) this.attachedTo.set(policy, [principal]);
    else if (!attached.includes(principal)) attached.push(principal);
  }

  private addPolicy(kind: PolicyKind, ref: ResourceRef, location: string, document: unknown): PolicyView {
    const policy = readPolicy(kind, ref, location, document);
    this.policies.push(policy);
    return policy;
  }

  /** The role, user or group of the app with this name in this account; the last one read, as CloudFormation names are unique. */
  private principalNamed(account: string, type: PrincipalType, name: string): PrincipalView | undefined {
    const named = this.principalsByName.get(name);
    if (named === undefined) return undefined;
    for (let i = named.length - 1; i >= 0; i--) {
      if (named[i].account === account && named[i].type === type) return named[i];
    }
    return undefined;
  }
}
