import request from 'supertest';
import { TEST_PASSWORD } from './identity';
import { TestApp } from './test-app';

/**
 * A browser without a browser: keeps cookies (Secure ones too, which supertest's agent
 * drops over http) and posts forms as a page posts them.
 */
export function browserAgent(testApp: TestApp) {
  const jar = new Map<string, string>();
  const http = request(testApp.app.getHttpServer());
  const keep = (response: request.Response) => {
    for (const line of (response.headers['set-cookie'] as unknown as string[] | undefined) ?? []) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    return response;
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const get = async (path: string) => keep(await http.get(path).set('cookie', cookie()));
  const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    keep(await http.post(path).set('cookie', cookie()).set(headers).type('form').send(form));
  return {
    jar,
    csrfOf,
    get,
    post,
    async signIn(email: string, password = TEST_PASSWORD, next?: string) {
      const form = await get('/login');
      return post('/login', { email, password, _csrf: csrfOf(form.text), ...(next ? { next } : {}) });
    },
  };
}
