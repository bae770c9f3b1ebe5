import { GroupWriter } from './group-writer';

/** A write that ends when the test says. */
function controlledWrites() {
  const batches: number[][] = [];
  const ends: Array<(error?: Error) => void> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      ends.push((error) => (error ? reject(error) : resolve()));
    });
  return { batches, write, end: (i: number, error?: Error) => ends[i](error) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupWriter', () => {
  it('writes once this turn of the event loop is over, together what comes in it and while a write is under way', async () => {
    const { batches, write, end } = controlledWrites();
    const writer = new GroupWriter(write, 10);
    await writer.add(1);
    await writer.add(2);
    expect(batches).toEqual([]);
    await turn();
    expect(batches).toEqual([[1, 2]]);
    await writer.add(3);
    await writer.add(4);
    await turn();
    expect(batches).toEqual([[1, 2]]);
    end(0);
    await turn();
    await turn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    end(1);
    await writer.settled();
    expect(batches).toHaveLength(2);
  });

  it('makes the caller wait while as many items as allowed are waiting', async () => {
    const { batches, write, end } = controlledWrites();
    const writer = new GroupWriter(write, 2);
    await writer.add(1);
    await turn();
    await writer.add(2);
    await writer.add(3);
    let added = false;
    const fourth = writer.add(4).then(() => (added = true));
    await turn();
    expect(added).toBe(false);
    end(0);
    await fourth;
    expect(batches).toEqual([[1], [2, 3]]);
    end(1);
    await turn();
    await turn();
    expect(batches).toEqual([[1], [2, 3], [4]]);
    end(2);
    await writer.settled();
  });

  it('takes at most maxPerWrite items a write, the rest after another turn of the event loop', async () => {
    const { batches, write, end } = controlledWrites();
    const writer = new GroupWriter(write, 10, 3);
    for (const item of [1, 2, 3, 4, 5]) await writer.add(item);
    await turn();
    expect(batches).toEqual([[1, 2, 3]]);
    end(0);
    await turn();
    await turn();
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    end(1);
    await writer.settled();
  });

  it('stops on the first failed write: waiting items are not written, and the failure is thrown to the next caller', async () => {
    const { batches, write, end } = controlledWrites();
    const writer = new GroupWriter(write, 10);
    await writer.add(1);
    await turn();
    await writer.add(2);
    end(0, new Error('database gone'));
    await writer.settled();
    expect(batches).toEqual([[1]]);
    expect(() => writer.throwIfFailed()).toThrow('database gone');
    await expect(writer.add(3)).rejects.toThrow('database gone');
    expect(batches).toEqual([[1]]);
  });
});
