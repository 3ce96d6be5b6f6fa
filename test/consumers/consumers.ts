import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { IConstruct } from 'constructs';
import { EcrWarnings, PushableRepository } from '../../src';
import { Json, SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, PULL, PUSH } from '../helpers/expected-actions';
import { AccessOracle, actingFor, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { OTHER_ACCOUNT, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// aws-cdk-lib's own constructs that take an ecr.IRepository (ECS, Lambda, CodeBuild, Batch,
// CodePipeline), given a repository of this library in each layout an app has: in the consumer's
// account, in another account of the app, and imported from another account. Each test builds the
// consumer the way aws-cdk-lib's documentation does; the evaluator decides from the synthesized
// policies.

/** Where the repository is, relative to the consumer. */
export type Layout = 'in the same account' | 'in another account of the app' | 'imported from another account';
export const LAYOUTS: Layout[] = ['in the same account', 'in another account of the app', 'imported from another account'];

export const REPOSITORY_NAME = 'team-a/api';
export const REPOSITORY_ARN = `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/${REPOSITORY_NAME}`;

export interface ConsumerApp {
  readonly app: App;
  /** The stack the consumer is defined in. */
  readonly stack: Stack;
  readonly repository: ecr.IRepository;
  readonly layout: Layout;
}

/**
 * An app with the repository in the given layout and a consumer stack: the registry account's own
 * stack for 'in the same account', a workload account's stack otherwise.
 */
export function consumerApp(layout: Layout): ConsumerApp {
  const app = new App();
  const registry = new Stack(app, 'Registry', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  const stack = layout === 'in the same account' ? registry : new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const repository = layout === 'imported from another account'
    ? PushableRepository.fromRepositoryArn(stack, 'Images', REPOSITORY_ARN)
    : new PushableRepository(registry, 'Images', { repositoryName: REPOSITORY_NAME });
  return { app, stack, repository, layout };
}

/**
 * The repository as the evaluator sees it: its synthesized policy, or, for an imported one, the
 * statements the `repositoryPolicyRequired` warning told its owner to add.
 */
export function repositoryUnderTest(oracle: AccessOracle, consumer: ConsumerApp): RepositoryUnderTest {
  if (consumer.layout !== 'imported from another account') return oracle.repository(consumer.repository);
  return oracle.externalRepository(REPOSITORY_ARN, { Version: '2012-10-17', Statement: warnedStatements(consumer.stack, consumer.repository) });
}

/** The statements of the `repositoryPolicyRequired` warnings on an imported repository. */
export function warnedStatements(stack: Stack, repository: IConstruct): Json[] {
  const warnings = Annotations.fromStack(stack).findWarning(`/${repository.node.path}`, Match.stringLikeRegexp(EcrWarnings.REPOSITORY_POLICY_REQUIRED));
  return warnings.flatMap((w) => {
    const message = w.entry.data as string;
    return JSON.parse(message.slice(message.indexOf('\n{'), message.lastIndexOf('}') + 1)).Statement;
  });
}

export function synthesize(consumer: ConsumerApp): AccessOracle {
  return new AccessOracle(new SynthesizedApp(consumer.app));
}

/** Every action a pull or a read grant must not give: the push-only actions, delete and administration. */
export const NEVER = [...PUSH.filter((a) => !PULL.includes(a)), ...DESTRUCTIVE];

/** Asks the evaluator each action; returns "action: decision" lines, so a failure names the action. */
export async function decisions(
  oracle: AccessOracle, principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], context?: Record<string, string>,
): Promise<string[]> {
  return Promise.all(actions.map(async (action) => `${action}: ${await oracle.decide(principal, action, target, context)}`));
}

export function expected(actions: readonly string[], decision: Decision): string[] {
  return actions.map((action) => `${action}: ${decision}`);
}

/**
 * Every service principal the repository policy names, acting for an account that is not the
 * consumer's, for each pull and push action: all must be denied (no confused deputy).
 */
export async function serviceDecisionsForAnotherAccount(oracle: AccessOracle, repo: RepositoryUnderTest): Promise<string[]> {
  const services = new Set<string>();
  for (const statement of repo.policy?.Statement ?? []) {
    for (const service of [statement.Principal?.Service ?? []].flat()) services.add(service);
  }
  const out: string[] = [];
  for (const service of services) {
    const context = service === 'lambda.amazonaws.com' ? actingFor(OTHER_ACCOUNT, `arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:api`) : actingFor(OTHER_ACCOUNT);
    const asked = await decisions(oracle, oracle.service(service), repo, [...new Set([...PULL, ...PUSH])], context);
    out.push(...asked.map((line) => `${service} ${line}`));
  }
  return out;
}
