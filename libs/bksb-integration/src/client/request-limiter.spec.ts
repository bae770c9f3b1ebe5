import { RequestLimiter } from './request-limiter';

describe('RequestLimiter', () => {
  const limits = { perOrganisationConcurrency: 1, perOrganisationPerSecond: 1000, globalConcurrency: 32 };

  it('sends the call waiting for a place before the caller of the call that freed it goes on', async () => {
    const limiter = new RequestLimiter(limits);
    const events: string[] = [];
    let answerFirst!: () => void;
    const first = limiter.run('org', () => new Promise<void>((resolve) => (answerFirst = resolve))).then(() => events.push('first caller goes on'));
    // Node's http writes a request on a later tick, as here.
    const second = limiter.run('org', () => new Promise<void>((resolve) => process.nextTick(() => resolve(void events.push('second sent')))));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    answerFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['second sent', 'first caller goes on']);
  });

  it('lets a caller go on at once when nobody waits for its place', async () => {
    const limiter = new RequestLimiter(limits);
    const events: string[] = [];
    const call = limiter.run('org', async () => undefined).then(() => events.push('caller goes on'));
    setImmediate(() => events.push('next turn of the event loop'));
    await call;
    expect(events).toEqual(['caller goes on']);
  });

  it('keeps to the calls in flight allowed per organisation', async () => {
    const limiter = new RequestLimiter({ ...limits, perOrganisationConcurrency: 2 });
    let inFlight = 0;
    let most = 0;
    const call = () =>
      limiter.run('org', async () => {
        most = Math.max(most, (inFlight += 1));
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
      });
    await Promise.all(Array.from({ length: 8 }, call));
    expect(most).toBe(2);
  });
});
