import { deployTimeValue, isKnown } from './cfn-values';
import { partitionOf } from './partitions';
import { StackTemplate, TemplateSet } from './template-set';

// Turns CloudFormation intrinsics into the values AWS will see, as far as they are known at synth:
// pseudo parameters from the stack's environment, names and ARNs of resources in the app, exports
// across stacks. Anything else becomes a deploy-time placeholder instead of an error.

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Physical-name property and ARN shape of the resource types a policy refers to. */
const NAMED_TYPES: Record<string, { nameProperty: string; arn?: (env: Env, name: string, path: string) => string }> = {
  'AWS::ECR::Repository': { nameProperty: 'RepositoryName', arn: (e, n) => `arn:${e.partition}:ecr:${e.region}:${e.account}:repository/${n}` },
  'AWS::IAM::Role': { nameProperty: 'RoleName', arn: (e, n, p) => `arn:${e.partition}:iam::${e.account}:role${p}${n}` },
  'AWS::IAM::User': { nameProperty: 'UserName', arn: (e, n, p) => `arn:${e.partition}:iam::${e.account}:user${p}${n}` },
  'AWS::IAM::Group': { nameProperty: 'GroupName', arn: (e, n, p) => `arn:${e.partition}:iam::${e.account}:group${p}${n}` },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', arn: (e, n, p) => `arn:${e.partition}:iam::${e.account}:policy${p}${n}` },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', arn: (e, n) => `arn:${e.partition}:lambda:${e.region}:${e.account}:function:${n}` },
};

/** A stack's environment as policy text: concrete where known, placeholders otherwise. */
export interface Env {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

const MAX_DEPTH = 20;

export class IntrinsicResolver {
  private readonly exports = new Map<string, { stack: StackTemplate; value: unknown }>();
  private readonly envs = new Map<StackTemplate, Env>();
  // by stack, then logical id: policies name the same few repositories and roles thousands of times
  private readonly names = new Map<StackTemplate, Map<string, string>>();
  private readonly arns = new Map<StackTemplate, Map<string, string>>();
  /** How many names are being resolved: an ARN built meanwhile may hold a name not final yet. */
  private namesResolving = 0;

  constructor(set: TemplateSet) {
    for (const stack of set.stacks) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        const name = output?.Export?.Name;
        if (typeof name === 'string') this.exports.set(name, { stack, value: output.Value });
      }
    }
  }

  /** The stack's environment; environment-agnostic stacks share placeholders (they deploy to one account). */
  public env(stack: StackTemplate): Env {
    let env = this.envs.get(stack);
    if (!env) {
      const info = stack.region ? partitionOf(stack.region) : undefined;
      const partition = stack.partition ?? info?.partition;
      env = {
        account: stack.account ?? deployTimeValue('AWS::AccountId'),
        region: stack.region ?? deployTimeValue('AWS::Region'),
        partition: partition ?? deployTimeValue('AWS::Partition'),
        urlSuffix: info?.urlSuffix ?? deployTimeValue('AWS::URLSuffix'),
      };
      this.envs.set(stack, env);
    }
    return env;
  }

  /** Resolves every intrinsic in a value; strings may come back with deploy-time placeholders. */
  public resolve(stack: StackTemplate, value: unknown, depth = 0): any {
    if (depth > MAX_DEPTH) return deployTimeValue('…');
    // A value with no intrinsic in it comes back as it is, not copied: most of a policy document is
    // plain text, and copying every document of a large app was much of the reading's garbage.
    // The templates are only read, never changed, so sharing their parts is safe. A string, number
    // or boolean in a list or object is itself (unless too deep) without a call: most of a document
    // is such text, and a call for each value was most of the walk over every document of the app.
    const leafIsItself = depth < MAX_DEPTH;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const v = leafIsItself && (item === null || typeof item !== 'object') ? item : this.resolve(stack, item, depth + 1);
        if (out === undefined && (v !== item || v === undefined)) out = value.slice(0, i);
        if (out !== undefined && v !== undefined) out.push(v);
      }
      return out ?? value;
    }
    if (value === null || typeof value !== 'object') return value;
    // for…in, not Object.keys: no key array for every object of every document. Templates are JSON
    // data, plain objects with no inherited keys, so both see the same keys in the same order.
    const fn = onlyKey(value);
    if (fn !== undefined && (fn === 'Ref' || fn.startsWith('Fn::'))) {
      return this.intrinsic(stack, fn, (value as any)[fn], depth + 1);
    }
    let out: Record<string, unknown> | undefined;
    for (const key in value) {
      const original = (value as any)[key];
      const v = leafIsItself && (original === null || typeof original !== 'object') ? original : this.resolve(stack, original, depth + 1);
      if (out === undefined && (v !== original || v === undefined)) {
        out = {};
        for (const before in value) {
          if (before === key) break;
          out[before] = (value as any)[before];
        }
      }
      if (out !== undefined && v !== undefined) out[key] = v;
    }
    return out ?? value;
  }

  /** The ARN a resource of the stack gets, or a placeholder when its type has no known ARN shape. */
  public arnOf(stack: StackTemplate, logicalId: string): string {
    const arns = byStack(this.arns, stack);
    let arn = arns.get(logicalId);
    if (arn === undefined) {
      arn = this.buildArn(stack, logicalId);
      if (this.namesResolving === 0) arns.set(logicalId, arn);
    }
    return arn;
  }

  private buildArn(stack: StackTemplate, logicalId: string): string {
    const resource = stack.template.Resources?.[logicalId];
    const shape = resource ? NAMED_TYPES[resource.Type] : undefined;
    if (resource?.Type === 'AWS::IAM::OIDCProvider') {
      const url = this.resolve(stack, resource.Properties?.Url);
      if (typeof url === 'string') return `arn:${this.env(stack).partition}:iam::${this.env(stack).account}:oidc-provider/${url.replace(/^https:\/\//, '')}`;
    }
    if (!shape?.arn) return deployTimeValue(`${logicalId}.Arn`, stack.id);
    const path = typeof resource.Properties?.Path === 'string' ? resource.Properties.Path : '/';
    return shape.arn(this.env(stack), this.nameOf(stack, logicalId), path);
  }

  /** The physical name of a resource: its name property, or a placeholder for a generated name. */
  public nameOf(stack: StackTemplate, logicalId: string): string {
    const names = byStack(this.names, stack);
    let name = names.get(logicalId);
    if (name === undefined) {
      const generated = deployTimeValue(logicalId, stack.id);
      // set first: a name that refers to itself (through its own ARN) stays a placeholder
      names.set(logicalId, generated);
      const resource = stack.template.Resources?.[logicalId];
      const property = resource ? NAMED_TYPES[resource.Type]?.nameProperty : undefined;
      this.namesResolving++;
      try {
        const value = property ? this.resolve(stack, resource.Properties?.[property]) : undefined;
        name = typeof value === 'string' ? value : generated;
      } finally {
        this.namesResolving--;
      }
      names.set(logicalId, name);
    }
    return name;
  }

  private intrinsic(stack: StackTemplate, fn: string, arg: any, depth: number): any {
    switch (fn) {
      case 'Ref': return this.ref(stack, String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        if (attribute === 'Arn' && stack.template.Resources?.[logicalId]) return this.arnOf(stack, logicalId);
        return deployTimeValue(`${logicalId}.${attribute}`, stack.id);
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) break;
        const parts = this.resolve(stack, arg[1], depth);
        if (!Array.isArray(parts) || parts.some((p) => typeof p !== 'string')) break;
        return parts.join(String(arg[0]));
      }
      case 'Fn::Sub': return this.sub(stack, arg, depth);
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) break;
        const index = Number(this.resolve(stack, arg[0], depth));
        const list = this.resolve(stack, arg[1], depth);
        if (Array.isArray(list) && Number.isInteger(index) && index >= 0 && index < list.length) return list[index];
        break;
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) break;
        const text = this.resolve(stack, arg[1], depth);
        if (typeof text === 'string' && isKnown(text)) return text.split(String(arg[0]));
        break;
      }
      case 'Fn::ImportValue': {
        const name = this.resolve(stack, arg, depth);
        const exported = typeof name === 'string' ? this.exports.get(name) : undefined;
        if (exported) return this.resolve(exported.stack, exported.value, depth);
        return deployTimeValue(`Import:${typeof name === 'string' ? name : '?'}`);
      }
      default: break;
    }
    return deployTimeValue(fn);
  }

  private ref(stack: StackTemplate, name: string): string | undefined {
    const env = this.env(stack);
    switch (name) {
      case 'AWS::AccountId': return env.account;
      case 'AWS::Region': return env.region;
      case 'AWS::Partition': return env.partition;
      case 'AWS::URLSuffix': return env.urlSuffix;
      case 'AWS::NoValue': return undefined;
      default: break;
    }
    const resource = stack.template.Resources?.[name];
    if (resource?.Type === 'AWS::IAM::ManagedPolicy' || resource?.Type === 'AWS::IAM::OIDCProvider') return this.arnOf(stack, name);
    if (resource && NAMED_TYPES[resource.Type]) return this.nameOf(stack, name);
    return deployTimeValue(name, stack.id);
  }

  private sub(stack: StackTemplate, arg: any, depth: number): string {
    const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof text !== 'string') return deployTimeValue('Fn::Sub');
    return text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return '${' + name.slice(1) + '}';
      if (variables && name in variables) {
        const v = this.resolve(stack, variables[name], depth);
        return typeof v === 'string' ? v : deployTimeValue(name);
      }
      const value = name.includes('.') && !name.startsWith('AWS::')
        ? this.intrinsic(stack, 'Fn::GetAtt', name.split('.'), depth)
        : this.ref(stack, name);
      return typeof value === 'string' ? value : whole;
    });
  }
}

/** The object's key when it has exactly one. */
function onlyKey(value: object): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

function byStack<T>(maps: Map<StackTemplate, Map<string, T>>, stack: StackTemplate): Map<string, T> {
  let map = maps.get(stack);
  if (!map) {
    map = new Map();
    maps.set(stack, map);
  }
  return map;
}
