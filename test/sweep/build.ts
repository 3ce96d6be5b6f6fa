import { App, Aspects, Size, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as pipelineActions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AccountKey, ACCOUNTS, AppSpec, Item, ORG, ProviderSpec, REFERENCE_FIELDS, REFERENCE_LISTS, STACKS, StackKey, repositoryArn } from './app-spec';
import { CiProvider, CreationTemplateScenario, EcrAccessChecks, EcrCiPrincipal, EcrRegistry, PushableRepository, RepositoryCreationTemplate } from '../../src';

// Builds a spec into a CDK app through the public API only (what a user writes), and prints the
// same spec as that TypeScript: each kind of item has its construction and its code side by side,
// so a printed reproduction is what was built.

/** What the runner needs from a built app: the objects each item made, and the identity policies the allow* methods returned. */
export interface BuiltApp {
  readonly app: App;
  readonly stacks: ReadonlyMap<StackKey, Stack>;
  readonly objects: ReadonlyMap<string, unknown>;
  /** The policy document an allow* call returned, with the stack it is resolved in. */
  readonly documents: ReadonlyMap<string, { readonly stack: Stack; readonly document: iam.PolicyDocument }>;
}

/** The construct a consumer made, and the role that pulls for it (none for Lambda, whose service pulls). */
export interface ConsumerObjects {
  readonly role?: iam.IRole;
  readonly fn?: lambda.DockerImageFunction;
}

interface Context {
  readonly app: App;
  readonly objects: Map<string, unknown>;
  readonly documents: Map<string, { stack: Stack; document: iam.PolicyDocument }>;
  stack(key: StackKey): Stack;
  get<T>(id: string): T;
}

type Recipe<T extends Item> = {
  build(ctx: Context, item: T): unknown;
  code(item: T): string;
};
type Recipes = { [K in Item['kind']]: Recipe<Extract<Item, { kind: K }>> };

const RECIPES: Recipes = {
  repo: {
    build: (ctx, item) => {
      const stack = ctx.stack(item.stack);
      switch (item.type) {
        case 'pushable': return new PushableRepository(stack, cid(item.id), { repositoryName: item.name });
        case 'plain': return new ecr.Repository(stack, cid(item.id), { repositoryName: item.name });
        case 'fromName': return ecr.Repository.fromRepositoryName(stack, cid(item.id), item.name!);
        default: return ecr.Repository.fromRepositoryArn(stack, cid(item.id), repositoryArn(ACCOUNTS[item.account!], item.region!, item.name!));
      }
    },
    code: (item) => {
      const stack = stackVar(item.stack);
      switch (item.type) {
        case 'pushable': return `new PushableRepository(${stack}, '${cid(item.id)}', ${lit({ repositoryName: item.name })})`;
        case 'plain': return `new ecr.Repository(${stack}, '${cid(item.id)}', ${lit({ repositoryName: item.name })})`;
        case 'fromName': return `ecr.Repository.fromRepositoryName(${stack}, '${cid(item.id)}', '${item.name}')`;
        default: return `ecr.Repository.fromRepositoryArn(${stack}, '${cid(item.id)}', '${repositoryArn(ACCOUNTS[item.account!], item.region!, item.name!)}')`;
      }
    },
  },
  role: {
    build: (ctx, item) => new iam.Role(ctx.stack(item.stack), cid(item.id), { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), roleName: item.roleName }),
    code: (item) => `new iam.Role(${stackVar(item.stack)}, '${cid(item.id)}', ${lit({ assumedBy: raw('new iam.ServicePrincipal(\'ecs-tasks.amazonaws.com\')'), roleName: item.roleName })})`,
  },
  importedRole: {
    build: (ctx, item) => iam.Role.fromRoleArn(ctx.stack(item.stack), cid(item.id), `arn:aws:iam::${ACCOUNTS[item.account]}:role/${item.name}`),
    code: (item) => `iam.Role.fromRoleArn(${stackVar(item.stack)}, '${cid(item.id)}', 'arn:aws:iam::${ACCOUNTS[item.account]}:role/${item.name}')`,
  },
  service: {
    build: (_ctx, item) => new iam.ServicePrincipal(item.service),
    code: (item) => `new iam.ServicePrincipal('${item.service}')`,
  },
  ci: {
    build: (ctx, item) => new EcrCiPrincipal(ctx.stack(item.stack), cid(item.id), {
      provider: provider(item.provider),
      roleName: item.roleName,
      foldIntoNamespaces: item.fold,
      push: item.push?.map((r) => ctx.get<ecr.IRepository>(r)),
      pull: item.pull?.map((r) => ctx.get<ecr.IRepository>(r)),
    }),
    code: (item) => `new EcrCiPrincipal(${stackVar(item.stack)}, '${cid(item.id)}', ${lit({
      provider: raw(providerCode(item.provider)),
      roleName: item.roleName,
      foldIntoNamespaces: item.fold,
      push: item.push?.map(raw),
      pull: item.pull?.map(raw),
    })})`,
  },
  registry: {
    build: (ctx, item) => new EcrRegistry(ctx.stack(item.stack), cid(item.id)),
    code: (item) => `new EcrRegistry(${stackVar(item.stack)}, '${cid(item.id)}')`,
  },
  template: {
    build: (ctx, item) => ctx.get<EcrRegistry>(item.registry).addCreationTemplate(cid(item.id), {
      prefix: item.prefix,
      appliedFor: item.appliedFor.map((s) => CreationTemplateScenario[s]),
      resourceTags: item.resourceTags ? { team: 'platform' } : undefined,
    }),
    code: (item) => `${item.registry}.addCreationTemplate('${cid(item.id)}', ${lit({
      prefix: item.prefix,
      appliedFor: item.appliedFor.map((s) => raw(`CreationTemplateScenario.${s}`)),
      resourceTags: item.resourceTags ? { team: 'platform' } : undefined,
    })})`,
  },
  consumer: {
    build: (ctx, item): ConsumerObjects => {
      const stack = ctx.stack(item.stack);
      const repository = ctx.get<ecr.IRepository>(item.repo);
      switch (item.consumer) {
        case 'fargate': case 'ec2': {
          const definition = item.consumer === 'fargate' ? new ecs.FargateTaskDefinition(stack, cid(item.id)) : new ecs.Ec2TaskDefinition(stack, cid(item.id));
          definition.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1'), memoryLimitMiB: 256 });
          return { role: definition.executionRole };
        }
        case 'lambda': return {
          fn: new lambda.DockerImageFunction(stack, cid(item.id), { code: lambda.DockerImageCode.fromEcr(repository, { tagOrDigest: 'v1' }), functionName: item.functionName }),
        };
        case 'batch': {
          const container = new batch.EcsFargateContainerDefinition(stack, `${cid(item.id)}Container`, {
            image: ecs.ContainerImage.fromEcrRepository(repository, 'v1'), memory: Size.mebibytes(512), cpu: 1,
          });
          new batch.EcsJobDefinition(stack, cid(item.id), { container });
          return { role: container.executionRole };
        }
        case 'pipeline': {
          const pipeline = new codepipeline.Pipeline(stack, cid(item.id), {
            pipelineType: codepipeline.PipelineType.V2,
            // a pipeline whose actions reach another account needs its artifacts encrypted with a key that account can use
            crossAccountKeys: Token.compareStrings(repository.env.account, stack.account) === TokenComparison.DIFFERENT,
            stages: [
              { stageName: 'Source', actions: [new pipelineActions.EcrSourceAction({ actionName: 'Image', repository, output: new codepipeline.Artifact() })] },
              { stageName: 'Approve', actions: [new pipelineActions.ManualApprovalAction({ actionName: 'Release' })] },
            ],
          });
          return { role: pipeline.node.findChild('Source').node.findChild('Image').node.findChild('CodePipelineActionRole') as iam.IRole };
        }
        default: return {
          role: new codebuild.Project(stack, cid(item.id), {
            buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2' }),
            environment: { buildImage: codebuild.LinuxBuildImage.fromEcrRepository(repository, 'v1') },
          }).role,
        };
      }
    },
    code: (item) => {
      const stack = stackVar(item.stack);
      switch (item.consumer) {
        case 'fargate': case 'ec2': return `new ecs.${item.consumer === 'fargate' ? 'Fargate' : 'Ec2'}TaskDefinition(${stack}, '${cid(item.id)}')` +
          `.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(${item.repo}, 'v1'), memoryLimitMiB: 256 })`;
        case 'lambda': return `new lambda.DockerImageFunction(${stack}, '${cid(item.id)}', ${lit({
          code: raw(`lambda.DockerImageCode.fromEcr(${item.repo}, { tagOrDigest: 'v1' })`), functionName: item.functionName,
        })})`;
        case 'batch': return `new batch.EcsJobDefinition(${stack}, '${cid(item.id)}', { container: new batch.EcsFargateContainerDefinition(${stack}, '${cid(item.id)}Container', ` +
          `{ image: ecs.ContainerImage.fromEcrRepository(${item.repo}, 'v1'), memory: Size.mebibytes(512), cpu: 1 }) })`;
        case 'pipeline': return `new codepipeline.Pipeline(${stack}, '${cid(item.id)}', { pipelineType: codepipeline.PipelineType.V2, ` +
          `crossAccountKeys: ${item.repo}.env.account !== ${stack}.account, stages: [` +
          `{ stageName: 'Source', actions: [new pipelineActions.EcrSourceAction({ actionName: 'Image', repository: ${item.repo}, output: new codepipeline.Artifact() })] }, ` +
          '{ stageName: \'Approve\', actions: [new pipelineActions.ManualApprovalAction({ actionName: \'Release\' })] }] })';
        default: return `new codebuild.Project(${stack}, '${cid(item.id)}', { buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2' }), ` +
          `environment: { buildImage: codebuild.LinuxBuildImage.fromEcrRepository(${item.repo}, 'v1') } })`;
      }
    },
  },
  grant: {
    build: (ctx, item) => {
      const repository = ctx.get<PushableRepository>(item.repo);
      const grantee = ctx.get<iam.IGrantable>(item.grantee);
      return item.method === 'grant' ? repository.grant(grantee, ...item.actions ?? []) : repository[item.method](grantee);
    },
    code: (item) => `${item.repo}.${item.method}(${[item.grantee, ...(item.method === 'grant' ? item.actions ?? [] : []).map((a) => `'${a}'`)].join(', ')})`,
  },
  allowAccount: {
    build: (ctx, item) => document(ctx, item.id, ctx.get<PushableRepository>(item.repo), (r) => r[`allowAccount${item.verb}`](ACCOUNTS[item.account])),
    code: (item) => `${item.repo}.allowAccount${item.verb}('${ACCOUNTS[item.account]}')`,
  },
  allowOrganizationPull: {
    build: (ctx, item) => document(ctx, item.id, ctx.get<PushableRepository>(item.repo), (r) => r.allowOrganizationPull(ORG)),
    code: (item) => `${item.repo}.allowOrganizationPull('${ORG}')`,
  },
  allowLambdaPull: {
    build: (ctx, item) => ctx.get<PushableRepository>(item.repo)
      .allowLambdaPull({ accounts: item.accounts?.map((a) => ACCOUNTS[a]), functionNamePattern: item.pattern }),
    code: (item) => `${item.repo}.allowLambdaPull(${item.accounts || item.pattern ? lit({ accounts: item.accounts?.map((a: AccountKey) => ACCOUNTS[a]), functionNamePattern: item.pattern }) : ''})`,
  },
  ciRepo: {
    build: (ctx, item) => ctx.get<EcrCiPrincipal>(item.ci)[item.verb === 'push' ? 'allowPush' : 'allowPull'](ctx.get<ecr.IRepository>(item.repo)),
    code: (item) => `${item.ci}.${item.verb === 'push' ? 'allowPush' : 'allowPull'}(${item.repo})`,
  },
  ciNamespace: {
    build: (ctx, item) => {
      const ci = ctx.get<EcrCiPrincipal>(item.ci);
      const options = { account: item.account && ACCOUNTS[item.account], region: item.region };
      return item.verb === 'push' ? ci.allowPushToNamespace(item.prefix, options) : ci.allowPullFromNamespace(item.prefix, options);
    },
    code: (item) => `${item.ci}.${item.verb === 'push' ? 'allowPushToNamespace' : 'allowPullFromNamespace'}('${item.prefix}'` +
      `${item.account || item.region ? `, ${lit({ account: item.account && ACCOUNTS[item.account], region: item.region })}` : ''})`,
  },
  ciCreate: {
    build: (ctx, item) => ctx.get<EcrCiPrincipal>(item.ci).allowCreateRepositories(item.prefix, { push: item.push }),
    code: (item) => `${item.ci}.allowCreateRepositories('${item.prefix}'${item.push ? ', { push: true }' : ''})`,
  },
  ciCreateOnPush: {
    build: (ctx, item) => ctx.get<EcrCiPrincipal>(item.ci).allowCreateOnPush(item.prefix),
    code: (item) => `${item.ci}.allowCreateOnPush('${item.prefix}')`,
  },
  registryAllow: {
    build: (ctx, item) => document(ctx, item.id, ctx.get<EcrRegistry>(item.registry), (r) => {
      const options = { namespace: item.prefix };
      return item.verb === 'OrgPull' ? r.allowOrganizationPull(ORG, options) : r[`allowAccount${item.verb}`](ACCOUNTS[item.account!], options);
    }),
    code: (item) => `${item.registry}.${item.verb === 'OrgPull' ? `allowOrganizationPull('${ORG}'` : `allowAccount${item.verb}('${ACCOUNTS[item.account!]}'`}` +
      `${item.prefix ? `, { namespace: '${item.prefix}' }` : ''})`,
  },
  templateAllow: {
    build: (ctx, item) => document(ctx, item.id, ctx.get<RepositoryCreationTemplate>(item.template),
      (t) => (item.verb === 'OrgPull' ? t.allowOrganizationPull(ORG) : t[`allowAccount${item.verb}`](ACCOUNTS[item.account!]))),
    code: (item) => `${item.template}.${item.verb === 'OrgPull' ? `allowOrganizationPull('${ORG}')` : `allowAccount${item.verb}('${ACCOUNTS[item.account!]}')`}`,
  },
};

/** Builds the app; a throw here (or at synth) is a crash on valid input. */
export function buildApp(spec: AppSpec): BuiltApp {
  const app = new App();
  const stacks = new Map<StackKey, Stack>();
  const objects = new Map<string, unknown>();
  const documents = new Map<string, { stack: Stack; document: iam.PolicyDocument }>();
  const ctx: Context = {
    app,
    objects,
    documents,
    stack: (key) => {
      let stack = stacks.get(key);
      if (!stack) {
        stack = new Stack(app, key, { env: { account: ACCOUNTS[STACKS[key].account], region: STACKS[key].region } });
        stacks.set(key, stack);
      }
      return stack;
    },
    get: <T>(id: string) => objects.get(id) as T,
  };
  ctx.stack('Registry');
  for (const item of spec.items) objects.set(item.id, (RECIPES[item.kind] as Recipe<Item>).build(ctx, item));
  Aspects.of(app).add(new EcrAccessChecks());
  return { app, stacks, objects, documents };
}

/** The spec as the TypeScript a user would write (aws-cdk-lib modules as `ecr`, `iam`, `ecs`, `lambda`, `codebuild`, `batch`, `codepipeline`, `pipelineActions`). */
export function snippet(spec: AppSpec): string {
  const used = new Set<StackKey>(['Registry']);
  for (const item of spec.items) if ('stack' in item) used.add(item.stack);
  const lines = ['const app = new App();'];
  for (const key of Object.keys(STACKS) as StackKey[]) {
    if (used.has(key)) lines.push(`const ${stackVar(key)} = new Stack(app, '${key}', { env: { account: '${ACCOUNTS[STACKS[key].account]}', region: '${STACKS[key].region}' } });`);
  }
  const fields = [...REFERENCE_FIELDS, ...REFERENCE_LISTS];
  const referenced = new Set(spec.items.flatMap((i) => fields.flatMap((field) => (i as Record<string, unknown>)[field] ?? [])));
  for (const item of spec.items) {
    const code = (RECIPES[item.kind] as Recipe<Item>).code(item);
    lines.push(referenced.has(item.id) ? `const ${item.id} = ${code};` : `${code};`);
  }
  lines.push('Aspects.of(app).add(new EcrAccessChecks());');
  return lines.join('\n');
}

function document<T>(ctx: Context, id: string, owner: T, call: (owner: T) => iam.PolicyDocument): iam.PolicyDocument {
  const doc = call(owner);
  ctx.documents.set(id, { stack: Stack.of(owner as unknown as Stack), document: doc });
  return doc;
}

function provider(spec: ProviderSpec): CiProvider {
  switch (spec.type) {
    case 'gitHubActions': return CiProvider.gitHubActions({ owner: 'acme', repository: spec.repository, branches: spec.branches, tags: spec.tags, environments: spec.environments, pullRequests: spec.pullRequests });
    case 'gitLab': return CiProvider.gitLab({ projectPath: spec.projectPath, branches: spec.branches, tags: spec.tags });
    case 'codeBuild': return CiProvider.codeBuild({ projectNames: spec.projectNames });
    case 'account': return CiProvider.account(ACCOUNTS[spec.account], { externalId: spec.externalId });
    default: return CiProvider.oidc({ issuer: 'https://agent.buildkite.com', audience: 'sts.amazonaws.com', subjects: spec.subjects });
  }
}

function providerCode(spec: ProviderSpec): string {
  switch (spec.type) {
    case 'gitHubActions': return `CiProvider.gitHubActions(${lit({ owner: 'acme', repository: spec.repository, branches: spec.branches, tags: spec.tags, environments: spec.environments, pullRequests: spec.pullRequests })})`;
    case 'gitLab': return `CiProvider.gitLab(${lit({ projectPath: spec.projectPath, branches: spec.branches, tags: spec.tags })})`;
    case 'codeBuild': return `CiProvider.codeBuild(${spec.projectNames ? lit({ projectNames: spec.projectNames }) : ''})`;
    case 'account': return `CiProvider.account('${ACCOUNTS[spec.account]}'${spec.externalId ? `, { externalId: '${spec.externalId}' }` : ''})`;
    default: return `CiProvider.oidc(${lit({ issuer: 'https://agent.buildkite.com', audience: 'sts.amazonaws.com', subjects: spec.subjects })})`;
  }
}

/** The construct id an item gets (its spec id, capitalised). */
export function cid(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function stackVar(key: StackKey): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

class Raw {
  constructor(public readonly text: string) {}
}
function raw(text: string): Raw {
  return new Raw(text);
}

/** A JavaScript literal, with undefined properties left out and code fragments as they are. */
function lit(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(lit).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${lit(v)}`).join(', ')} }`;
  }
  return String(value);
}
