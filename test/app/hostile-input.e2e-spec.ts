import { Body, Controller, Post } from '@nestjs/common';
import { Public } from '@picsweb/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import request from 'supertest';
import { PeopleService } from '../../apps/picsweb/src/people/people.service';
import { httpAs, seedIdentity, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

/** JSON text nested `depth` levels deep, e.g. 3: {"a":{"a":{"a":1}}}. */
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
class InnerBody {
  @IsOptional()
  @IsString()
  colour?: string;
}

class OuterBody {
  @ValidateNested()
  @Type(() => InnerBody)
  inner!: InnerBody;
}

/** A route with a nested body, mounted only in this test. */
@Public()
@Controller('api/probe')
class ProbeController {
  @Post('nested')
  nested(@Body() body: OuterBody): { ok: true } {
    void body;
    return { ok: true };
  }
}

const BUILT_IN_NAMES = ['toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', '__proto__', 'constructor'];

describe('hostile input (host app over HTTP)', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  let learnerId: string;
  const http = () => request(testApp.app.getHttpServer());
  const as = (name: 'admin' | 'staff') => httpAs(testApp.app, identity, name);

  beforeAll(async () => {
    testApp = await startTestApp({ extra: { controllers: [ProbeController] } });
    identity = await seedIdentity(testApp.app);
    learnerId = (await testApp.app.get(PeopleService).create(identity.organisationId, 'learner', { firstName: 'Ann', lastName: 'Lee' })).id;
  });

  afterAll(() => testApp.close());

  describe('deeply nested bodies', () => {
    it.each([
      ['an object', nestedObject(2000)],
      ['an array', nestedArray(2000)],
      ['a string with brackets, then nesting', `{"text":"[[[{{\\"]]]","deep":${nestedObject(40)}}`],
    ])('refuses %s nested past 32 levels with 400, before sign-in', async (_what, body) => {
      const response = await http().post('/api/auth/login').set('content-type', 'application/json').send(body).expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: 'The request body is nested more than 32 levels deep. Send a flatter JSON object.' });
    });

    it('takes bodies nested up to the limit to validation as usual', async () => {
      const response = await http()
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send(`{"email":"a@b.c","password":"p","extra":${nestedObject(31)}}`)
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'extra', message: 'extra is not a known field. Remove it from the request.' }]);
    });

    it('reads form bodies flat, so brackets in field names never nest', async () => {
      const field = `email${'[a]'.repeat(2000)}`;
      const response = await http().post('/api/auth/login').type('form').send(`${encodeURIComponent(field)}=x&email=a@b.c&password=p`).expect(400);
      expect(response.body.errors).toEqual([{ field: expect.stringMatching(/^email\[a\]/), message: expect.stringMatching(/is not a known field/) }]);
    });

    it('refuses four 800 KB nested bodies at once, /api/health answering meanwhile', async () => {
      // Before the depth check these answered 500 after seconds of validation walking every
      // level. How long they take now is a figure for a benchmark, not a timed assertion.
      const body = nestedArray(400_000);
      const [healthAnswers, ...refusals] = await Promise.all([
        Promise.all([1, 2, 3].map(() => http().get('/api/health'))),
        ...Array.from({ length: 4 }, () => http().post('/api/auth/login').set('content-type', 'application/json').send(body)),
      ]);
      expect(healthAnswers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      for (const refusal of refusals) {
        expect([refusal.status, refusal.body.message]).toEqual([400, 'The request body is nested more than 32 levels deep. Send a flatter JSON object.']);
      }
    });
  });

  describe('paging parameters', () => {
    const lists = ['/api/learners', '/api/applicants', '/api/system-logs', '/api/mail-outbox'];

    it.each(lists.flatMap((path) => ['99999999999999999999', '1e3', '0x10', '1.0', '-1', '0', ' 2', '1000001'].map((page) => [path, page])))(
      '%s?page=%s answers 400 naming page',
      async (path, page) => {
        const response = await as('admin').get(`${path}?page=${encodeURIComponent(page)}`).expect(400);
        expect(response.body.errors).toEqual([{ field: 'page', message: 'page must be a whole number from 1 to 1000000.' }]);
      },
    );

    it.each(['1e2', '0x10', '201', '99999999999999999999'])('refuses pageSize=%s', async (pageSize) => {
      const response = await as('admin').get(`/api/learners?pageSize=${pageSize}`).expect(400);
      expect(response.body.errors).toEqual([{ field: 'pageSize', message: 'pageSize must be a whole number from 1 to 200.' }]);
    });

    it('takes plain decimal page numbers up to 1,000,000', async () => {
      expect((await as('admin').get('/api/learners?page=1000000&pageSize=200').expect(200)).body).toMatchObject({ items: [], page: 1000000, pageSize: 200 });
      expect((await as('admin').get('/api/learners?page=01').expect(200)).body.page).toBe(1);
    });
  });

  describe('fields named like built-in object members', () => {
    it.each(BUILT_IN_NAMES)('refuses "%s" in a body with 400, like any unknown field', async (name) => {
      const response = await as('staff')
        .post('/api/tags')
        .set('content-type', 'application/json')
        .send(`{"name":"Tag ${name}","${name}":1}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: name, message: `${name} is not a known field. Remove it from the request.` }]);
    });

    it.each(BUILT_IN_NAMES)('refuses "%s" in a nested object', async (name) => {
      await http().post('/api/probe/nested').send({ inner: { colour: 'red' } }).expect(201);
      const response = await http().post('/api/probe/nested').set('content-type', 'application/json').send(`{"inner":{"colour":"red","${name}":1}}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: `inner.${name}`, message: `inner.${name} is not a known field. Remove it from the request.` }]);
    });

    it.each(BUILT_IN_NAMES)('refuses "%s" in a query', async (name) => {
      const response = await as('staff').get(`/api/learners?${name}=1`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: name, message: `${name} is not a known field. Remove it from the request.` }]);
    });
  });

  describe('echoed values', () => {
    const long = 'x'.repeat(10_000);

    it.each([
      ['a tag id', () => as('staff').post(`/api/learners/${learnerId}/tags`, { tagId: long })],
      ['a learner id', () => as('staff').get(`/api/learners/${long}`)],
      ['a path', () => as('staff').get(`/api/${long}`)],
      ['an unknown field', () => as('staff').post('/api/tags', { name: 'Fine', [long]: 1 })],
    ])('cuts %s to about 100 characters in the error', async (_what, send) => {
      const response = await send();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const text = JSON.stringify(response.body);
      expect(text).toContain('x'.repeat(90));
      expect(text).not.toContain('x'.repeat(101));
      expect(text.length).toBeLessThan(600);
    });
  });
});
