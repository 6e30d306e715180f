import { describe, expect, it } from 'vitest';
import { BatchLoader } from './batch-loader.js';

function squares(batches: string[][], fail = false) {
  return new BatchLoader<string, number>(
    async (keys) => {
      batches.push([...keys]);
      if (fail) throw new Error('database down');
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, Number(k) ** 2]));
    },
    (key) => new Error(`no ${key}`),
  );
}

describe('BatchLoader', () => {
  it('answers the loads of one tick with one fetch of the distinct keys', async () => {
    const batches: string[][] = [];
    const loader = squares(batches);
    const values = await Promise.all(['2', '3', '2', '4'].map((k) => loader.load(k)));
    expect(values).toEqual([4, 9, 4, 16]);
    expect(batches).toEqual([['2', '3', '4']]);
  });

  it('also batches loads started by promise jobs of the same tick (resolvers of a resolved list)', async () => {
    const batches: string[][] = [];
    const loader = squares(batches);
    const values = await Promise.all([loader.load('1'), Promise.resolve().then(() => loader.load('5'))]);
    expect(values).toEqual([1, 25]);
    expect(batches).toEqual([['1', '5']]);
  });

  it('rejects a key the fetch did not find, and only that one', async () => {
    const loader = squares([]);
    const [found, missing] = await Promise.allSettled([loader.load('3'), loader.load('missing')]);
    expect(found).toEqual({ status: 'fulfilled', value: 9 });
    expect(missing).toMatchObject({ status: 'rejected', reason: new Error('no missing') });
  });

  it('rejects every load of a batch whose fetch failed', async () => {
    const loader = squares([], true);
    const results = await Promise.allSettled([loader.load('1'), loader.load('2')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('keeps nothing after a batch: a later load reads again (a subscription context outlives events)', async () => {
    const batches: string[][] = [];
    const loader = squares(batches);
    await loader.load('7');
    await loader.load('7');
    expect(batches).toEqual([['7'], ['7']]);
  });
});
