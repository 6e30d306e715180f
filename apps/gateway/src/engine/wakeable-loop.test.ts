import { describe, expect, it } from 'vitest';
import type { GatewayServices } from '../gateway-services.js';
import { PubSub } from '../pubsub.js';
import { WakeableLoop } from './wakeable-loop.js';

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
};

function harness(tick: () => Promise<void>) {
  const pubsub = new PubSub();
  const errors: unknown[] = [];
  const logger = { error: (obj: unknown) => void errors.push(obj) };
  const services = { pubsub, logger } as unknown as Pick<GatewayServices, 'pubsub' | 'logger'>;
  const loop = new WakeableLoop(services, tick, {
    name: 'test job',
    pollMs: 60_000,
    wakeOn: ['outboxWake'],
  });
  return { pubsub, loop, errors };
}

describe('WakeableLoop', () => {
  it('ticks at start, on a wake topic, and once more right after a tick a wake arrived during', async () => {
    let ticks = 0;
    let release: (() => void) | undefined;
    const { pubsub, loop } = harness(async () => {
      ticks++;
      if (ticks === 2) await new Promise<void>((r) => (release = r));
    });
    loop.start();
    await until(() => ticks === 1 && pubsub.listenerCount('outboxWake') === 1);
    pubsub.publish('outboxWake', {});
    await until(() => release !== undefined);
    expect(ticks).toBe(2);
    // Two wakes during the running tick make one more tick, not two, and not a poll later.
    pubsub.publish('outboxWake', {});
    pubsub.publish('outboxWake', {});
    release!();
    await until(() => ticks === 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toBe(3);
    await loop.stop();
    pubsub.publish('outboxWake', {});
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toBe(3);
  });

  it('logs a failed tick and keeps going', async () => {
    let ticks = 0;
    const { pubsub, loop, errors } = harness(async () => {
      ticks++;
      if (ticks === 1) throw new Error('database unavailable');
    });
    loop.start();
    await until(() => errors.length === 1 && pubsub.listenerCount('outboxWake') === 1);
    pubsub.publish('outboxWake', {});
    await until(() => ticks === 2);
    expect(ticks).toBe(2);
    expect(errors).toHaveLength(1);
    await loop.stop();
  });

  it('honours runIn asked during a tick, instead of waiting a whole poll', async () => {
    let ticks = 0;
    let loop: WakeableLoop | undefined = undefined;
    ({ loop } = harness(async () => {
      ticks++;
      if (ticks === 1) loop!.runIn(20);
    }));
    loop.start();
    await until(() => ticks === 2);
    expect(ticks).toBe(2); // the poll is a minute: only runIn(20) can have run the second tick
    await loop.stop();
  });
});
