import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { describeMessage } from './message-metadata.js';
import { parseSequenceSet, toSequenceSet } from './uid-set.js';

function fetched(
  partial: Partial<Omit<FetchMessageObject, 'headers'>> & { headers?: string; text?: string },
): FetchMessageObject {
  const { headers, text, ...rest } = partial;
  return {
    seq: 1,
    uid: 7,
    flags: new Set(),
    ...rest,
    ...(headers !== undefined ? { headers: Buffer.from(headers) } : {}),
    ...(text !== undefined ? { bodyParts: new Map([['text', Buffer.from(text)]]) } : {}),
  } as FetchMessageObject;
}

const envelope = {
  date: new Date('2026-03-01T10:00:00Z'),
  subject: 'Hi',
  from: [{ name: 'Bob', address: 'bob@example.test' }],
};

describe('describeMessage', () => {
  it('decodes a truncated base64 text part into the snippet', async () => {
    const body = Buffer.from(`Hello   there,\n\n${'long text '.repeat(40)}`).toString('base64');
    const result = await describeMessage(
      'INBOX',
      fetched({
        envelope,
        headers:
          'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n',
        text: body.slice(0, 301), // cut mid-line, like BODY[TEXT]<0.2048> on a longer message
      }),
    );
    expect('message' in result && result.message.snippet).toMatch(
      /^Hello there, long text long text/,
    );
    expect('message' in result && result.message.snippet?.length).toBeLessThanOrEqual(200);
  });

  it('takes the snippet from HTML when there is no text part', async () => {
    const result = await describeMessage(
      'INBOX',
      fetched({
        envelope,
        headers: 'Content-Type: text/html\r\n\r\n',
        text: '<html><body><p>Meeting <b>moved</b></p><p>to 3pm</p>',
      }),
    );
    expect('message' in result && result.message.snippet).toMatch(/^Meeting moved\s?to 3pm$/i);
  });

  it('normalises threading headers and addresses, and leaves out \\Recent', async () => {
    const result = await describeMessage(
      'Sent',
      fetched({
        envelope: {
          ...envelope,
          inReplyTo: '<a@x> (comment)',
          messageId: 'bare@x',
          to: [{ name: '', address: 'x@MISSING_DOMAIN' }, { address: 'ok@example.test' }],
        },
        headers: 'References: <r1@x>\r\n <r2@x>\tgarbage <r3@x>\r\n\r\n',
        text: '',
        flags: new Set(['\\Seen', '\\Recent', '$Forwarded']),
      }),
    );
    expect(result).toEqual({
      message: expect.objectContaining({
        folder: 'Sent',
        uid: 7,
        messageId: '<bare@x>',
        inReplyTo: '<a@x>',
        references: ['<r1@x>', '<r2@x>', '<r3@x>'],
        to: [{ name: null, address: 'ok@example.test' }],
        cc: [],
        flags: ['$Forwarded', '\\Seen'],
        snippet: null,
        date: '2026-03-01T10:00:00.000Z',
      }),
    });
  });

  it('quarantines a message without an envelope, without headers, or with a Date that is not a date', async () => {
    expect(await describeMessage('INBOX', fetched({}))).toEqual({
      quarantine: { folder: 'INBOX', uid: 7, reason: expect.stringMatching(/no envelope/) },
    });
    expect(await describeMessage('INBOX', fetched({ envelope: {} }))).toEqual({
      quarantine: expect.objectContaining({ reason: expect.stringMatching(/no readable headers/) }),
    });
    expect(
      await describeMessage('INBOX', fetched({ envelope: { ...envelope, date: '31 Foo 20x' } })),
    ).toEqual({
      quarantine: expect.objectContaining({
        reason: 'The Date header is not a valid date: "31 Foo 20x".',
      }),
    });
  });
});

describe('sequence sets', () => {
  it('compresses and expands UID lists', () => {
    expect(toSequenceSet([5, 1, 2, 3, 9, 10, 3])).toBe('1:3,5,9:10');
    expect(toSequenceSet([])).toBe('');
    expect(parseSequenceSet('1:3,5,10:9', 100)).toEqual([1, 2, 3, 5, 9, 10]);
  });

  it('refuses server ranges larger than the bound', () => {
    expect(() => parseSequenceSet('1:4294967295', 1000)).toThrow(/more than 1000/);
    expect(() => parseSequenceSet('1:x', 1000)).toThrow(/Invalid sequence set/);
  });
});

describe('automatic replies and bounces', () => {
  it('recognises an auto-reply by its headers, not its text', async () => {
    const describe = async (headers: string, text = 'I am out of the office until Monday.') => {
      const result = await describeMessage('INBOX', fetched({ envelope, headers, text }));
      return 'message' in result ? result.message.autoReply : undefined;
    };
    expect(await describe('Auto-Submitted: auto-replied\r\n\r\n')).toBe(true);
    expect(await describe('X-Autoreply: yes\r\n\r\n')).toBe(true);
    expect(await describe('Precedence: auto_reply\r\n\r\n')).toBe(true);
    expect(await describe('Auto-Submitted: no\r\n\r\n')).toBe(false);
    expect(await describe('Content-Type: text/plain\r\n\r\n')).toBe(false);
  });

  it('reads the failed recipients of a delivery-status notification', async () => {
    const text = [
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.test',
      '',
      'Final-Recipient: rfc822; Gone@Customer.test',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; later@customer.test',
      'Action: delayed',
      'Status: 4.4.1',
      '',
      '--b1--',
    ].join('\r\n');
    const dsn = await describeMessage(
      'INBOX',
      fetched({
        envelope,
        headers:
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n',
        text,
      }),
    );
    expect('message' in dsn && dsn.message.failedRecipients).toEqual(['gone@customer.test']);
    const plain = await describeMessage(
      'INBOX',
      fetched({ envelope, headers: 'Content-Type: text/plain\r\n\r\n', text }),
    );
    expect('message' in plain && plain.message.failedRecipients).toEqual([]);
  });
});
