import { SandboxMetricsRecorder } from './sandbox-metrics';

describe('SandboxMetricsRecorder', () => {
  it('counts the most requests in flight at once, overall and per key', () => {
    const metrics = new SandboxMetricsRecorder();
    const a1 = metrics.begin('GET', '/a', 'key-a');
    const a2 = metrics.begin('GET', '/a', 'key-a');
    const b1 = metrics.begin('GET', '/b', 'key-b');
    a1.finish(200);
    const none = metrics.begin('GET', '/c', undefined);
    a2.finish(200);
    b1.finish(null);
    none.finish(401);
    a1.finish(200);
    expect(metrics.snapshot()).toMatchObject({
      totalCalls: 4,
      inFlight: 0,
      maxInFlight: 3,
      inFlightByKey: {},
      maxInFlightByKey: { 'key-a': 2, 'key-b': 1, '(none)': 1 },
    });
    expect(metrics.requestLog().map((entry) => entry.status)).toEqual([200, 200, null, 401]);
  });

  it('resets counts but keeps requests still in flight', () => {
    const metrics = new SandboxMetricsRecorder();
    const open = metrics.begin('GET', '/a', 'k');
    metrics.begin('GET', '/a', 'k').finish(200);
    metrics.countCall('getUserId');
    metrics.reset();
    expect(metrics.snapshot()).toMatchObject({ totalCalls: 0, inFlight: 1, maxInFlight: 1, calls: { getUserId: 0 } });
    open.finish(200);
    expect(metrics.snapshot().inFlight).toBe(0);
  });
});
