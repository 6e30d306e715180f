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

describe('startDovecot login penalty', () => {
  const failLogin = async (dovecot: DovecotServer) => {
    const client = testMailboxClient(dovecot, { user: 'jane@example.test', password: 'wrong' });
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
  };
  // anvil's penalty table (`doveadm penalty`): one line per address it slows down, after a header.
  const penalized = async (dovecot: DovecotServer) =>
    (await dovecot.doveadm(['penalty'])).split('\n').filter((line) => /^\d/.test(line));

  it('by default records no penalty for the address of a failed login', async () => {
    const dovecot = await startDovecot();
    try {
      await failLogin(dovecot);
      expect(await penalized(dovecot)).toEqual([]);
    } finally {
      await dovecot.stop();
    }
  });

  it('with loginPenalty, penalizes the address of a failed login as a real server does', async () => {
    const dovecot = await startDovecot({ loginPenalty: true });
    try {
      await failLogin(dovecot);
      expect(await penalized(dovecot)).toEqual([expect.stringMatching(/^127\.0\.0\.1\s/)]);
    } finally {
      await dovecot.stop();
    }
  });
});
