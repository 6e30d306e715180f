import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from './start-dovecot.js';
import { testMailboxClient } from './test-mailbox.js';

describe('startDovecot', () => {
  let dovecot: DovecotServer;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  const login = async () => {
    const client = testMailboxClient(dovecot, dovecot.users[0]!);
    await client.connect();
    return client;
  };

  it('pauses (refusing connections) and resumes on the same port with the same mail', async () => {
    const writer = await login();
    await writer.append('INBOX', 'Subject: kept\r\n\r\nbody\r\n');
    await writer.logout();
    await dovecot.pause();
    await expect(login()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await dovecot.resume();
    const reader = await login();
    const status = await reader.status('INBOX', { messages: true });
    await reader.logout();
    expect(status).toMatchObject({ messages: 1 });
  });
});
