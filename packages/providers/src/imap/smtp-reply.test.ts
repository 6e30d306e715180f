import { describe, expect, it } from 'vitest';
import { enhancedStatus, replyClass } from './smtp-reply.js';

describe('SMTP reply classes', () => {
  it('reads the enhanced status code where the server sends one', () => {
    expect(enhancedStatus('550 5.1.1 <a@b.test>: Recipient address rejected')).toBe('5.1.1');
    expect(enhancedStatus('550-5.7.1 Relay denied')).toBe('5.7.1');
    expect(enhancedStatus('550 User unknown')).toBeUndefined();
  });

  it('lets the enhanced code decide over the reply code, and never the text', () => {
    expect(replyClass('550 4.2.0 greylisted', 550)).toBe('temporary');
    expect(replyClass('450 Mailbox does not exist', 450)).toBe('temporary');
    expect(replyClass('550 try again later', 550)).toBe('permanent');
    expect(replyClass(undefined, 421)).toBe('temporary');
    expect(replyClass('250 2.1.5 Ok', 250)).toBe('success');
  });
});
