import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { repositoryGrantActions } from '../actions/action-expansion';
import { InputProblems } from '../private/input-problems';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/**
 * The actions a grant on `repository` writes for the actions a user asked for: every problem is a
 * synth-time error (all of them at once), every pattern is expanded through the action catalogue,
 * and the registry-level actions a pattern matched are left out with a warning that names them.
 */
export function grantActions(repository: ecr.IRepository, grantee: iam.IGrantable, requested: readonly string[]): string[] {
  const problems = new InputProblems(`grant() on the repository at '${repository.node.path}'`);
  const { actions, registryActionsLeftOut } = repositoryGrantActions(problems, 'actions', requested);
  problems.throwIfAny();

  if (registryActionsLeftOut.length > 0) {
    const patterns = requested.filter((a) => /[*?]/.test(a)).map((a) => `'${a}'`).join(', ');
    warn(repository, EcrWarnings.REGISTRY_ACTIONS_NOT_GRANTED,
      `A grant on this repository to ${granteeName(grantee)} asked for ${patterns}, which also match${patterns.includes(',') ? '' : 'es'} ` +
      `registry-level actions: ${registryActionsLeftOut.join(', ')}. They configure the whole registry, not this repository, so the grant ` +
      'leaves them out. If the grantee should have one of them, name it in grant() (it goes on "*" in its identity policy); ' +
      'otherwise acknowledge this warning.');
  }
  return actions;
}

function granteeName(grantee: iam.IGrantable): string {
  const node = (grantee as Partial<iam.Role>).node;
  return node !== undefined ? `'${node.path}'` : grantee.grantPrincipal.toString();
}
