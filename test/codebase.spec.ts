import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

/** Every TypeScript source file under the given folders, as [path from the root, text]. */
function sources(...folders: string[]): Array<[string, string]> {
  const walk = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
      return /\.tsx?$/.test(entry.name) ? [path] : [];
    });
  return folders.flatMap((folder) => walk(join(ROOT, folder))).map((path) => [relative(ROOT, path), readFileSync(path, 'utf8')]);
}

/** Loaded by another package (a driver by name, a peer dependency), never imported by our code. */
const LOADED_BY_NAME: Record<string, string> = {
  'better-sqlite3': 'TypeORM driver for sqlite: URLs',
  pg: 'TypeORM driver for postgres:// URLs',
  rxjs: "peer dependency of @nestjs/common, @nestjs/core and @nestjs/axios (the bksb client calls axios itself, not HttpService's observable)",
};

describe('the code base', () => {
  it('uses every runtime dependency it declares', () => {
    const declared = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const code = sources('apps', 'libs', 'test')
      .map(([, text]) => text)
      .join('\n');
    const escape = (name: string) => name.replace(/[/.]/g, (c) => `\\${c}`);
    const unused = declared.filter(
      (name) => !(name in LOADED_BY_NAME) && !new RegExp(`(from |import |require\\(|require\\.resolve\\()'${escape(name)}(/[^']*)?'`).test(code),
    );
    expect(unused).toEqual([]);
  });

  it('reckons wall-clock time in a zone in one module (the sandbox keeps its own on purpose)', () => {
    const zoneArithmetic = sources('apps/picsweb', 'libs')
      .filter(([path, text]) => !path.endsWith('.spec.ts') && text.includes('formatToParts'))
      .map(([path]) => path);
    expect(zoneArithmetic).toEqual(['libs/common/src/time/zoned-time.ts']);
  });
});
