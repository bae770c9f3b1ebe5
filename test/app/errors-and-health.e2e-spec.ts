import { Body, Controller, Get, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@picsweb/common';
import { IsEmail, IsInt, IsString, Max } from 'class-validator';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';

class ProbeBody {
  @IsEmail({}, { message: 'email must be an email address, e.g. ann@example.org.' })
  email!: string;

  @IsInt({ message: 'count must be a whole number.' })
  @Max(10, { message: 'count must be 10 or less.' })
  count!: number;

  @IsString()
  password!: string;
}

/** Routes that misbehave on purpose, mounted only in this test. */
@Public()
@Controller('api/probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('database-error')
  async databaseError(): Promise<unknown> {
    return this.dataSource.query("SELECT secret_column FROM table_that_does_not_exist WHERE password = 'hunter2'");
  }

  @Post('validated')
  validated(@Body() body: ProbeBody): { ok: true } {
    void body;
    return { ok: true };
  }
}

describe('errors, health and docs (host app over HTTP)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await startTestApp({ extra: { controllers: [ProbeController] } });
  });

  afterAll(() => testApp.close());

  it('answers a database error with 500, a request id and no internals, and logs it with that id', async () => {
    const response = await http().get('/api/probe/database-error').expect(500);
    expect(Object.keys(response.body).sort()).toEqual(['message', 'requestId', 'statusCode']);
    expect(response.body.message).toContain(response.body.requestId);
    const raw = JSON.stringify(response.body);
    for (const leak of ['SELECT', 'table_that_does_not_exist', 'hunter2', 'QueryFailedError', 'at ']) {
      expect(raw).not.toContain(leak);
    }
    expect(response.headers['x-request-id']).toBe(response.body.requestId);
    const logged = testApp.logger.lines.find((line) => line.includes(response.body.requestId) && line.includes('"error"'));
    expect(logged).toBeDefined();
    expect(logged).not.toContain('hunter2');
  });

  it('names every invalid field in one 400, including unknown fields', async () => {
    const response = await http()
      .post('/api/probe/validated')
      .send({ email: 'not-an-email', count: 11, password: 'p', colour: 'red' })
      .expect(400);
    expect(response.body.statusCode).toBe(400);
    expect(response.body.message).toMatch(/colour.*email.*count|email.*count.*colour/);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'email must be an email address, e.g. ann@example.org.' },
        { field: 'count', message: 'count must be 10 or less.' },
        { field: 'colour', message: 'colour is not a known field. Remove it from the request.' },
      ]),
    );
    expect(JSON.stringify(response.body)).not.toContain('"p"');
  });

  it('explains malformed JSON instead of echoing the parser', async () => {
    const response = await http().post('/api/probe/validated').set('content-type', 'application/json').send('{bad').expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      message: 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.',
    });
  });

  it('answers unknown routes 404 in the same shape', async () => {
    const response = await http().get('/api/nothing-here').expect(404);
    expect(response.body).toEqual({ statusCode: 404, message: expect.stringContaining('/api/nothing-here') });
  });

  it('keeps a sane caller-supplied request id and logs one line per request', async () => {
    await http().get('/api/health').set('x-request-id', 'trace-12345678').expect('x-request-id', 'trace-12345678');
    const line = testApp.logger.lines.find((l) => l.includes('trace-12345678'));
    expect(JSON.parse(line!)).toMatchObject({ context: 'HTTP', message: { method: 'GET', path: '/api/health', status: 200 } });
  });

  it('is ready only while no migration is pending', async () => {
    expect((await http().get('/api/health/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up', migrations: 'done' });
    const data = testApp.app.get(DataSource);
    const [newest] = (await data.query('SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1')) as Array<{ id: number; timestamp: string; name: string }>;
    await data.query(`DELETE FROM migrations WHERE id = ${Number(newest.id)}`);
    try {
      const response = await http().get('/api/health/ready').expect(503);
      expect(response.body).toEqual({ statusCode: 503, message: expect.stringMatching(/migrations are pending/) });
      expect((await http().get('/api/health/live').expect(200)).body).toEqual({ status: 'ok' });
    } finally {
      await data.query(`INSERT INTO migrations (id, timestamp, name) VALUES (${Number(newest.id)}, ${Number(newest.timestamp)}, '${newest.name}')`);
    }
    await http().get('/api/health/ready').expect(200);
  });

  it('reports health 200 with the database up and 503 once it is down; live answers either way, ready does not', async () => {
    expect((await http().get('/api/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
    await testApp.app.get(DataSource).destroy();
    const response = await http().get('/api/health').expect(503);
    expect(response.body).toEqual({ statusCode: 503, message: expect.stringMatching(/database is not reachable/) });
    const ready = await http().get('/api/health/ready').expect(503);
    expect(ready.body).toEqual({ statusCode: 503, message: expect.stringMatching(/database is not reachable/) });
    expect((await http().get('/api/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });
});
