import * as path from 'path';
import { Stack, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgmentsInTree } from './acknowledgments';
import { parseJsonFile, readJsonFile, TextFile } from './assembly-files';
import { Acknowledgment, StackTemplate, TemplateJson, TemplateSet, UnreadableResource } from './template-set';

// The templates as the policy-validation plugin (and the `report` command) reads them: the
// synthesized templates on disk, with the environment, construct paths and acknowledgments the
// cloud assembly's manifest records beside them.

/* eslint-disable @typescript-eslint/no-explicit-any */

const LOGICAL_ID = 'aws:cdk:logicalId';
const SLASH = 0x2f;

/**
 * @param templatePaths the templates the validation framework hands the plugin
 * @param app the app's construct tree, when the framework provides it (aws-cdk-lib 2.258+): its
 * acknowledgments count too, including those above the stacks, which the manifest does not record
 * @param texts the templates' texts, when already read (in the order of `templatePaths`)
 */
export function templatesFromAssembly(templatePaths: readonly string[], app?: IConstruct, texts?: readonly TextFile[]): TemplateSet {
  // The app's stacks say each template's artifact id and environment as the manifest records them
  // (it is written from them); the manifest, a large file most synths need nothing else from, is
  // read only for a template the app does not account for, a metadata file, or an error.
  const appStacks = app ? stacksByTemplatePath(app) : undefined;
  const manifests = new Map<string, Map<string, [string, any]>>();
  const manifestOf = (dir: string) => {
    let artifacts = manifests.get(dir);
    if (!artifacts) {
      artifacts = stackArtifacts(readJson(path.join(dir, 'manifest.json')));
      manifests.set(dir, artifacts);
    }
    return artifacts;
  };
  const stacks: StackTemplate[] = [];
  const unreadable: UnreadableResource[] = [];
  // Acknowledgments matter only to a finding, and most synths have none: the construct tree walk and
  // the metadata files the construct paths did not need are read the first time a finding asks. The
  // metadata files are written from the tree: a stack of the app has its acknowledgments from the tree
  // alone (from both, each would count twice, and one without a reason would be named twice).
  const acknowledgmentSources: Array<() => Acknowledgment[]> = [];

  for (let i = 0; i < templatePaths.length; i++) {
    const templatePath = templatePaths[i];
    const dir = path.dirname(templatePath);
    const artifactOf = (): [string, any] => manifestOf(dir).get(path.basename(templatePath)) ?? [path.basename(templatePath, '.template.json'), {}];
    const appStack = appStacks?.get(templatePath);
    const [artifactId, environmentText] = appStack ? [appStack.artifactId, appStack.environment] : [artifactOf()[0], artifactOf()[1].environment];

    const read = texts ? parseJsonFile(templatePath, texts[i]) : readJsonFile(templatePath);
    const template: TemplateJson = read.error === undefined && isObject(read.json) ? read.json as TemplateJson : { Resources: {} };
    const error = read.error ?? (isObject(read.json) ? undefined : `${templatePath} is not a CloudFormation template`);
    if (error !== undefined) unreadable.push({ stackId: artifactId, logicalId: '', constructPath: artifactOf()[1].displayName ?? artifactId, error });
    const constructPaths = new Map<string, string>();
    let everyPathKnown = true;
    const resources = template.Resources ?? {};
    for (const logicalId in resources) {
      const cdkPath = resources[logicalId]?.Metadata?.['aws:cdk:path'];
      if (typeof cdkPath === 'string') constructPaths.set(logicalId, cdkPath);
      else everyPathKnown = false;
    }
    // `cdk synth` writes aws:cdk:path on every resource, and then the metadata file (as large as the
    // template) adds only acknowledgments, which a stack of the app has from the tree; otherwise it is
    // read when a path is first asked for, which the checks do only for a finding
    let recorded: Acknowledgment[] | undefined;
    const readMetadata = () => {
      const artifact = artifactOf()[1];
      recorded ??= metadataEntries(artifact.metadata
        ?? (artifact.additionalMetadataFile ? readJson(path.join(dir, artifact.additionalMetadataFile)) : undefined) ?? {}, constructPaths);
      return recorded;
    };
    if (!appStack) acknowledgmentSources.push(readMetadata);
    const [account, region] = environment(environmentText);
    stacks.push({
      id: artifactId,
      template,
      account,
      region,
      get constructPaths() {
        if (!everyPathKnown) readMetadata();
        return constructPaths;
      },
      templatePath,
    });
  }
  if (app) acknowledgmentSources.push(() => acknowledgmentsInTree(app));
  let acknowledgments: Acknowledgment[] | undefined;
  return {
    stacks,
    unreadable,
    get acknowledgments() {
      acknowledgments ??= acknowledgmentSources.flatMap((source) => source());
      return acknowledgments;
    },
  };
}

/**
 * The stacks of the app by the path of their template, as the validation framework names them (the
 * stage's output directory and the stack's template file); stacks within stacks are left to the manifest.
 */
function stacksByTemplatePath(app: IConstruct): Map<string, Stack> {
  const out = new Map<string, Stack>();
  const visit = (construct: IConstruct, stage: Stage | undefined) => {
    for (const child of construct.node.children) {
      if (Stack.isStack(child)) {
        if (stage) out.set(path.join(stage.outdir, child.templateFile), child);
      } else {
        visit(child, Stage.isStage(child) ? child : stage);
      }
    }
  };
  visit(app, Stage.isStage(app) ? app : undefined);
  return out;
}

/** Reads a stack's metadata: the construct path of each logical id into `constructPaths`, and the acknowledgments recorded. */
function metadataEntries(metadata: Record<string, any[]>, constructPaths: Map<string, string>): Acknowledgment[] {
  // the report reads every stack's file (each as large as its template): no pair per path, no regex
  const acknowledgments: Acknowledgment[] = [];
  const acknowledged = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  for (const constructPath in metadata) {
    const entries = metadata[constructPath];
    if (!Array.isArray(entries)) continue;
    // aws-cdk-lib writes each path from the root, with a leading '/'
    const clean = constructPath.charCodeAt(0) === SLASH ? constructPath.slice(1) : constructPath;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const type = entry?.type;
      if (type === LOGICAL_ID) {
        if (typeof entry.data === 'string') constructPaths.set(entry.data, clean);
      } else if (type === acknowledged && entry.data && typeof entry.data === 'object') {
        for (const id in entry.data) acknowledgments.push({ path: clean, id, reason: typeof entry.data[id] === 'string' ? entry.data[id] : '' });
      }
    }
  }
  return acknowledgments;
}

/** The stack artifacts of a manifest by template file name. */
function stackArtifacts(manifest: any): Map<string, [string, any]> {
  const out = new Map<string, [string, any]>();
  for (const [id, artifact] of Object.entries<any>(manifest?.artifacts ?? {})) {
    const file = artifact?.properties?.templateFile;
    if (typeof file === 'string') out.set(file, [id, artifact]);
  }
  return out;
}

/** `aws://111111111111/us-east-1`; `unknown-account`/`unknown-region` for environment-agnostic stacks. */
function environment(value: unknown): [string | undefined, string | undefined] {
  const match = typeof value === 'string' ? /^aws:\/\/([^/]*)\/(.*)$/.exec(value) : null;
  if (!match) return [undefined, undefined];
  return [/^\d{12}$/.test(match[1]) ? match[1] : undefined, match[2] && !match[2].startsWith('unknown') ? match[2] : undefined];
}

/** The file's JSON, or undefined: the manifest and metadata only add paths and acknowledgments to what the templates say. */
function readJson(file: string): any {
  return readJsonFile(file).json;
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
