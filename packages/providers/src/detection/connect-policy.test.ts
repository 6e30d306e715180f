import { describe, expect, it } from 'vitest';
import { imapConnectRefusal } from './connect-policy.js';

describe('imapConnectRefusal', () => {
  it.each([
    [
      { domain: 'gmail.com', imapHost: 'imap.gmail.com', smtpHost: 'smtp.gmail.com' },
      { code: 'USE_OAUTH', provider: 'GMAIL' },
    ],
    [
      { domain: 'acme.example', imapHost: 'imap.gmail.com', smtpHost: 'smtp.gmail.com' },
      { code: 'USE_OAUTH', provider: 'GMAIL' },
    ],
    [
      { domain: 'hotmail.com', imapHost: 'imap.example.com', smtpHost: 'smtp.example.com' },
      { code: 'USE_OAUTH', provider: 'MICROSOFT_365' },
    ],
    [
      { domain: 'acme.example', imapHost: 'outlook.office365.com', smtpHost: 'smtp.office365.com' },
      { code: 'USE_OAUTH', provider: 'MICROSOFT_365' },
    ],
    [
      {
        domain: 'acme.example',
        imapHost: 'imap.mail.us-east-1.awsapps.com',
        smtpHost: 'smtp.mail.us-east-1.awsapps.com',
      },
      { code: 'UNSUPPORTED_PROVIDER' },
    ],
    [
      {
        domain: 'acme.example',
        imapHost: 'imap.acme.example',
        smtpHost: 'email-smtp.eu-west-1.amazonaws.com',
      },
      { code: 'UNSUPPORTED_PROVIDER' },
    ],
  ])('refuses %j', (input, expected) => {
    expect(imapConnectRefusal(input)).toMatchObject(expected);
  });

  it('lets ordinary IMAP servers through', () => {
    expect(
      imapConnectRefusal({
        domain: 'acme.example',
        imapHost: 'imap.acme.example',
        smtpHost: 'smtp.acme.example',
      }),
    ).toBeUndefined();
    expect(
      imapConnectRefusal({
        domain: 'yahoo.com',
        imapHost: 'imap.mail.yahoo.com',
        smtpHost: 'smtp.mail.yahoo.com',
      }),
    ).toBeUndefined();
  });
});
