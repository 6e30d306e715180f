import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './provider-error.js';
import { reportSession, type SyncSessionEvents } from './sync-session.js';

class FakeSession extends EventEmitter {
  connectionsInUse = 2;
  start = async () => {};
  checkNow = async () => {};
  stop = async () => {
    this.emit('closed', { error: null });
  };
}

function recorder(): { events: SyncSessionEvents; heard: string[] } {
  const heard: string[] = [];
  return {
    heard,
    events: {
      progress: (p) => heard.push(`progress ${p?.folder ?? '-'}`),
      upToDate: () => heard.push('upToDate'),
      synced: () => heard.push('synced'),
      failed: (error) => heard.push(`failed ${error.code}`),
      closed: () => heard.push('closed'),
      folderFailed: (folder, error) => heard.push(`folderFailed ${folder} ${error.code}`),
    },
  };
}

describe('reportSession', () => {
  it('reports status, failures and a close nobody asked for; not the close stop() causes', async () => {
    const session = new FakeSession();
    const { events, heard } = recorder();
    const handle = reportSession(session, events);
    session.emit('status', { state: 'SYNCING', progress: { folder: 'INBOX', done: 1, total: 2 } });
    session.emit('status', { state: 'CONNECTED', progress: null });
    session.emit('synced', { folder: 'INBOX' });
    session.emit('folderError', { folder: 'Old', error: new ProviderError('FOLDER_UNAVAILABLE') });
    session.emit('error', new ProviderError('CONNECTION_REFUSED'));
    session.emit('closed', { error: null });
    expect(handle.connectionsInUse).toBe(2);
    await handle.stop();
    expect(heard).toEqual([
      'progress INBOX',
      'upToDate',
      'synced',
      'folderFailed Old FOLDER_UNAVAILABLE',
      'failed CONNECTION_REFUSED',
      'closed',
    ]);
  });

  it('leaves failures to the caller of start() while reportFailures() is false, and maps them after', () => {
    const session = new FakeSession();
    const { events, heard } = recorder();
    let started = false;
    reportSession(session, events, {
      reportFailures: () => started,
      mapError: () => new ProviderError('OAUTH_REAUTH_REQUIRED'),
    });
    session.emit('error', new ProviderError('AUTHENTICATION_FAILED'));
    session.emit('closed', { error: null });
    started = true;
    session.emit('error', new ProviderError('AUTHENTICATION_FAILED'));
    expect(heard).toEqual(['failed OAUTH_REAUTH_REQUIRED']);
  });
});
