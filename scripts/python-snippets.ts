/**
 * `npx projen docs:python` (after `compile`): writes the Python translation of every TypeScript snippet
 * marked `<!-- rosetta:python -->` in README.md and docs/*.md, right under it, as jsii-rosetta
 * translates it from the compiled library, so the Python users read is never written by hand.
 * `docs:python:check` (CI) fails, naming the file and line, when a translation is missing or stale.
 *
 * Every TypeScript snippet of those files, marked or not, is compiled against the built assembly as
 * `rosetta:check` compiles the README's (which is all it sees: docs/ is not in the assembly): the
 * fixture rosetta/default.ts-fixture puts it in a stack's constructor, `declare const` gives it
 * context, and a snippet that does not compile fails the task with its file and line.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { RosettaTranslator, TargetLanguage, TypeScriptSnippet } from 'jsii-rosetta';

type Assembly = NonNullable<NonNullable<ConstructorParameters<typeof RosettaTranslator>[0]>['assemblies']>[number];
interface LoadedAssembly { readonly assembly: Assembly; readonly directory: string }

// jsii-rosetta's `extract` command (rosetta:check) reads snippets with these two functions of its
// lib/jsii/assemblies.js, which apply the fixture and the package's own dependencies; the package exports
// only its index, so they are loaded by file path, with the part of their signatures used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { allTypeScriptSnippets, loadAssemblies } = require(path.join(path.dirname(require.resolve('jsii-rosetta')), 'jsii', 'assemblies')) as {
  loadAssemblies(locations: readonly string[], validate: boolean): readonly LoadedAssembly[];
  allTypeScriptSnippets(assemblies: readonly LoadedAssembly[]): Promise<TypeScriptSnippet[]>;
};

const ROOT = path.join(__dirname, '..');
export const MARKER = '<!-- rosetta:python -->';

/** A marked TypeScript block and the Python block under it, if there is one yet. */
const BLOCK = new RegExp(`${MARKER}\\n\`\`\`ts\\n([\\s\\S]*?)\\n\`\`\`\\n(?:\\n\`\`\`python\\n[\\s\\S]*?\\n\`\`\`\\n)?`, 'g');

/** Every TypeScript block, marked or not. */
const ANY_BLOCK = /^```ts\n([\s\S]*?)\n```$/gm;

export interface MarkedSnippet {
  readonly file: string;
  readonly line: number;
  readonly typescript: string;
}

function snippetsOf(file: string, markdown: string, pattern: RegExp): MarkedSnippet[] {
  return [...markdown.matchAll(pattern)].map((m) => ({ file, line: markdown.slice(0, m.index).split('\n').length + 1, typescript: m[1] }));
}

/** Every marked snippet of one Markdown text; `line` is the line of its opening fence's marker + 1. */
export function markedSnippets(file: string, markdown: string): MarkedSnippet[] {
  return snippetsOf(file, markdown, BLOCK);
}

/** The Markdown with each marked block followed by its translation (`python(typescript)`). */
export function withPython(markdown: string, python: (typescript: string) => string): string {
  return markdown.replace(BLOCK, (_block, typescript: string) =>
    `${MARKER}\n\`\`\`ts\n${typescript}\n\`\`\`\n\n\`\`\`python\n${python(typescript).trimEnd()}\n\`\`\`\n`);
}

function documents(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', ...docs.sort()];
}

/**
 * Translates the snippets with jsii-rosetta against the compiled assembly (.jsii) of this package:
 * the Python of each, by its TypeScript, and the TypeScript of those that do not compile.
 */
async function translate(snippets: readonly MarkedSnippet[]): Promise<{ python: Map<string, string>; failed: Set<string> }> {
  const [assembly] = loadAssemblies([ROOT], false);
  // one module README holding just the marked blocks: rosetta then applies the fixture and the
  // package's dependencies to them as it does to the README it compiles in `rosetta:check`
  const markdown = snippets.map((s) => `\`\`\`ts\n${s.typescript}\n\`\`\``).join('\n\n');
  const onlyTheseSnippets = { ...assembly, assembly: { ...assembly.assembly, readme: { markdown }, types: {}, submodules: {} } };
  const typescript = await allTypeScriptSnippets([onlyTheseSnippets]);
  const translator = new RosettaTranslator({ assemblies: [assembly.assembly], includeCompilerDiagnostics: true });
  const result = await translator.translateAll(typescript, { addToTablet: false });
  for (const diagnostic of result.diagnostics.filter((d) => d.isError)) console.error(diagnostic.formattedMessage);
  const python = new Map<string, string>();
  const failed = new Set<string>();
  for (const translated of result.translatedSnippets) {
    const source = translated.originalSource.source.trim();
    python.set(source, translated.get(TargetLanguage.PYTHON)!.source);
    if (translated.snippet.didCompile === false) failed.add(source);
  }
  return { python, failed };
}

async function main(check: boolean): Promise<void> {
  const texts = new Map(documents().map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
  const all = [...texts].flatMap(([file, text]) => snippetsOf(file, text, ANY_BLOCK));
  const { python, failed } = await translate(all);
  const broken = all.filter((s) => failed.has(s.typescript.trim())).map((s) => `${s.file}:${s.line}`);
  if (broken.length > 0) {
    console.error(`These snippets do not compile against the library (the errors are above): ${broken.join(', ')}`);
    process.exit(1);
  }
  const snippets = [...texts].flatMap(([file, text]) => markedSnippets(file, text));
  const stale: string[] = [];
  for (const [file, text] of texts) {
    const updated = withPython(text, (typescript) => python.get(typescript.trim())!);
    if (updated === text) continue;
    if (check) {
      stale.push(...markedSnippets(file, text).map((s) => `${s.file}:${s.line}`));
    } else {
      writeFileSync(path.join(ROOT, file), updated);
      console.log(`wrote the Python of ${markedSnippets(file, text).length} snippet(s) in ${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`The Python under these snippets is missing or stale: ${stale.join(', ')}. Run \`npx projen docs:python\` after \`npx projen compile\`.`);
    process.exit(1);
  }
  console.log(`${all.length} snippets compiled in ${texts.size} files; ${snippets.length} marked${check ? ', every Python translation current' : ''}`);
}

if (require.main === module) {
  main(process.argv.includes('--check')).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
