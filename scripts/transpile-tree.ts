import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { transform } from 'sucrase';

/**
 * Transpiles the TypeScript under `dirs` (relative to `root`) to CommonJS JavaScript under `outDir`,
 * in the same layout, as jest's transform does: types stripped, imports made `require`s. Test files
 * and declarations are left out. For what runs outside jest from source: the bench's runs, the
 * command in its own process.
 */
export function transpileTree(root: string, dirs: readonly string[], outDir: string): void {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && !/\.(test|d)\.ts$/.test(e.name) ? [path.join(dir, e.name)] : []));
  for (const dir of dirs) {
    if (!existsSync(path.join(root, dir))) continue;
    for (const file of walk(path.join(root, dir))) {
      const { code } = transform(readFileSync(file, 'utf8'), { transforms: ['typescript', 'imports'], filePath: file });
      const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, code);
    }
  }
}
