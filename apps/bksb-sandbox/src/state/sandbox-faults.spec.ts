import { SeededRandom } from '../data/seeded-random';
import { SandboxFaults } from './sandbox-faults';

describe('SandboxFaults', () => {
  let faults: SandboxFaults;
  beforeEach(() => {
    faults = new SandboxFaults(new SeededRandom(1));
  });

  it('fails the next N calls of one endpoint and then goes away', () => {
    faults.add({ kind: 'http503', endpoint: 'getUserId', times: 2 });
    expect(faults.take('isUsernameExists')).toBeUndefined();
    expect(faults.take('getUserId')?.kind).toBe('http503');
    expect(faults.take('getUserId')?.kind).toBe('http503');
    expect(faults.take('getUserId')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('defaults to one call of any endpoint', () => {
    faults.add({ kind: 'reset' });
    expect(faults.take('userGroups')?.kind).toBe('reset');
    expect(faults.take('userGroups')).toBeUndefined();
  });

  it('fails about the given share of calls for a rate, until cleared', () => {
    faults.add({ kind: 'http500', rate: 0.3 });
    let failed = 0;
    for (let i = 0; i < 2000; i += 1) if (faults.take('sessions')) failed += 1;
    expect(failed / 2000).toBeGreaterThan(0.25);
    expect(failed / 2000).toBeLessThan(0.35);
    expect(faults.list()[0].triggered).toBe(failed);
    faults.clear();
    expect(faults.take('sessions')).toBeUndefined();
  });

  it('uses faults in the order they were added', () => {
    faults.add({ kind: 'hang', endpoint: 'createUser' });
    faults.add({ kind: 'garbage' });
    expect(faults.take('createUser')?.kind).toBe('hang');
    expect(faults.take('createUser')?.kind).toBe('garbage');
  });

  it('refuses both times and rate, and values out of range', () => {
    expect(() => faults.add({ kind: 'reset', times: 1, rate: 0.5 })).toThrow(RangeError);
    expect(() => faults.add({ kind: 'reset', rate: 2 })).toThrow(RangeError);
    expect(() => faults.add({ kind: 'reset', times: 0 })).toThrow(RangeError);
  });
});
