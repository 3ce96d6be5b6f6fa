import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { beforeSynth } from '../private/before-synth';
import { CreationTemplateScenario } from '../registry/creation-template';
import { EcrRegistry } from '../registry/ecr-registry';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/**
 * The namespaces a CI principal may create repositories in on push. ECR creates a repository on a
 * push only when its registry has a creation template with `CREATE_ON_PUSH` for the namespace; the
 * template may be defined anywhere in the app, in any order, so it is looked for at synth.
 */
export class CreateOnPushNamespaces {
  private readonly namespaces = new Set<string>();

  constructor(private readonly principal: Construct) {}

  /** Adds a namespace (`team-a`) that must have a `CREATE_ON_PUSH` template in the principal's registry. */
  public add(namespace: string): void {
    if (this.namespaces.size === 0) beforeSynth(this.principal, () => this.warnIfNoTemplate());
    this.namespaces.add(namespace);
  }

  private warnIfNoTemplate(): void {
    const stack = Stack.of(this.principal);
    const registry = EcrRegistry.find(this.principal, stack.account, stack.region);
    const missing = [...this.namespaces]
      .filter((namespace) => registry?.creationTemplateFor(namespace, CreationTemplateScenario.CREATE_ON_PUSH) === undefined);
    if (missing.length === 0) return;
    const names = missing.map((n) => `'${n}'`).join(', ');
    const where = registry
      ? `the EcrRegistry '${registry.node.path}' has no repository creation template with CREATE_ON_PUSH for ${names}, so a push to a new name there fails ('repository does not exist')`
      : `no EcrRegistry of this app has a repository creation template with CREATE_ON_PUSH for ${names}; unless the registry has one (managed outside this app), a push to a new name fails ('repository does not exist')`;
    warn(this.principal, EcrWarnings.CREATE_ON_PUSH_WITHOUT_TEMPLATE,
      `allowCreateOnPush(${names}): ${where}. Add it with registry.addCreationTemplate(id, { prefix: '${missing[0]}', ` +
      'appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] }).');
  }
}
