/**
 * One measurement of `npm run bench`, in a process of its own so that its peak memory is its own:
 * builds the platform app (test/helpers/scale-app.ts) with this library or with plain aws-cdk-lib,
 * synthesizes it, and prints one JSON line: time, peak memory, the largest policy against its quota,
 * deployability, and (asked for the 10,000-repository case) the IAM evaluator's verdict on exactness.
 *
 * Run by bench/scale.ts; by hand: node .tmp/bench-build/bench/scale-run.js '{"variant":"library","repositories":100,"principals":1}'
 */
import { checkQuotas } from './quotas';
import { SynthesizedApp } from '../test/helpers/assembly';
import { PUSH } from '../test/helpers/expected-actions';
import { AccessOracle } from '../test/helpers/oracle';
import { libraryScaleApp, namespaceNames, plainScaleApp, ScaleApp, ScaleAppOptions } from '../test/helpers/scale-app';
import { OTHER_ACCOUNT, REGION, REGISTRY_ACCOUNT } from '../test/helpers/scenarios';

export interface RunConfig {
  /** The platform app written with this library, or with plain aws-cdk-lib. */
  readonly variant: 'library' | 'plain';
  readonly repositories: number;
  readonly principals: number;
  /** Ask the IAM evaluator whether the library's policies allow exactly the intended repositories. */
  readonly oracle?: boolean;
  /** Library: fold grants into namespaces. @default true */
  readonly fold?: boolean;
}

export interface RunResult {
  readonly config: RunConfig;
  /** Building the app and `app.synth()`, wall clock and CPU, ms. */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Peak resident memory of the process, MB (`process.resourceUsage().maxRSS`). */
  readonly maxRssMb: number;
  readonly largest?: string;
  readonly deployable?: 'yes' | 'quota increase' | 'no';
  readonly maxManagedPolicies?: number;
  readonly problems?: string[];
  readonly exact?: string;
  readonly error?: string;
}

function scaleApp(config: RunConfig): ScaleApp {
  const options: ScaleAppOptions = { repositories: config.repositories, principals: config.principals, fold: config.fold, stackTraces: false };
  return config.variant === 'plain' ? plainScaleApp(options) : libraryScaleApp(options);
}

async function exactness(built: ScaleApp): Promise<string> {
  const oracle = new AccessOracle(new SynthesizedApp(built.app));
  const role = oracle.principal(built.principals[0]);
  const arn = (name: string, account = REGISTRY_ACCOUNT) => oracle.externalRepository(`arn:aws:ecr:${REGION}:${account}:repository/${name}`);
  // PutImage on every repository; the whole push set on every hundredth
  let allowed = 0;
  for (const [i, repository] of built.repositories.entries()) {
    const actions = i % 100 === 0 ? PUSH : ['ecr:PutImage'];
    let all = true;
    for (const action of actions) all = await oracle.decide(role, action, arn(repository.repositoryName)) === 'Allowed' && all;
    if (all) allowed++;
  }
  const outside = namespaceNames(built.namespaces.length + 1).slice(-1)[0];
  const denials: Array<[string, string, ReturnType<typeof arn>]> = [
    ['outside the namespaces', 'ecr:PutImage', arn(`${outside}x`)],
    ['sibling prefix', 'ecr:PutImage', arn(`${built.namespaces[0].replace(/\/$/, '')}b/x`)],
    ['other account', 'ecr:PutImage', arn(built.repositories[0].repositoryName, OTHER_ACCOUNT)],
    ['delete', 'ecr:BatchDeleteImage', arn(built.repositories[0].repositoryName)],
    ['delete repository', 'ecr:DeleteRepository', arn(built.repositories[0].repositoryName)],
  ];
  const leaks: string[] = [];
  for (const [what, action, target] of denials) {
    if (await oracle.decide(role, action, target) !== 'ImplicitlyDenied') leaks.push(what);
  }
  const total = built.repositories.length;
  return `${allowed.toLocaleString('en-US')}/${total.toLocaleString('en-US')} allowed; ${denials.length - leaks.length}/${denials.length} outside denied` +
    (leaks.length > 0 ? ` (ALLOWED: ${leaks.join(', ')})` : '');
}

async function run(config: RunConfig): Promise<RunResult> {
  // warm up: load the modules aws-cdk-lib loads lazily and let the JIT see the code paths
  scaleApp({ ...config, repositories: 2, principals: 1 }).app.synth();
  (global as { gc?: () => void }).gc?.();

  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let built: ScaleApp | undefined;
  let error: string | undefined;
  try {
    built = scaleApp(config);
    built.app.synth();
  } catch (e) {
    error = (e as Error).message.split('\n').slice(0, 2).join(' ');
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStarted);
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const result = { config, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb };
  if (error !== undefined) return { ...result, error };

  const quotas = checkQuotas(built!.app);
  const deployable = quotas.deployable ? 'yes' : quotas.deployableWithQuotaIncrease ? 'quota increase' : 'no';
  return {
    ...result,
    largest: quotas.largest,
    deployable,
    maxManagedPolicies: quotas.maxManagedPolicies,
    problems: quotas.problems.slice(0, 3),
    exact: config.oracle ? await exactness(built!) : undefined,
  };
}

run(JSON.parse(process.argv[2]) as RunConfig).then(
  (result) => console.log(JSON.stringify(result)),
  (e) => {
    console.log(JSON.stringify({ config: JSON.parse(process.argv[2]), error: String(e?.stack ?? e) }));
    process.exitCode = 1;
  },
);
