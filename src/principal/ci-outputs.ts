import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

// CloudFormation allows 200 outputs per stack: two per CI principal fill a stack at 100 principals,
// so the outputs are an opt-in (`outputs: true`). Their logical ids are the principal's path in its
// stack, without the hash aws-cdk-lib appends, so that a pipeline can read them by a name that
// stays put (`aws cloudformation describe-stacks --query "…[?OutputKey=='GitHubActionsRoleArn']"`).

/** The registries a CI principal logs in to, and the stack outputs that name them and its role. */
export class CiOutputs {
  private readonly registries = new Map<string, string>();
  private readonly registryKeys = new Map<string, string>();

  /** Adds the two outputs to `principal`'s stack: `<Path>RoleArn` and `<Path>RegistryUris`. */
  constructor(private readonly principal: Construct, roleArn: string, outputs: boolean) {
    if (!outputs) return;
    readableId(new CfnOutput(principal, 'RoleArn', { value: roleArn, description: 'The role the CI assumes (role-to-assume)' }));
    readableId(new CfnOutput(principal, 'RegistryUris', {
      value: Lazy.string({ produce: () => this.registryUris().join(',') }),
      description: 'The ECR registries the CI logs in to, comma-separated',
    }));
  }

  /** Records a registry the CI uses (by account and region). */
  public addRegistry(account: string, region: string): void {
    // grants come by the thousand: resolve each account and region pair once
    const raw = `${account}|${region}`;
    if (this.registryKeys.has(raw)) return;
    const stack = Stack.of(this.principal);
    const uri = `${account}.dkr.ecr.${region}.${stack.urlSuffix}`;
    const key = JSON.stringify(stack.resolve(uri));
    this.registryKeys.set(raw, key);
    this.registries.set(key, uri);
  }

  private registryUris(): string[] {
    if (this.registries.size === 0) {
      const stack = Stack.of(this.principal);
      return [`${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}`];
    }
    return [...this.registries.values()];
  }
}

/** The output's logical id: its path in the stack, letters and digits only (`GitHubActionsRoleArn`). */
function readableId(output: CfnOutput): void {
  const stack = Stack.of(output);
  const path = output.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id).join('');
  output.overrideLogicalId(path.replace(/[^A-Za-z0-9]/g, ''));
}
