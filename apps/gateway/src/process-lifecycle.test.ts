import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { shutdownHandler } from './process-lifecycle.js';

describe('shutdownHandler', () => {
  const logger = createLogger('silent');

  it('exits 0 once everything has stopped, and stops only once', async () => {
    const exits: number[] = [];
    let stops = 0;
    const handle = shutdownHandler(logger, async () => void stops++, {
      exit: (code) => exits.push(code),
    });
    await Promise.all([handle('SIGTERM'), handle('SIGINT')]);
    expect({ stops, exits }).toEqual({ stops: 1, exits: [0] });
  });

  it('exits 1 after the grace period when something never finishes closing', async () => {
    const exits: number[] = [];
    const handle = shutdownHandler(logger, () => new Promise<void>(() => undefined), {
      graceMs: 50,
      exit: (code) => exits.push(code),
    });
    await handle('SIGTERM');
    expect(exits).toEqual([1]);
  });

  it('exits 1 when stopping fails', async () => {
    const exits: number[] = [];
    const handle = shutdownHandler(logger, () => Promise.reject(new Error('database gone')), {
      exit: (code) => exits.push(code),
    });
    await handle('SIGTERM');
    expect(exits).toEqual([1]);
  });
});
