import MarkdownIt from 'markdown-it';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { h, type ComponentChildren, type VNode } from 'preact';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** The heading that starts the part of the user guide for PICS support; the Help page shows what comes before it. */
export const SUPPORT_PART_HEADING = 'For PICS support';

/** Where the Help page serves the guide's screenshots. */
export const HELP_SCREENSHOTS_PATH = '/integrations/bksb/help/screenshots';

/** The package root (the folder with package.json), found from here in the sources and in the build alike. */
export function packageRoot(from: string = __dirname): string {
  let directory = from;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('The package root (with package.json) was not found above the bksb Help page.');
    directory = parent;
  }
  return directory;
}

export const userGuideFile = (root = packageRoot()): string => join(root, 'docs', 'user-guide.md');
export const screenshotsDirectory = (root = packageRoot()): string => join(root, 'docs', 'screenshots');

/** A link or image of the guide that the Help page cannot show as written. */
export class UserGuideProblem extends Error {
  constructor(readonly problems: string[]) {
    super(`docs/user-guide.md cannot be shown as the Help page:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'UserGuideProblem';
  }
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens; so a link works on GitHub and in the app. */
export function slugOf(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const SCREENSHOT = /^screenshots\/([a-z0-9-]+\.png)$/;
/** Raw HTML stays text (html: false); bare addresses are not turned into links. */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

function textOf(tokens: Token[] | null): string {
  return (tokens ?? []).map((token) => (token.type === 'text' || token.type === 'code_inline' ? token.content : textOf(token.children))).join('');
}

/** The tokens of the guide's part for administrators and staff: everything before the heading of PICS support's part. */
function helpPart(tokens: Token[]): Token[] {
  const end = tokens.findIndex(
    (token, index) => token.type === 'heading_open' && token.tag === 'h2' && textOf(tokens[index + 1]?.children ?? null).trim() === SUPPORT_PART_HEADING,
  );
  return end === -1 ? tokens : tokens.slice(0, end);
}

export interface RenderedGuide {
  body: VNode;
  /** The screenshots the part shows (file names in docs/screenshots). */
  screenshots: string[];
  /** The ids of its headings, in order. */
  headingIds: string[];
}

interface Frame {
  tag: string;
  attributes: Record<string, string>;
  children: ComponentChildren[];
}

/**
 * The bksb part of the user guide as preact elements, built from markdown-it's tokens (so every
 * text is escaped by preact and no HTML string is ever put in the page). Links may go to a heading
 * of the part (`#...`), to an https or mailto address, or to nothing else; images only to
 * `screenshots/NAME.png`, which must exist. Any other is a UserGuideProblem, found when the page
 * first renders and by the docs test.
 */
export function renderUserGuide(source: string, options: { screenshotExists: (name: string) => boolean }): RenderedGuide {
  const tokens = helpPart(markdown.parse(source, {}));
  const problems: string[] = [];
  const screenshots: string[] = [];
  const headingIds: string[] = [];
  const fragments: string[] = [];
  const seen = new Map<string, number>();

  const root: Frame = { tag: 'div', attributes: {}, children: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1];
  const open = (tag: string, attributes: Record<string, string> = {}) => stack.push({ tag, attributes, children: [] });
  const close = () => {
    const frame = stack.pop()!;
    top().children.push(h(frame.tag, frame.attributes, ...frame.children));
  };

  const hrefOf = (href: string): string => {
    if (href.startsWith('#')) {
      fragments.push(href.slice(1));
      return href;
    }
    if (/^(https:\/\/|mailto:)/.test(href)) return href;
    problems.push(`the link to "${href}" would not work in the app: link to a heading of this part (#...) or to an https address`);
    return '#';
  };

  const inline = (children: Token[]) => {
    for (const token of children) {
      switch (token.type) {
        case 'text':
          top().children.push(token.content);
          break;
        case 'code_inline':
          top().children.push(h('code', null, token.content));
          break;
        case 'softbreak':
          top().children.push('\n');
          break;
        case 'hardbreak':
          top().children.push(h('br', null));
          break;
        case 'image': {
          const src = token.attrGet('src') ?? '';
          const match = SCREENSHOT.exec(src);
          if (!match) problems.push(`the image "${src}" is not a screenshot of docs/screenshots/ (screenshots/NAME.png)`);
          else if (!options.screenshotExists(match[1])) problems.push(`the screenshot ${src} does not exist (npm run screenshots makes it)`);
          else screenshots.push(match[1]);
          top().children.push(h('img', { src: match ? `${HELP_SCREENSHOTS_PATH}/${match[1]}` : '', alt: textOf(token.children), loading: 'lazy' }));
          break;
        }
        case 'link_open':
          open('a', { href: hrefOf(token.attrGet('href') ?? '') });
          break;
        case 'link_close':
        case 'strong_close':
        case 'em_close':
        case 's_close':
          close();
          break;
        case 'strong_open':
        case 'em_open':
        case 's_open':
          open(token.tag);
          break;
        default:
          // html_inline cannot occur (html: false); anything else unknown is shown as its text.
          top().children.push(token.content);
      }
    }
  };

  let lastHeading = 'The guide';
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.hidden && (token.type === 'paragraph_open' || token.type === 'paragraph_close')) continue;
    if (token.type === 'inline') {
      inline(token.children ?? []);
    } else if (token.type === 'heading_open') {
      lastHeading = textOf(tokens[index + 1]?.children ?? null);
      const base = slugOf(lastHeading);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const id = count === 0 ? base : `${base}-${count}`;
      headingIds.push(id);
      open(token.tag, { id });
    } else if (token.type === 'fence' || token.type === 'code_block') {
      top().children.push(h('pre', null, h('code', null, token.content)));
    } else if (token.type === 'hr') {
      top().children.push(h('hr', null));
    } else if (token.type === 'table_open') {
      // A wide table scrolls in its own region, reachable by keyboard, instead of widening a phone's page.
      open('div', { class: 'table-scroll', tabIndex: '0', role: 'region', 'aria-label': lastHeading });
      open('table');
    } else if (token.type === 'table_close') {
      close();
      close();
    } else if (token.nesting === 1) {
      // Table cells' alignment comes as a style attribute, which the Content-Security-Policy forbids: keep no attribute but an ordered list's start.
      const start = token.attrGet('start');
      open(token.tag, token.tag === 'ol' && start ? { start } : {});
    } else if (token.nesting === -1) {
      close();
    }
  }
  for (const fragment of fragments) {
    if (!headingIds.includes(fragment)) problems.push(`the link to "#${fragment}" names no heading of this part`);
  }
  if (problems.length > 0) throw new UserGuideProblem([...new Set(problems)]);
  return { body: <div class="user-guide">{root.children}</div>, screenshots, headingIds };
}

/** Reads and renders the guide from the package's docs/ folder. */
export function loadUserGuide(root = packageRoot()): RenderedGuide {
  const directory = screenshotsDirectory(root);
  return renderUserGuide(readFileSync(userGuideFile(root), 'utf8'), { screenshotExists: (name) => existsSync(join(directory, name)) });
}
