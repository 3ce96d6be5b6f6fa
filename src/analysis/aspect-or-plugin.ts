import * as path from 'path';
import { Annotations, IPolicyValidationContext, PolicyValidationPluginReport, Stack, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { TextFile } from './assembly-files';
import { templatesFromAssembly } from './assembly-templates';
import { sharedTemplates } from './shared-reads';
import { TemplateSet } from './template-set';
import { templatesFromTree, TreeTemplates } from './tree-templates';

// The checks and the report each run at synth whichever way users add them: as an Aspect
// (`Aspects.of(app).add(x)`) or as a policy-validation plugin (`Validations.of(app).addPlugins(x)`).
// This is what the two ways have in common: when to run (once per app, after every aspect and
// preparation), where the templates come from, and where the cloud assembly goes. What to do with
// the templates, and how to say what went wrong, stays with each analysis.

/** The key of the plugin report's metadata that holds the line the adapter prints. */
export const SUMMARY = 'summary';

/** One run of an analysis at synth. */
export interface SynthRun {
  /** The construct the Aspect was added to; absent for the plugin. */
  readonly scope?: IConstruct;
  /** The cloud assembly directory, when known. */
  readonly outdir?: string;
  /** Reads the templates; it may throw, and each analysis reports that its own way. */
  read(): { readonly templates: TemplateSet };
}

/** A run as an Aspect. */
export interface TreeRun extends SynthRun {
  /** The construct the Aspect was added to: what it reads covers the stage that holds it. */
  readonly scope: IConstruct;
  /** Reads the templates from the construct tree, with the construct at each path (to annotate). */
  read(): TreeTemplates;
}

/** What an analysis does in each way. */
export interface SynthAnalysis {
  /** Its class name (`EcrAccessChecks`): the construct its Aspect-mode errors are reported at. */
  readonly name: string;
  /** As an Aspect: annotate as it sees fit, and return the errors that fail the synth. */
  inTree(run: TreeRun): string[];
  /** As a policy-validation plugin: the validation report, with one line for the synth output in `metadata.summary`. */
  inPlugin(run: SynthRun): PolicyValidationPluginReport;
}

/** The `visit` and `validate` of an analysis that is both an Aspect and a policy-validation plugin. */
export class AspectOrPlugin {
  private readonly scopes = new WeakSet<IConstruct>();

  constructor(private readonly analysis: SynthAnalysis) {}

  /**
   * On the first construct the Aspect visits (where it was added), registers a validation that runs
   * the analysis once, after every aspect and after preparation, so it sees the policies exactly as
   * they are synthesized. Aspects visit every construct below: only the highest one counts.
   */
  public visit(node: IConstruct): void {
    for (let scope: IConstruct | undefined = node; scope; scope = scope.node.scope) {
      if (this.scopes.has(scope)) return;
    }
    this.scopes.add(node);
    // CDK prints each validation error after the path of the construct that holds the validation:
    // on the app (path '') that is a stray '[]'. A child named after the analysis reads
    // '[EcrAccessReport] Expected …' (or '[Stack/EcrAccessReport] …' when added to a stack).
    const reporter = new Construct(node, uniqueChildId(node, this.analysis.name));
    reporter.node.addValidation({ validate: () => this.analysis.inTree(treeRun(node)) });
  }

  /**
   * Runs the analysis on the synthesized templates the validation framework hands the plugin, and
   * prints its `summary` line: CDK prints a passing plugin's report as one word ("success") and
   * keeps the metadata for the JSON file, while the assembly (and so every annotation) is already
   * written, so standard error, where CDK says "Performing Policy Validations", is where it shows.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.analysis.inPlugin(pluginRun(context));
    const summary = report.metadata?.[SUMMARY];
    if (summary) process.stderr.write(`[${this.analysis.name}] ${summary}\n`);
    return report;
  }
}

/**
 * One line at synth saying what an analysis did, as an info message `cdk synth` prints. Messages are
 * kept per stack (CDK drops those of constructs outside a stack, such as the app), so the line goes on
 * the scope when it is in a stack, otherwise on the first stack under it; with no stack there is
 * nothing to say.
 */
export function synthInfo(scope: IConstruct, text: string): void {
  const inStack = scope.node.scopes.some((c) => Stack.isStack(c));
  const anchor = inStack ? scope : firstStack(scope);
  if (anchor) Annotations.of(anchor).addInfo(text);
}

/** The first stack under the scope in pre-order, as `findAll()` lists them, without listing the whole tree. */
function firstStack(scope: IConstruct): Stack | undefined {
  if (Stack.isStack(scope)) return scope;
  for (const child of scope.node.children) {
    const stack = firstStack(child);
    if (stack) return stack;
  }
  return undefined;
}

/** A file of the cloud assembly as users would type it: relative to where they ran `cdk synth`. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function uniqueChildId(scope: IConstruct, name: string): string {
  let id = name;
  for (let n = 2; scope.node.tryFindChild(id); n++) id = `${name}${n}`;
  return id;
}

function treeRun(scope: IConstruct): TreeRun {
  // the stage the run covers: the one that holds the scope (the scope itself, for the app)
  const stage = [...scope.node.scopes].reverse().find((c): c is Stage => Stage.isStage(c));
  return { scope, outdir: stage?.outdir, read: () => templatesFromTree(scope) };
}

function pluginRun(context: IPolicyValidationContext): SynthRun {
  // appConstruct is declared on aws-cdk-lib 2.258+, but other callers may not pass it
  const app = (context as { appConstruct?: IConstruct }).appConstruct;
  const outdir = app && Stage.isStage(app) ? app.outdir : shortestDirectory(context.templatePaths);
  const read = (texts: readonly TextFile[]) => templatesFromAssembly(context.templatePaths, app, texts);
  return { outdir, read: () => ({ templates: sharedTemplates(app, context.templatePaths, read) }) };
}

/** The assembly's own directory: nested stages' templates are in directories below it. */
function shortestDirectory(files: readonly string[] | undefined): string | undefined {
  return (files ?? []).map((f) => path.dirname(f)).sort((a, b) => a.length - b.length)[0];
}
