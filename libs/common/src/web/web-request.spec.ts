import { isPageRequest, parseFlash, safeLocalPath } from './web-request';

describe('safeLocalPath', () => {
  it.each(['/learners', '/learners/1?page=2', '/'])('keeps the path %s of this site', (path) => {
    expect(safeLocalPath(path)).toBe(path);
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/learners\nSet-Cookie: x', '', 42, undefined])(
    'refuses %p, which could lead off the site',
    (candidate) => {
      expect(safeLocalPath(candidate, '/home')).toBe('/home');
    },
  );
});

describe('isPageRequest', () => {
  it('tells the API from the pages', () => {
    expect(isPageRequest({ path: '/api/learners' })).toBe(false);
    expect(isPageRequest({ path: '/api' })).toBe(false);
    expect(isPageRequest({ path: '/apis' })).toBe(true);
    expect(isPageRequest({ path: '/learners' })).toBe(true);
  });
});

describe('parseFlash', () => {
  it('reads our flash cookie and ignores anything else', () => {
    expect(parseFlash(JSON.stringify({ text: 'Saved.' }))).toEqual({ text: 'Saved.', problem: false });
    expect(parseFlash(JSON.stringify({ text: 'No.', problem: true }))).toEqual({ text: 'No.', problem: true });
    expect(parseFlash(JSON.stringify({ text: 'Queued.', info: true }))).toEqual({ text: 'Queued.', problem: false, info: true });
    expect(parseFlash('not json')).toBeNull();
    expect(parseFlash(JSON.stringify({ other: 1 }))).toBeNull();
    expect(parseFlash(null)).toBeNull();
  });
});
