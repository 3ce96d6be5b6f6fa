import {
  CfnResource, DefaultTokenResolver, IFragmentConcatenator, IPostProcessor, IResolvable, IResolveContext, Reference, Stack, StringConcat,
  Token, Tokenization,
} from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';

// The size IAM and ECR count for a policy: its JSON without whitespace, after CloudFormation has
// replaced every deploy-time value. Those values are not known at synth, so each is counted at the
// longest text it can become (the longest partition, region and URL suffix AWS has, 12-digit
// accounts, the longest name CloudFormation can generate): the result is an upper bound, and a
// policy it accepts deploys.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html

/** AWS's policy size quotas, in characters without whitespace, and IAM's managed-policy attachment quotas. */
export const POLICY_QUOTAS = {
  /** All inline policies of one role together. */
  roleInline: 10_240,
  /** All inline policies of one user together. */
  userInline: 2_048,
  /** All inline policies of one group together. */
  groupInline: 5_120,
  /** One customer managed policy. */
  managedPolicy: 6_144,
  /** Managed policies attached to one role or user, by default (an adjustable quota). */
  managedPoliciesDefault: 10,
  /** Managed policies attached to one role or user, at most. */
  managedPoliciesMax: 20,
  /** One ECR repository policy. */
  repositoryPolicy: 10_240,
} as const;

/** A value whose shape is unknown (an import, a reference to a resource type not listed below). */
const UNKNOWN_VALUE_LENGTH = 320;
const ACCOUNT_LENGTH = 12;
const STACK_NAME_LENGTH = 128;
/** CloudFormation-generated names: IAM roles and users at most 64 characters, managed policies 128, repositories 256. */
const GENERATED_NAME_LENGTH: Record<string, number> = {
  'AWS::IAM::Role': 64,
  'AWS::IAM::User': 64,
  'AWS::IAM::ManagedPolicy': 128,
  'AWS::ECR::Repository': 256,
};

/** The longest partition, region name and URL suffix AWS has: computed on first use, as loading RegionInfo costs every import of the library ~100 ms. */
let longestCache: { partition: number; region: number; urlSuffix: number } | undefined;
function longestOf(): { partition: number; region: number; urlSuffix: number } {
  if (!longestCache) {
    const regions = RegionInfo.regions;
    const longest = (values: Array<string | undefined>) => values.reduce((n: number, v) => Math.max(n, v?.length ?? 0), 0);
    longestCache = {
      partition: longest(regions.map((r) => r.partition)),
      region: longest(regions.map((r) => r.name)),
      urlSuffix: longest(regions.map((r) => r.domainSuffix)),
    };
  }
  return longestCache;
}

/**
 * Measures policies of one stack as AWS will count them, deploy-time values at their longest.
 * Resource names and ARNs are remembered, so measuring many statements that name the same
 * repositories stays linear.
 */
export class PolicySizer {
  /** The sizer for a stack (shared, so its memory of measured strings is too). */
  public static of(stack: Stack): PolicySizer {
    let sizer = PolicySizer.sizers.get(stack);
    if (!sizer) {
      sizer = new PolicySizer(stack);
      PolicySizer.sizers.set(stack, sizer);
    }
    return sizer;
  }

  private static readonly sizers = new WeakMap<Stack, PolicySizer>();

  private readonly resolver: LongestValueResolver;
  private readonly stringLengths = new Map<string, number>();

  private constructor(private readonly stack: Stack) {
    this.resolver = new LongestValueResolver(this);
  }

  /** The characters AWS counts for a value of a policy (a document, a statement, an ARN). */
  public size(value: unknown): number {
    if (typeof value === 'string') return this.stringSize(value);
    return this.jsonLength(this.resolve(value));
  }

  /** The size of a string as a JSON value (with its quotes), remembered: policies repeat ARNs. */
  public stringSize(value: string): number {
    let size = this.stringLengths.get(value);
    if (size === undefined) {
      size = Token.isUnresolved(value)
        ? this.jsonLength(this.resolve(value))
        : JSON.stringify(value).length;
      this.stringLengths.set(value, size);
    }
    return size;
  }

  /** The longest text a reference to a resource attribute or a pseudo parameter can become. */
  public referenceLength(reference: Reference): number | undefined {
    const name = reference.displayName;
    if (name.startsWith('AWS::')) return this.pseudoLength(name);
    const target = reference.target;
    if (!CfnResource.isCfnResource(target)) return undefined;
    return this.attributeLength(target, name);
  }

  private jsonLength(value: unknown): number {
    if (typeof value === 'string') return JSON.stringify(value).length;
    if (value === null || value === undefined) return 4;
    if (typeof value !== 'object') return String(value).length;
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + this.jsonLength(v), 2 + Math.max(0, value.length - 1));
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 1 && isIntrinsic(entries[0][0])) return 2 + this.textLength(value);
    return entries.reduce((n, [k, v]) => n + JSON.stringify(k).length + 1 + this.jsonLength(v), 2 + Math.max(0, entries.length - 1));
  }

  /** The longest text an intrinsic (or a literal part of one) can become, without quotes. */
  private textLength(value: unknown): number {
    if (typeof value === 'string') return JSON.stringify(value).length - 2;
    if (value === null || typeof value !== 'object') return String(value).length;
    const [key, arg] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    switch (key) {
      case 'Ref': return typeof arg === 'string' && arg.startsWith('AWS::') ? this.pseudoLength(arg) : UNKNOWN_VALUE_LENGTH;
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        if (!Array.isArray(parts)) return UNKNOWN_VALUE_LENGTH;
        return parts.reduce((n: number, p) => n + this.textLength(p), separator.length * Math.max(0, parts.length - 1));
      }
      case 'Fn::Sub': {
        const template = Array.isArray(arg) ? String(arg[0]) : String(arg);
        return template.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => 'x'.repeat(name.startsWith('AWS::') ? this.pseudoLength(name) : UNKNOWN_VALUE_LENGTH)).length;
      }
      default: return UNKNOWN_VALUE_LENGTH;
    }
  }

  private pseudoLength(name: string): number {
    const region = concrete(this.stack.region);
    switch (name) {
      case 'AWS::AccountId': return ACCOUNT_LENGTH;
      case 'AWS::Region': return region?.length ?? longestOf().region;
      case 'AWS::Partition': return region ? (RegionInfo.get(region).partition ?? 'aws').length : longestOf().partition;
      case 'AWS::URLSuffix': return region ? (RegionInfo.get(region).domainSuffix ?? 'amazonaws.com').length : longestOf().urlSuffix;
      case 'AWS::StackName': return STACK_NAME_LENGTH;
      case 'AWS::NoValue': return 0;
      default: return UNKNOWN_VALUE_LENGTH;
    }
  }

  /** Names and ARNs of the resources grants name: repositories, roles, users, managed policies. */
  private attributeLength(resource: CfnResource, attribute: string): number | undefined {
    const type = resource.cfnResourceType;
    const stack = Stack.of(resource);
    const sizer = stack === this.stack ? this : PolicySizer.of(stack);
    const props = resource as unknown as Record<string, unknown>;
    const nameOf = (property: string) => sizer.literalLength(props[property], GENERATED_NAME_LENGTH[type] ?? UNKNOWN_VALUE_LENGTH);
    const partition = sizer.pseudoLength('AWS::Partition');
    const region = concrete(stack.region)?.length ?? longestOf().region;
    const account = ACCOUNT_LENGTH;
    const iamPath = (property: string) => sizer.literalLength(props[property], 512, '/');
    switch (`${type}.${attribute}`) {
      case 'AWS::ECR::Repository.Ref': return nameOf('repositoryName');
      case 'AWS::ECR::Repository.Arn': return 'arn::ecr:::repository/'.length + partition + region + account + nameOf('repositoryName');
      case 'AWS::IAM::Role.Ref': return nameOf('roleName');
      case 'AWS::IAM::Role.Arn': return 'arn::iam:::role'.length + partition + account + iamPath('path') + nameOf('roleName');
      case 'AWS::IAM::User.Ref': return nameOf('userName');
      case 'AWS::IAM::User.Arn': return 'arn::iam:::user'.length + partition + account + iamPath('path') + nameOf('userName');
      case 'AWS::IAM::ManagedPolicy.Ref':
      case 'AWS::IAM::ManagedPolicy.PolicyArn':
        return 'arn::iam:::policy'.length + partition + account + iamPath('path') + nameOf('managedPolicyName');
      default: return undefined;
    }
  }

  /** The length of a name property: the literal when it is one, else the longest it can be. */
  private literalLength(value: unknown, whenUnknown: number, whenAbsent?: string): number {
    const resolved = Token.isUnresolved(value) ? this.resolve(value) : value;
    if (resolved === undefined || resolved === null) return whenAbsent?.length ?? whenUnknown;
    if (typeof resolved === 'string') return JSON.stringify(resolved).length - 2;
    if (typeof resolved === 'object' && !Array.isArray(resolved)) return this.textLength(resolved);
    return whenUnknown;
  }

  /**
   * The value resolved with each reference replaced by text of its own (the same for the same
   * reference): comparable, and cheaper than `stack.resolve`, which works out logical ids.
   */
  public resolve(value: unknown): unknown {
    return Tokenization.resolve(value, { scope: this.stack, resolver: this.resolver, preparing: false });
  }
}

/**
 * Resolves like `stack.resolve`, except that references become text of their longest length. Each
 * reference gets text of its own, so statements that differ only in what they reference stay
 * different (aws-cdk-lib drops a statement equal to another one).
 */
class LongestValueResolver extends DefaultTokenResolver {
  /** By target and attribute: aws-cdk-lib makes several reference objects for one attribute (a role's name). */
  private readonly placeholders = new Map<IConstruct, Map<string, string>>();
  private count = 0;

  constructor(private readonly sizer: PolicySizer) {
    super(new JoiningConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    if (!Reference.isReference(t)) return super.resolveToken(t, context, postProcessor);
    let byName = this.placeholders.get(t.target);
    let placeholder = byName?.get(t.displayName);
    if (placeholder === undefined) {
      const length = this.sizer.referenceLength(t);
      if (length === undefined) return super.resolveToken(t, context, postProcessor);
      const id = `#${(this.count++).toString(36)}#`;
      placeholder = length >= id.length ? id + '-'.repeat(length - id.length) : id;
      if (!byName) {
        byName = new Map();
        this.placeholders.set(t.target, byName);
      }
      byName.set(t.displayName, placeholder);
    }
    return placeholder;
  }
}

/** Joins resolved fragments: strings into one string, anything else into an `Fn::Join` the sizer reads. */
class JoiningConcat implements IFragmentConcatenator {
  private readonly strings = new StringConcat();

  public join(left: unknown, right: unknown): unknown {
    if (left === undefined) return right;
    if (right === undefined) return left;
    if (typeof left === 'string' && typeof right === 'string') return this.strings.join(left, right);
    return { 'Fn::Join': ['', [left, right]] };
  }
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function concrete(value: string): string | undefined {
  return Token.isUnresolved(value) ? undefined : value;
}
