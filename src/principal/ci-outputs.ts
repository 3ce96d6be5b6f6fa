import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { InputProblems } from '../private/input-problems';
import { checkDualStackRegion, dualStackRegistryHost } from '../registry/dual-stack';

// CloudFormation allows 200 outputs per stack: two per CI principal fill a stack at 100 principals,
// so the outputs are an opt-in (`outputs: true`). Their logical ids are the principal's path in its
// stack, without the hash aws-cdk-lib appends, so that a pipeline can read them by a name that
// stays put (`aws cloudformation describe-stacks --query "…[?OutputKey=='GitHubActionsRoleArn']"`).

/** The registries a CI principal logs in to, and the stack outputs that name them and its role. */
export class CiOutputs {
  private readonly registries = new Map<string, string>();
  private readonly registryKeys = new Map<string, string>();

  /**
   * Adds the two outputs to `principal`'s stack: `<Path>RoleArn` and `<Path>RegistryUris`, the
   * latter with the dual-stack hosts when `dualStack` is set.
   */
  constructor(private readonly principal: Construct, roleArn: string, outputs: boolean, private readonly dualStack = false) {
    if (!outputs) return;
    readableId(new CfnOutput(principal, 'RoleArn', { value: roleArn, description: 'The role the CI assumes (role-to-assume)' }));
    readableId(new CfnOutput(principal, 'RegistryUris', {
      value: Lazy.string({ produce: () => this.registryUris().join(',') }),
      description: `The ECR registries the CI logs in to${dualStack ? ' (dual-stack hosts, IPv4 and IPv6)' : ''}, comma-separated`,
    }));
    if (dualStack) this.checkRegion(Stack.of(principal).region);
  }

  /** Records a registry the CI uses (by account and region). */
  public addRegistry(account: string, region: string): void {
    // grants come by the thousand: resolve each account and region pair once
    const raw = `${account}|${region}`;
    if (this.registryKeys.has(raw)) return;
    if (this.dualStack) this.checkRegion(region);
    const uri = this.hostOf(account, region);
    const key = JSON.stringify(Stack.of(this.principal).resolve(uri));
    this.registryKeys.set(raw, key);
    this.registries.set(key, uri);
  }

  private registryUris(): string[] {
    if (this.registries.size === 0) {
      const stack = Stack.of(this.principal);
      return [this.hostOf(stack.account, stack.region)];
    }
    return [...this.registries.values()];
  }

  private hostOf(account: string, region: string): string {
    return this.dualStack ? dualStackRegistryHost(account, region) : `${account}.dkr.ecr.${region}.${Stack.of(this.principal).urlSuffix}`;
  }

  private checkRegion(region: string): void {
    const problems = new InputProblems(`EcrCiPrincipal props at '${this.principal.node.path}'`);
    checkDualStackRegion(problems, 'dualStackRegistryUris', region,
      'leave dualStackRegistryUris unset for a principal that uses a registry in the China Regions (the output then names the IPv4 hosts)');
    problems.throwIfAny();
  }
}

/** The output's logical id: its path in the stack, letters and digits only (`GitHubActionsRoleArn`). */
function readableId(output: CfnOutput): void {
  const stack = Stack.of(output);
  const path = output.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id).join('');
  output.overrideLogicalId(path.replace(/[^A-Za-z0-9]/g, ''));
}
