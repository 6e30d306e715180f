import { describe, expect, it } from 'vitest';
import { HostSlots } from './host-slots.js';

describe('HostSlots', () => {
  it('admits up to the cap per host and queues the rest in order', async () => {
    const slots = new HostSlots(2);
    const a = await slots.acquire('IMAP.example.com');
    await slots.acquire('imap.example.com');
    const order: string[] = [];
    const third = slots
      .acquire('imap.example.com')
      .then((release) => (order.push('third'), release));
    const fourth = slots.acquire('imap.example.com').then(() => order.push('fourth'));
    expect(await slots.acquire('other.example.com')).toBeTypeOf('function');
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    expect(slots.count('imap.example.com')).toBe(2);
  });

  it('stops waiting when aborted', async () => {
    const slots = new HostSlots(1);
    await slots.acquire('h');
    const controller = new AbortController();
    const waiting = slots.acquire('h', controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
