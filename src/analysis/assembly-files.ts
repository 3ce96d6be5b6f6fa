import { existsSync, readFileSync, realpathSync } from 'fs';
import * as path from 'path';

// The files of a cloud assembly on disk: its manifest, the stack templates it lists, and the nested
// assemblies (stages) it refers to. What cannot be read is said, file by file, with the reason:
// a report made from fewer templates than the app has must not look complete.

/** A file's text, or why it could not be read. */
export type TextFile = { readonly text: string; readonly error?: undefined } | { readonly text?: undefined; readonly error: string };

/** A JSON file's content, or why it could not be read. */
export type JsonFile = { readonly json: unknown; readonly error?: undefined } | { readonly json?: undefined; readonly error: string };

/** Reads a text file; the error says why not (no such file, permission denied, a directory). */
export function readTextFile(file: string): TextFile {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { error: `cannot read ${file}: ${readError(e)}` };
  }
}

/** The JSON of a file's text as read, or why there is none (it could not be read, or it is not valid JSON). */
export function parseJsonFile(file: string, read: TextFile): JsonFile {
  if (read.error !== undefined) return { error: read.error };
  try {
    return { json: JSON.parse(read.text) };
  } catch (e) {
    return { error: `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** Reads a JSON file; the error says why not (no such file, permission denied, not valid JSON). */
export function readJsonFile(file: string): JsonFile {
  return parseJsonFile(file, readTextFile(file));
}

export interface AssemblyFiles {
  /** Every stack template the manifests list, nested assemblies included. */
  readonly templatePaths: string[];
  /** Manifests that could not be read, and nested assemblies that refer back to one being read: what and why. */
  readonly problems: string[];
}

interface ManifestJson {
  readonly artifacts?: Record<string, { type?: string; properties?: { templateFile?: string; directoryName?: string } }>;
}

/**
 * The stack templates of the cloud assembly in `dir`, nested assemblies included; undefined when the
 * directory has no `manifest.json` (no cloud assembly at all).
 */
export function readAssemblyFiles(dir: string): AssemblyFiles | undefined {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const files: AssemblyFiles = { templatePaths: [], problems: [] };
  walk(dir, readJsonFile(manifestPath), files, [canonical(dir)]);
  return files;
}

function walk(dir: string, manifest: JsonFile, files: AssemblyFiles, reading: readonly string[]): void {
  if (manifest.error !== undefined) {
    files.problems.push(manifest.error);
    return;
  }
  const artifacts = (manifest.json as ManifestJson | null)?.artifacts;
  if (artifacts === undefined || artifacts === null || typeof artifacts !== 'object') {
    files.problems.push(`${path.join(dir, 'manifest.json')} is not a cloud assembly manifest (no "artifacts")`);
    return;
  }
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact?.type === 'aws:cloudformation:stack' && typeof artifact.properties?.templateFile === 'string') {
      files.templatePaths.push(path.resolve(dir, artifact.properties.templateFile));
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      const nested = path.join(dir, artifact.properties.directoryName);
      const key = canonical(nested);
      if (reading.includes(key)) {
        files.problems.push(`the nested assembly '${id}' in ${path.join(dir, 'manifest.json')} refers back to ${nested}, which is being read (a cycle): not read again`);
        continue;
      }
      walk(nested, readJsonFile(path.join(nested, 'manifest.json')), files, [...reading, key]);
    }
  }
}

/** The directory as one path, whichever way it is written (`.`, `..`, symbolic links). */
function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return e instanceof Error ? e.message : String(e);
}
