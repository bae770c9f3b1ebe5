import { renderToString } from 'preact-render-to-string';
import { renderUserGuide, slugOf, SUPPORT_PART_HEADING, UserGuideProblem } from './user-guide';

const render = (source: string, exists: string[] = ['a.png']) => renderUserGuide(source, { screenshotExists: (name) => exists.includes(name) });
const html = (source: string) => renderToString(render(source).body);

describe('the user guide as the Help page', () => {
  it('names headings as GitHub does, so a link works on GitHub and in the app', () => {
    expect(slugOf("A person's bksb panel")).toBe('a-persons-bksb-panel');
    expect(slugOf('Sync runs: what happened and when')).toBe('sync-runs-what-happened-and-when');
    expect(html('# Guide\n\n## Fill in Settings\n\nSee [below](#fill-in-settings).')).toContain('<h2 id="fill-in-settings">Fill in Settings</h2>');
  });

  it('keeps raw HTML as text and shows no style attribute', () => {
    const page = html('# Guide\n\n<script>alert(1)</script> and <b>bold</b>\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script>');
    expect(page).not.toContain('style=');
    expect(html('# Guide\n\n[x](javascript:alert(1))')).not.toContain('href="javascript');
    expect(page).toContain('<div class="table-scroll" tabindex="0" role="region" aria-label="Guide"><table>');
  });

  it('serves the screenshots from the app and stops at the part for PICS support', () => {
    const guide = render(`# Guide\n\n![Summary](screenshots/a.png)\n\n## ${SUPPORT_PART_HEADING}\n\n![x](screenshots/b.png) [ops](operating.md)`);
    expect(renderToString(guide.body)).toContain('<img src="/integrations/bksb/help/screenshots/a.png" alt="Summary"');
    expect(renderToString(guide.body)).not.toContain('operating');
    expect(guide.screenshots).toEqual(['a.png']);
  });

  it.each([
    ['a link to another file', '[ops](operating.md)', /operating\.md/],
    ['a link to a heading that is not there', '[x](#nowhere)', /#nowhere/],
    ['a plain http address', '[x](http://example.org/)', /would not work/],
    ['an image from elsewhere', '![x](https://example.org/x.png)', /not a screenshot/],
    ['a screenshot that does not exist', '![x](screenshots/missing.png)', /does not exist/],
  ])('refuses %s', (_what, line, problem) => {
    expect(() => render(`# Guide\n\n${line}`)).toThrow(UserGuideProblem);
    expect(() => render(`# Guide\n\n${line}`)).toThrow(problem);
  });
});
