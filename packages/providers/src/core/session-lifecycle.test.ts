import { describe, expect, it } from 'vitest';
import { ProviderError } from './provider-error.js';
import { SessionLifecycle, type LifecycleEvents } from './session-lifecycle.js';

class Probe extends SessionLifecycle<LifecycleEvents> {
  releases = 0;
  protected async release(): Promise<void> {
    this.releases += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  failWith(code: 'CONNECTION_REFUSED' | 'CONNECTION_TIMEOUT'): Promise<void> {
    return this.fail(new ProviderError(code));
  }
  status(): void {
    this.setStatus('CONNECTED', null);
  }
  get aborted(): boolean {
    return this.abort.signal.aborted;
  }
}

describe('SessionLifecycle', () => {
  it('closes once: the first failure is reported, later failures and stop() join the same close', async () => {
    const probe = new Probe();
    const heard: string[] = [];
    probe.on('error', (error) => heard.push(`error ${error.code}`));
    probe.on('closed', ({ error }) => heard.push(`closed ${error?.code ?? null}`));
    const first = probe.failWith('CONNECTION_REFUSED');
    expect(probe.aborted).toBe(true);
    await Promise.all([first, probe.failWith('CONNECTION_TIMEOUT'), probe.stop()]);
    expect(heard).toEqual(['error CONNECTION_REFUSED', 'closed CONNECTION_REFUSED']);
    expect(probe.releases).toBe(1);
  });

  it('fails without an error listener, and survives a listener that throws', async () => {
    const probe = new Probe();
    probe.on('status', () => {
      throw new Error('listener bug');
    });
    probe.status();
    expect(probe.syncState).toBe('CONNECTED');
    const closed = new Promise((resolve) => probe.on('closed', resolve));
    await probe.failWith('CONNECTION_REFUSED');
    expect(await closed).toMatchObject({ error: { code: 'CONNECTION_REFUSED' } });
  });
});
