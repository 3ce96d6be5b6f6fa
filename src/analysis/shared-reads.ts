import { statSync } from 'fs';
import { IConstruct } from 'constructs';
import { AccessModel } from './access-model';
import { TemplateSet } from './template-set';

// An app that uses both the checks and the report as validation plugins has each read the same
// synthesized templates and build the same access model in one synth. The second reads what the
// first read: the templates by app and files (a file written since, by size or time, is read again),
// the model by template set. Both only read what they share.

const templatesByApp = new WeakMap<IConstruct, { readonly key: string; readonly templates: TemplateSet }>();
const models = new WeakMap<TemplateSet, AccessModel>();

/**
 * The templates `read` returns, or those it returned for the same app and the same unchanged files.
 * Without the app (older aws-cdk-lib, the command line) nothing identifies one synth: `read` runs.
 */
export function sharedTemplates(app: IConstruct | undefined, templatePaths: readonly string[], read: () => TemplateSet): TemplateSet {
  if (!app) return read();
  const key = filesKey(templatePaths);
  const cached = templatesByApp.get(app);
  if (cached && key !== undefined && cached.key === key) return cached.templates;
  const templates = read();
  if (key !== undefined) templatesByApp.set(app, { key, templates });
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

/** The files with their sizes and modification times; undefined when one cannot be read (never cached). */
function filesKey(files: readonly string[]): string | undefined {
  const parts: string[] = [];
  for (const file of files) {
    try {
      const stat = statSync(file);
      parts.push(`${file}\u0000${stat.size}\u0000${stat.mtimeMs}`);
    } catch {
      return undefined;
    }
  }
  return parts.join('\u0001');
}
