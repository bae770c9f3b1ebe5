import MarkdownIt from 'markdown-it';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import request from 'supertest';
import { loadUserGuide, slugOf } from '../libs/bksb-integration/src/pages/help/user-guide';
import { startTestApp } from './support/test-app';

/**
 * Keeps the documentation true to the repository: links and pictures resolve to files in it, the
 * configuration table of docs/operating.md is exactly what the app reads, and docs/api.md names
 * every route of the generated OpenAPI document. Plain jest, no browser.
 */
const ROOT = resolve(__dirname, '..');
type Token = ReturnType<MarkdownIt['parse']>[number];
const markdown = new MarkdownIt({ html: false });

function markdownFiles(): string[] {
  const walk = (directory: string): string[] =>
    readdirSync(directory).flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.md') ? [path] : [];
    });
  return [join(ROOT, 'README.md'), join(ROOT, 'CHANGELOG.md'), ...walk(join(ROOT, 'docs'))];
}

/** The repository's own text files under a folder (sources, scripts, tests), not what is built or installed. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|json|md|css)$|^[a-z-]+$/.test(name) ? [path] : [];
  });
}

const inlineTokens = (tokens: Token[]): Token[] => tokens.flatMap((token) => (token.children ? [token, ...inlineTokens(token.children)] : [token]));

/** Every link and image target of a Markdown file. */
type Target = { kind: 'link' | 'image'; target: string };
function targetsOf(source: string): Target[] {
  return inlineTokens(markdown.parse(source, {})).flatMap((token): Target[] => {
    if (token.type === 'link_open') return [{ kind: 'link', target: token.attrGet('href') ?? '' }];
    if (token.type === 'image') return [{ kind: 'image', target: token.attrGet('src') ?? '' }];
    return [];
  });
}

/** GitHub's anchors of a Markdown file's headings (a repeated heading gets -1, -2, ...). */
function anchorsOf(source: string): Set<string> {
  const tokens = markdown.parse(source, {});
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    const text = (tokens[index + 1].children ?? []).filter((child) => child.type === 'text' || child.type === 'code_inline').map((child) => child.content).join('');
    const base = slugOf(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  });
  return anchors;
}

/** What is wrong with the relative links and images of one file: each must name a file (and heading) inside the repository. */
export function brokenTargets(file: string, source: string): string[] {
  const problems: string[] = [];
  const name = relative(ROOT, file);
  for (const { kind, target } of targetsOf(source)) {
    if (/^(https?:|mailto:)/.test(target)) continue;
    const [path, fragment] = target.split('#');
    const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (resolved !== ROOT && !resolved.startsWith(`${ROOT}${sep}`)) {
      problems.push(`${name}: the ${kind} "${target}" points outside the repository`);
    } else if (!existsSync(resolved)) {
      problems.push(`${name}: the ${kind} "${target}" names no file (${relative(ROOT, resolved)})`);
    } else if (fragment && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(fragment)) {
      problems.push(`${name}: the ${kind} "${target}" names no heading of ${relative(ROOT, resolved)}`);
    }
  }
  return problems;
}

/** The environment variables the app's configuration reads: the fields of EnvironmentVariables, less the mode the command line sets. */
export function variablesRead(source: string): string[] {
  const body = source.slice(source.indexOf('class EnvironmentVariables'), source.indexOf('\n}\n', source.indexOf('class EnvironmentVariables')));
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)[?!]?:/gm)].map((match) => match[1]).filter((name) => name !== 'PICSWEB_MODE');
}

/** The variables of the configuration table: the first cell of each row under the heading "Configuration" of docs/operating.md. */
export function variablesDocumented(operating: string): string[] {
  const start = operating.search(/^## Configuration\b/m);
  if (start === -1) return [];
  const next = operating.slice(start + 1).search(/^## /m);
  const section = operating.slice(start, next === -1 ? undefined : start + 1 + next);
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]);
}

describe('the documentation', () => {
  const files = markdownFiles();

  it('has README.md, CHANGELOG.md and the documents the README maps', () => {
    for (const name of ['api', 'pages', 'bksb-api', 'architecture', 'operating', 'benchmarks', 'sandbox', 'user-guide']) {
      expect(files).toContain(join(ROOT, 'docs', `${name}.md`));
    }
  });

  it('links and shows only files of the repository, and their headings', () => {
    const problems = files.flatMap((file) => brokenTargets(file, readFileSync(file, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('never sends the reader to a folder or contract outside the repository, in the docs or the code', () => {
    // Built from pieces, so this file does not name what it looks for.
    const outside = new RegExp(['\\.\\./' + 'shared', '/work/' + 'shared', 'shared ' + 'folder', '\\b(PAGES|API|STYLE|TRAPS)\\.' + 'md\\b'].join('|'));
    const code = ['apps', 'libs', 'test', 'scripts', '.ci'].flatMap((folder) => sourceFiles(join(ROOT, folder)));
    const naming = [...files, ...code].filter((file) => outside.test(readFileSync(file, 'utf8')));
    expect(naming.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('shows the first 40 lines of the README with the two commands', () => {
    const top = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 40).join('\n');
    expect(top).toContain('npm ci && npm start');
    expect(top).toContain('npm test');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('documents in docs/operating.md every setting the app reads, and no other', () => {
    const read = variablesRead(readFileSync(join(ROOT, 'apps/picsweb/src/config/environment.ts'), 'utf8'));
    const documented = variablesDocumented(readFileSync(join(ROOT, 'docs/operating.md'), 'utf8'));
    expect(read.length).toBeGreaterThan(20);
    expect({ undocumented: read.filter((name) => !documented.includes(name)), notRead: documented.filter((name) => !read.includes(name)) }).toEqual({
      undocumented: [],
      notRead: [],
    });
  });

  it('shows the bksb part of the user guide as the Help page, every link and picture checked', () => {
    const guide = loadUserGuide(ROOT);
    expect(guide.headingIds).toEqual(expect.arrayContaining(['fill-in-settings', 'a-persons-bksb-panel']));
    expect(guide.screenshots.length).toBeGreaterThan(5);
  });

  it('names in docs/api.md every route of the OpenAPI document', async () => {
    const testApp = await startTestApp({ env: { API_DOCS: 'true' } });
    try {
      const document = (await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
      const api = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
      const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      expect(routes.length).toBeGreaterThan(30);
      expect(routes.filter((route) => !api.includes(`\`${route}\``))).toEqual([]);
    } finally {
      await testApp.close();
    }
  });
});
