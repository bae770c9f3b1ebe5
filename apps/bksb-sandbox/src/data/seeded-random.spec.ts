import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const sequence = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
  });

  it('starts again after reseed', () => {
    const random = new SeededRandom(3);
    const first = [random.next(), random.next()];
    random.reseed(3);
    expect([random.next(), random.next()]).toEqual(first);
  });

  it('keeps int within both bounds and reaches each of them', () => {
    const random = new SeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i += 1) seen.add(random.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('follows the weights roughly', () => {
    const random = new SeededRandom(11);
    let heavy = 0;
    for (let i = 0; i < 4000; i += 1) if (random.weighted([['heavy', 9], ['light', 1]] as const) === 'heavy') heavy += 1;
    expect(heavy / 4000).toBeGreaterThan(0.85);
    expect(heavy / 4000).toBeLessThan(0.95);
  });
});
