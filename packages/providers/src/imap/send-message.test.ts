import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError } from '../core/provider-error.js';
import { startDovecot, type DovecotServer } from '../testing/start-dovecot.js';
import { startSmtpServer, type SmtpTestServer } from '../testing/start-smtp-server.js';
import { withTestMailbox } from '../testing/test-mailbox.js';
import { appendToSent } from './append-to-sent.js';
import { composeMessage } from '../core/compose-message.js';
import { HeldConnection } from '../core/held-connection.js';
import { sendMessage } from './send-message.js';

const jane = { user: 'jane@example.test', password: 'jane-password' };
const loopback = async (host: string) => ({ host, address: '127.0.0.1', family: 4 as const });

describe('sending one-to-one email', () => {
  let smtp: SmtpTestServer;
  let dovecot: DovecotServer;
  beforeAll(async () => {
    [smtp, dovecot] = await Promise.all([
      startSmtpServer({
        users: [jane],
        rejectRecipients: ['nobody@example.test'],
        recipientReplies: {
          'outside@elsewhere.test': {
            code: 554,
            message: '5.7.1 <outside@elsewhere.test>: Relay access denied',
          },
          'new@greylist.test': {
            code: 450,
            message:
              '4.2.0 <new@greylist.test>: Recipient address rejected: Greylisted, try again later',
          },
          // Text that sounds temporary on a permanent code: the code decides.
          'wording@example.test': { code: 550, message: '5.1.1 Please try again later' },
        },
      }),
      startDovecot({ users: [jane] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([smtp?.stop(), dovecot?.stop()]);
  });

  const account = () => ({
    host: 'localhost',
    port: smtp.submissionPort,
    security: 'STARTTLS' as const,
    username: jane.user,
    password: jane.password,
  });

  it('sends with threading headers, hides Bcc from recipients and keeps it in the Sent copy', async () => {
    const message = await composeMessage({
      from: { name: 'Jane', address: jane.user },
      to: [{ address: 'bob@example.test', name: 'Bob' }],
      bcc: [{ address: 'boss@example.test' }],
      subject: 'Re: Quote',
      text: 'Here it is.',
      inReplyTo: '<original@example.test>',
      references: ['<first@example.test>'],
    });
    const sent = await sendMessage(account(), message, { vet: loopback, ca: smtp.ca });
    expect(sent.messageId).toBe(message.messageId);
    const received = smtp.messages.find(
      (m) =>
        m.parsed.messageId === message.messageId.slice(1, -1) ||
        m.parsed.messageId === message.messageId,
    );
    expect(received?.envelope.to.sort()).toEqual(['bob@example.test', 'boss@example.test']);
    expect(received?.parsed.inReplyTo).toBe('<original@example.test>');
    expect(received?.parsed.references).toEqual([
      '<first@example.test>',
      '<original@example.test>',
    ]);
    expect(received?.parsed.headers.has('bcc')).toBe(false);
    expect(message.sentCopy.toString()).toMatch(/^Bcc: boss@example\.test/m);

    const { uid } = await appendToSent(
      {
        host: 'localhost',
        port: dovecot.imapsPort,
        security: 'SSL_TLS',
        username: jane.user,
        password: jane.password,
      },
      'Sent',
      message.sentCopy,
      { vet: loopback, ca: dovecot.ca },
    );
    expect(uid).toBeGreaterThan(0);
    await withTestMailbox(dovecot, jane, async (reader) => {
      const lock = await reader.getMailboxLock('Sent');
      try {
        const copy = await reader.fetchOne(
          String(uid),
          { envelope: true, flags: true },
          { uid: true },
        );
        expect(copy && copy.envelope?.messageId).toBe(message.messageId);
        expect(copy && [...(copy.flags ?? [])]).toContain('\\Seen');
      } finally {
        lock.release();
      }
    });
  });

  it('reports a refused recipient as a permanent RECIPIENT_REJECTED', async () => {
    const message = await composeMessage({
      from: { address: jane.user },
      to: [{ address: 'nobody@example.test' }],
      subject: 'Hi',
      text: 'x',
    });
    const error = await sendMessage(account(), message, { vet: loopback, ca: smtp.ca }).catch(
      (e: unknown) => e,
    );
    expect(
      isProviderError(error) && { code: error.code, step: error.step, retryable: error.retryable },
    ).toEqual({ code: 'RECIPIENT_REJECTED', step: 'send', retryable: false });
  });

  const sendTo = async (...addresses: string[]) => {
    const message = await composeMessage({
      from: { address: jane.user },
      to: addresses.map((address) => ({ address })),
      subject: 'Hi',
      text: 'x',
    });
    return sendMessage(account(), message, { vet: loopback, ca: smtp.ca }).catch((e: unknown) => e);
  };

  it('reports 554 5.7.1 at RCPT as RECIPIENT_REJECTED naming the address, not as an account problem', async () => {
    const error = await sendTo('outside@elsewhere.test');
    expect(error).toMatchObject({ code: 'RECIPIENT_REJECTED', step: 'send', retryable: false });
    expect(isProviderError(error) && error.detail).toContain('outside@elsewhere.test (554 5.7.1');
  });

  it('decides from the reply code, not the text', async () => {
    expect(await sendTo('wording@example.test')).toMatchObject({
      code: 'RECIPIENT_REJECTED',
      retryable: false,
    });
  });

  it('reports a 4xx at RCPT as a retryable RECIPIENT_DEFERRED, not as throttling', async () => {
    const error = await sendTo('new@greylist.test');
    expect(error).toMatchObject({ code: 'RECIPIENT_DEFERRED', step: 'send', retryable: true });
    expect(isProviderError(error) && error.detail).toContain('new@greylist.test (450 4.2.0');
  });

  it('sends to the accepted recipients and reports the refused ones with the server reply', async () => {
    const sent = await sendTo('bob@example.test', 'nobody@example.test', 'new@greylist.test');
    expect(sent).toMatchObject({
      accepted: ['bob@example.test'],
      refused: [
        { address: 'nobody@example.test', code: 550, reply: expect.stringContaining('5.1.1') },
        { address: 'new@greylist.test', code: 450, reply: expect.stringContaining('4.2.0') },
      ],
    });
  });

  it('reports an oversized message as MESSAGE_TOO_LARGE', async () => {
    const message = await composeMessage({
      from: { address: jane.user },
      to: [{ address: 'bob@example.test' }],
      subject: 'Big',
      text: 'x'.repeat(11 * 1024 * 1024),
    });
    const error = await sendMessage(account(), message, { vet: loopback, ca: smtp.ca }).catch(
      (e: unknown) => e,
    );
    expect(isProviderError(error) && error.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('reports wrong SMTP credentials as SMTP_AUTHENTICATION_FAILED', async () => {
    const message = await composeMessage({
      from: { address: jane.user },
      to: [{ address: 'bob@example.test' }],
      subject: 'Hi',
      text: 'x',
    });
    const error = await sendMessage({ ...account(), password: 'wrong' }, message, {
      vet: loopback,
      ca: smtp.ca,
    }).catch((e: unknown) => e);
    expect(isProviderError(error) && { code: error.code, step: error.step }).toEqual({
      code: 'SMTP_AUTHENTICATION_FAILED',
      step: 'send',
    });
  });

  it('sends a run of emails over one held connection, and opens a new one after a failure or for other credentials', async () => {
    const compose = (to: string) =>
      composeMessage({
        from: { address: jane.user },
        to: [{ address: to }],
        subject: 'Run',
        text: 'x',
      });
    const deps = { vet: loopback, ca: smtp.ca };
    const held = new HeldConnection();
    const before = smtp.connections;
    for (const to of ['a@example.test', 'b@example.test', 'c@example.test'])
      await sendMessage(account(), await compose(to), deps, held);
    expect(smtp.connections - before).toBe(1);
    // Refused: the connection is dropped, the next send signs in again.
    await expect(
      sendMessage(account(), await compose('outside@elsewhere.test'), deps, held),
    ).rejects.toMatchObject({ code: 'RECIPIENT_REJECTED' });
    await sendMessage(account(), await compose('d@example.test'), deps, held);
    expect(smtp.connections - before).toBe(2);
    // Other credentials (a reconnect changed the password): never the old login's connection.
    await expect(
      sendMessage({ ...account(), password: 'wrong' }, await compose('e@example.test'), deps, held),
    ).rejects.toMatchObject({ code: 'SMTP_AUTHENTICATION_FAILED' });
    expect(smtp.connections - before).toBe(3);
    held.close();
    expect(
      ['a', 'b', 'c', 'd'].map((n) =>
        smtp.messages.some((m) => m.envelope.to.includes(`${n}@example.test`)),
      ),
    ).toEqual([true, true, true, true]);
  });
});
