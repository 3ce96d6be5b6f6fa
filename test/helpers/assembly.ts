import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';

// Reads synthesized templates back as concrete policies: every intrinsic a grant can write (Ref,
// Fn::GetAtt, Fn::Join, Fn::ImportValue, pseudo parameters) is resolved to the value AWS would see,
// so the independent IAM evaluator can decide on real ARNs. Test-only.

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export interface StackInfo {
  readonly stack: Stack;
  readonly template: Json;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** Default fake environment for env-agnostic stacks. */
export const DEFAULT_ACCOUNT = '111111111111';
export const DEFAULT_REGION = 'us-east-1';

export class SynthesizedApp {
  public readonly stacks: StackInfo[];

  constructor(app: App) {
    const assembly = app.synth();
    this.stacks = app.node.findAll()
      .filter((c): c is Stack => Stack.isStack(c))
      .map((stack) => {
        const template = assembly.getStackArtifact(stack.artifactId).template;
        const account = concrete(stack.account) ?? DEFAULT_ACCOUNT;
        const region = concrete(stack.region) ?? DEFAULT_REGION;
        return { stack, template, account, region, partition: RegionInfo.get(region).partition ?? 'aws' };
      });
  }

  /** Every resource of a type, with its stack and logical id. */
  public resources(type: string): Array<{ info: StackInfo; logicalId: string; resource: Json }> {
    const out: Array<{ info: StackInfo; logicalId: string; resource: Json }> = [];
    for (const info of this.stacks) {
      for (const [logicalId, resource] of Object.entries<Json>(info.template.Resources ?? {})) {
        if (resource.Type === type) out.push({ info, logicalId, resource });
      }
    }
    return out;
  }

  /** Resolves every intrinsic in `value`, as deployed in `info`'s stack. */
  public resolve(info: StackInfo, value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(info, v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = value[key];
      switch (key) {
        case 'Ref': return this.ref(info, arg);
        case 'Fn::GetAtt': return this.getAtt(info, arg[0], arg[1]);
        case 'Fn::Join': return (this.resolve(info, arg[1]) as string[]).join(arg[0]);
        case 'Fn::Select': return this.resolve(info, arg[1])[Number(this.resolve(info, arg[0]))];
        case 'Fn::Split': return String(this.resolve(info, arg[1])).split(arg[0]);
        case 'Fn::ImportValue': return this.importValue(this.resolve(info, arg));
        case 'Fn::GetStackOutput': return this.stackOutput(this.resolve(info, arg.StackName), this.resolve(info, arg.OutputName));
        case 'Fn::Sub': return String(arg).replace(/\$\{([^}]+)\}/g, (_, name: string) =>
          name.includes('.') ? this.getAtt(info, name.split('.')[0], name.split('.')[1]) : this.ref(info, name));
        default: break;
      }
    }
    const out: Json = {};
    for (const k of keys) out[k] = this.resolve(info, value[k]);
    return out;
  }

  /** The physical name a resource gets: its name property when set, else a name made from its logical id. */
  public physicalName(info: StackInfo, logicalId: string): string {
    const resource = info.template.Resources?.[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId} in ${info.stack.stackName}`);
    const p = resource.Properties ?? {};
    const nameProperty: Record<string, string> = {
      'AWS::ECR::Repository': 'RepositoryName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
      'AWS::IAM::User': 'UserName',
      'AWS::Signer::SigningProfile': 'ProfileName',
    };
    const prop = nameProperty[resource.Type];
    if (prop && p[prop] !== undefined) return this.resolve(info, p[prop]);
    return resource.Type === 'AWS::ECR::Repository' ? logicalId.toLowerCase() : logicalId;
  }

  /** The ARN a resource gets when deployed. */
  public arn(info: StackInfo, logicalId: string): string {
    const resource = info.template.Resources?.[logicalId];
    const name = this.physicalName(info, logicalId);
    const { partition, region, account } = info;
    switch (resource.Type) {
      case 'AWS::ECR::Repository': return `arn:${partition}:ecr:${region}:${account}:repository/${name}`;
      case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role${rolePath(resource)}${name}`;
      case 'AWS::IAM::User': return `arn:${partition}:iam::${account}:user/${name}`;
      case 'AWS::IAM::ManagedPolicy': return `arn:${partition}:iam::${account}:policy/${name}`;
      // the profile ARN (GetAtt Arn), not a version ARN: what ECR's signing rules and IAM name
      case 'AWS::Signer::SigningProfile': return `arn:${partition}:signer:${region}:${account}:/signing-profiles/${name}`;
      case 'AWS::IAM::OIDCProvider':
        return `arn:${partition}:iam::${account}:oidc-provider/${String(this.resolve(info, resource.Properties.Url)).replace(/^https:\/\//, '')}`;
      default:
        if (resource.Properties?.Url !== undefined) {
          return `arn:${partition}:iam::${account}:oidc-provider/${String(this.resolve(info, resource.Properties.Url)).replace(/^https:\/\//, '')}`;
        }
        return `arn:${partition}:unknown:${region}:${account}:${logicalId}`;
    }
  }

  /** Finds the stack that holds a logical id (logical ids are unique per stack; tests name stacks distinctly). */
  public stackOf(stack: Stack): StackInfo {
    const info = this.stacks.find((s) => s.stack === stack);
    if (!info) throw new Error(`stack ${stack.stackName} is not in this app`);
    return info;
  }

  private ref(info: StackInfo, name: string): string {
    switch (name) {
      case 'AWS::AccountId': return info.account;
      case 'AWS::Region': return info.region;
      case 'AWS::Partition': return info.partition;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return info.stack.stackName;
      case 'AWS::NoValue': return undefined as unknown as string;
      default: break;
    }
    const resource = info.template.Resources?.[name];
    if (!resource) {
      const param = info.template.Parameters?.[name];
      if (param) return param.Default;
      throw new Error(`cannot resolve Ref ${name} in ${info.stack.stackName}`);
    }
    if (resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::IAM::OIDCProvider' || resource.Type.startsWith('Custom::')) {
      return this.arn(info, name);
    }
    return this.physicalName(info, name);
  }

  private getAtt(info: StackInfo, logicalId: string, attribute: string): string {
    if (attribute === 'Arn') return this.arn(info, logicalId);
    if (attribute === 'ProfileName') return this.physicalName(info, logicalId);
    if (attribute === 'RoleId') return `AROA${logicalId.toUpperCase()}`;
    if (attribute === 'RepositoryUri') {
      return `${info.account}.dkr.ecr.${info.region}.amazonaws.com/${this.physicalName(info, logicalId)}`;
    }
    throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute}`);
  }

  /** A cross-account or cross-region reference (aws-cdk-lib writes Fn::GetStackOutput for those). */
  private stackOutput(stackName: string, outputName: string): string {
    const info = this.stacks.find((s) => s.stack.stackName === stackName);
    const output = info?.template.Outputs?.[outputName];
    if (!info || !output) throw new Error(`no output ${outputName} in stack ${stackName}`);
    return this.resolve(info, output.Value);
  }

  private importValue(exportName: string): string {
    for (const info of this.stacks) {
      for (const output of Object.values<Json>(info.template.Outputs ?? {})) {
        if (output.Export && this.resolve(info, output.Export.Name) === exportName) return this.resolve(info, output.Value);
      }
    }
    throw new Error(`no export named ${exportName}`);
  }
}

/** Every stack's template by stack name: what the snapshot tests record. */
export function stackTemplates(app: App): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    out[stack.stackName] = Template.fromStack(stack).toJSON();
  }
  return out;
}

function rolePath(resource: Json): string {
  const path = resource.Properties?.Path;
  return typeof path === 'string' ? path : '/';
}

function concrete(value: string): string | undefined {
  return value.startsWith('${') ? undefined : value;
}

/** The construct at a path of the app (tests name constructs by path, as reports and findings do). */
export function findConstruct(app: IConstruct, constructPath: string): IConstruct {
  const found = app.node.findAll().find((c) => c.node.path === constructPath);
  if (!found) throw new Error(`no construct at ${constructPath}`);
  return found;
}
