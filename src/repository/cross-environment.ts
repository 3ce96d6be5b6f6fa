import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { InputError } from '../private/input-problems';

// A repository of the app whose name CloudFormation generates has that name only once its stack is
// deployed, and a stack of another account or Region cannot import it (CloudFormation exports work
// within one account and Region): aws-cdk-lib then fails synth with "Cannot use resource … in a
// cross-environment fashion". A grant that would write such a reference names the fix instead.

/**
 * Throws when a grant would make the grantee's stack, in another environment, refer to an owned
 * repository without a fixed name. The environments are compared as aws-cdk-lib compares them for
 * that error: another account, or another Region unless the grantee's stack allows cross-Region
 * references.
 */
export function checkNameableFrom(repository: ecr.IRepository, grantee: iam.IGrantable): void {
  if (!(repository instanceof ecr.Repository)) return;
  // without a name the resource's name is a token that resolves to nothing
  const name = (repository.node.defaultChild as ecr.CfnRepository).repositoryName;
  if (name !== undefined && !Token.isUnresolved(name)) return;
  const construct = grantee as unknown as Partial<IConstruct>;
  if (construct.node === undefined) return;
  const home = Stack.of(repository);
  const user = Stack.of(grantee as unknown as IConstruct);
  // the stack's own flag (StackProps.crossRegionReferences) has no public getter
  const crossRegion = (user as unknown as { _crossRegionReferences?: boolean })._crossRegionReferences === true;
  if (home.account === user.account && (home.region === user.region || crossRegion)) return;
  throw new InputError(
    `A grant on the repository at '${repository.node.path}' to '${construct.node.path}': the repository has no repositoryName known at synth, and ` +
    `'${construct.node.path}' is in stack '${user.stackName}' (${environment(user)}), another environment than the repository's stack ` +
    `'${home.stackName}' (${environment(home)}). A name CloudFormation generates exists only once the repository is deployed, and a stack of ` +
    'another account or Region cannot refer to it. Fix: give the repository a fixed name (repositoryName: \'team-a/api\', say); the other ' +
    'stack then refers to it by its ARN.');
}

function environment(stack: Stack): string {
  const known = (value: string) => (Token.isUnresolved(value) ? 'known at deploy time' : value);
  return `account ${known(stack.account)}, Region ${known(stack.region)}`;
}
