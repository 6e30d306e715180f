import { describe, expect, it } from 'vitest';
import { newCheckId } from './check-id';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newCheckId', () => {
  it('uses crypto.randomUUID where the browser offers it', () => {
    expect(
      newCheckId({
        randomUUID: () => '00000000-0000-4000-8000-000000000000',
        getRandomValues: (a) => a,
      }),
    ).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('builds a version 4 UUID from random bytes outside a secure context', () => {
    const allOnes: Crypto['getRandomValues'] = (array) => {
      if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(0xff);
      return array;
    };
    const id = newCheckId({ getRandomValues: allOnes });
    expect(id).toMatch(uuidV4);
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    const real = newCheckId({
      getRandomValues: (array) => globalThis.crypto.getRandomValues(array),
    });
    expect(real).toMatch(uuidV4);
  });
});
