import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { REGION, REGISTRY_ACCOUNT } from './scenarios';
import { CiProvider, EcrCiPrincipal } from '../../src';

// The platform-team app of the scale tests and of `npm run bench`, built the same way at every size:
// N repositories named <namespace>service-<i>, filled namespace by namespace (team-a/, team-b/, …),
// and P CI principals that each push to every repository. The library writes it with EcrCiPrincipal;
// plain aws-cdk-lib writes the same grants with repo.grantPush(role).

export interface ScaleAppOptions {
  readonly repositories: number;
  readonly principals: number;
  /** Repositories per namespace. @default 500 */
  readonly perNamespace?: number;
  /** Library only: fold the grants into their namespaces (`foldIntoNamespaces`). @default true */
  readonly fold?: boolean;
  /** Feature flags and other context for the app. @default none */
  readonly context?: Record<string, unknown>;
  /** Record construct creation stack traces (the bench turns them off for both variants). @default true */
  readonly stackTraces?: boolean;
}

export interface ScaleApp {
  readonly app: App;
  readonly stack: Stack;
  readonly repositories: ecr.IRepository[];
  readonly principals: iam.IRole[];
  /** The namespaces the repositories fill, in order (`team-a/`, `team-b/` …). */
  readonly namespaces: string[];
}

/** `team-a/`, `team-b/` … `team-z/`, then `team-aa/` … */
export function namespaceNames(count: number): string[] {
  const letters = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : letters(Math.floor(i / 26) - 1) + letters(i % 26));
  return Array.from({ length: count }, (_, i) => `team-${letters(i)}/`);
}

function repositories(stack: Stack, options: ScaleAppOptions): { repositories: ecr.IRepository[]; namespaces: string[] } {
  const perNamespace = options.perNamespace ?? 500;
  const namespaces = namespaceNames(Math.max(1, Math.ceil(options.repositories / perNamespace)));
  const repos = Array.from({ length: options.repositories }, (_, i) =>
    ecr.Repository.fromRepositoryName(stack, `Repo${i}`, `${namespaces[Math.floor(i / perNamespace)]}service-${i}`));
  return { repositories: repos, namespaces };
}

function platformStack(options: ScaleAppOptions): { app: App; stack: Stack } {
  const app = new App({ context: options.context, stackTraces: options.stackTraces });
  // repositories are imported: 10,000 owned ones would exceed CloudFormation's 500 resources per stack
  const stack = new Stack(app, 'Platform', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  return { app, stack };
}

/** The app written with this library: one EcrCiPrincipal per CI, `allowPush` on each repository. */
export function libraryScaleApp(options: ScaleAppOptions): ScaleApp {
  const { app, stack } = platformStack(options);
  const { repositories: repos, namespaces } = repositories(stack, options);
  const principals = Array.from({ length: options.principals }, (_, p) => {
    const ci = new EcrCiPrincipal(stack, `Ci${p}`, {
      provider: CiProvider.gitHubActions({ owner: 'acme', repository: `pipeline-${p}`, branches: ['main'] }),
      foldIntoNamespaces: options.fold === false ? undefined : namespaces,
    });
    for (const repository of repos) ci.allowPush(repository);
    return ci.role;
  });
  return { app, stack, repositories: repos, principals, namespaces };
}

/** The same grants with plain aws-cdk-lib: one role per CI, `grantPush` on each repository. */
export function plainScaleApp(options: ScaleAppOptions): ScaleApp {
  const { app, stack } = platformStack(options);
  const { repositories: repos, namespaces } = repositories(stack, options);
  const provider = new iam.OpenIdConnectProvider(stack, 'GitHub', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
  const principals = Array.from({ length: options.principals }, (_, p) => {
    const role = new iam.Role(stack, `Ci${p}`, {
      assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `repo:acme/pipeline-${p}:ref:refs/heads/main` },
      }),
    });
    for (const repository of repos) repository.grantPush(role);
    return role;
  });
  return { app, stack, repositories: repos, principals, namespaces };
}
