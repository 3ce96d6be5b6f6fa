import * as path from 'path';
import { IPolicyValidationContext, PolicyValidationPluginReport, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { templatesFromAssembly } from './assembly-templates';
import { TemplateSet } from './template-set';
import { templatesFromTree, TreeTemplates } from './tree-templates';

// The checks and the report each run at synth whichever way users add them: as an Aspect
// (`Aspects.of(app).add(x)`) or as a policy-validation plugin (`Validations.of(app).addPlugins(x)`).
// This is what the two ways have in common: when to run (once per app, after every aspect and
// preparation), where the templates come from, and where the cloud assembly goes. What to do with
// the templates, and how to say what went wrong, stays with each analysis.

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
  /** As an Aspect: annotate as it sees fit, and return the errors that fail the synth. */
  inTree(run: TreeRun): string[];
  /** As a policy-validation plugin: the validation report. */
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
    node.node.addValidation({ validate: () => this.analysis.inTree(treeRun(node)) });
  }

  /** Runs the analysis on the synthesized templates the validation framework hands the plugin. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.analysis.inPlugin(pluginRun(context));
  }
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
  return { outdir, read: () => ({ templates: templatesFromAssembly(context.templatePaths, app) }) };
}

/** The assembly's own directory: nested stages' templates are in directories below it. */
function shortestDirectory(files: readonly string[] | undefined): string | undefined {
  return (files ?? []).map((f) => path.dirname(f)).sort((a, b) => a.length - b.length)[0];
}
