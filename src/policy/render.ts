import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';

/**
 * Renders a policy document as the JSON a user can paste into the other account. Values known only
 * at deploy time are written in CloudFormation `${...}` style (`${AWS::AccountId}`, `${Repo.Arn}`)
 * so the reader sees exactly which value goes where; the partition is written out when the stack's
 * region is known.
 */
export function renderPolicyJson(scope: IConstruct, document: iam.PolicyDocument): string {
  const stack = Stack.of(scope);
  const resolved = stack.resolve(document.toJSON());
  const partition = knownPartition(stack);
  return JSON.stringify(simplify(resolved, partition), undefined, 2);
}

/** The stack's partition (`aws`, `aws-cn`, …) when its region is known at synth. */
export function knownPartition(stack: Stack): string | undefined {
  const region = stack.region;
  if (!region || region.startsWith('${')) return undefined;
  return RegionInfo.get(region).partition;
}

function simplify(value: unknown, partition: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => simplify(v, partition));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && isIntrinsic(keys[0])) return intrinsicToText(obj, partition);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = simplify(obj[k], partition);
    return out;
  }
  return value;
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function intrinsicToText(obj: Record<string, unknown>, partition: string | undefined): string {
  if ('Ref' in obj) {
    const ref = String(obj.Ref);
    if (ref === 'AWS::Partition' && partition) return partition;
    return '${' + ref + '}';
  }
  if ('Fn::GetAtt' in obj) {
    const [logicalId, attribute] = obj['Fn::GetAtt'] as string[];
    return '${' + logicalId + '.' + attribute + '}';
  }
  if ('Fn::Join' in obj) {
    const [separator, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => (typeof p === 'string' ? p : intrinsicToText(p as Record<string, unknown>, partition))).join(separator);
  }
  if ('Fn::ImportValue' in obj) return '${Import:' + JSON.stringify(obj['Fn::ImportValue']) + '}';
  return '${' + JSON.stringify(obj) + '}';
}
