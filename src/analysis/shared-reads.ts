import { IConstruct } from 'constructs';
import { AccessModel } from './access-model';
import { readTextFile, TextFile } from './assembly-files';
import { TemplateSet } from './template-set';

// An app that uses both the checks and the report as validation plugins has each read the same
// synthesized templates and build the same access model in one synth. The second reads what the
// first read: the templates by app, files and texts (a file written since is read again), the
// model by template set. Both only read what they share.
//
// The key is the texts themselves, not the files' sizes and times: each text is read anyway (once,
// for the parse it saves on a match), while a stat per file cost every synth a call per template
// (aws-cdk-lib times every fs call) only so that a second plugin could skip its parse. The texts
// live as long as the set they were parsed into.

interface SharedSet {
  readonly paths: readonly string[];
  readonly texts: readonly string[];
  readonly templates: TemplateSet;
}

const templatesByApp = new WeakMap<IConstruct, SharedSet>();
const models = new WeakMap<TemplateSet, AccessModel>();

/**
 * The templates `read` makes of the files' texts, or those it made for the same app, the same files
 * and the same texts. Without the app (older aws-cdk-lib, the command line) nothing identifies one
 * synth: `read` runs.
 */
export function sharedTemplates(
  app: IConstruct | undefined, templatePaths: readonly string[], read: (texts: readonly TextFile[]) => TemplateSet,
): TemplateSet {
  const files = templatePaths.map(readTextFile);
  if (!app) return read(files);
  const cached = templatesByApp.get(app);
  if (cached && sameFiles(cached, templatePaths, files)) return cached.templates;
  const templates = read(files);
  const texts = textsOf(files);
  // a file that cannot be read is never shared: the next reader says why for itself
  if (texts) templatesByApp.set(app, { paths: templatePaths, texts, templates });
  return templates;
}

/** The access model of a template set, built once however many analyses ask. */
export function accessModelOf(templates: TemplateSet): AccessModel {
  let model = models.get(templates);
  if (!model) {
    model = new AccessModel(templates);
    models.set(templates, model);
  }
  return model;
}

function sameFiles(cached: SharedSet, paths: readonly string[], files: readonly TextFile[]): boolean {
  if (cached.paths.length !== paths.length) return false;
  for (let i = 0; i < paths.length; i++) {
    if (cached.paths[i] !== paths[i] || cached.texts[i] !== files[i].text) return false;
  }
  return true;
}

/** Every file's text, or undefined when one could not be read. */
function textsOf(files: readonly TextFile[]): string[] | undefined {
  const texts: string[] = [];
  for (const file of files) {
    if (file.text === undefined) return undefined;
    texts.push(file.text);
  }
  return texts;
}
