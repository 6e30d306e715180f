import { describe, expect, it } from 'vitest';
import {
  describeRecipients,
  isFinalStatus,
  limitSentence,
  MAX_POLLS,
  outboxAnnouncement,
  POLL_INTERVAL_MS,
} from './outbox-status-model';

describe('outbox status model', () => {
  it('stops polling at SENT and FAILED, after at most about two minutes otherwise', () => {
    expect(isFinalStatus('QUEUED')).toBe(false);
    expect(isFinalStatus('SENDING')).toBe(false);
    expect(isFinalStatus('SENT')).toBe(true);
    expect(isFinalStatus('FAILED')).toBe(true);
    expect(POLL_INTERVAL_MS * MAX_POLLS).toBeLessThanOrEqual(120_000);
  });

  it('names the recipients briefly', () => {
    expect(describeRecipients([])).toBe('no one');
    expect(describeRecipients(['a@x.test'])).toBe('a@x.test');
    expect(describeRecipients(['a@x.test', 'b@x.test'])).toBe('a@x.test and b@x.test');
    expect(describeRecipients(['a@x.test', 'b@x.test', 'c@x.test'])).toBe('a@x.test and 2 others');
  });

  it('announces each status in one sentence', () => {
    const email = { subject: 'Your quote', recipients: ['bob@customer.test'] };
    expect(outboxAnnouncement({ ...email, status: 'QUEUED' })).toBe(
      '“Your quote” to bob@customer.test is queued.',
    );
    expect(outboxAnnouncement({ ...email, status: 'SENDING' })).toBe(
      'Sending “Your quote” to bob@customer.test…',
    );
    expect(outboxAnnouncement({ ...email, status: 'SENT' })).toBe(
      'Sent “Your quote” to bob@customer.test.',
    );
    expect(
      outboxAnnouncement({
        ...email,
        status: 'FAILED',
        error: { message: 'The server refused a recipient.' },
      }),
    ).toBe('“Your quote” was not sent: The server refused a recipient.');
    expect(
      outboxAnnouncement({ ...email, status: 'QUEUED', error: { message: 'The server is busy.' } }),
    ).toContain('tries again');
  });

  it('leaves the raw timestamp out of the sending limit message (the console shows the time itself)', () => {
    expect(
      limitSentence(
        'This inbox may send 10 emails per minute; you can send again at 2026-11-23T14:09:35.000Z.',
      ),
    ).toBe('This inbox may send 10 emails per minute.');
    expect(limitSentence('Limit reached.')).toBe('Limit reached.');
    expect(limitSentence('you can send again at 2026-11-23T14:09:35.000Z')).toBe(
      'This inbox has reached its sending limit.',
    );
  });
});
