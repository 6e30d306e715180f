import { describe, expect, it } from 'vitest';
import {
  copiesSummary,
  fieldForProblem,
  firstInvalidField,
  formatRecipient,
  fromOptionValue,
  needsCopies,
  newDraft,
  parseFromOption,
  parseRecipients,
  placeFieldErrors,
  recipientAddresses,
  replySubject,
  toSendEmailInput,
  type ComposeDraft,
} from './compose-form-model';

const key = '4b0c2f3e-8a41-4c55-9a43-0f3f1d7c1e11';

function draft(overrides: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    ...newDraft({ target: 'new' }, key),
    from: fromOptionValue('conn-1', 'ada@example.com'),
    to: 'Bob <bob@customer.test>',
    subject: 'Your quote',
    text: 'Hello Bob,\n\nhere it is.',
    ...overrides,
  };
}

describe('compose form model', () => {
  it('starts a draft with its own idempotency key and nothing chosen', () => {
    expect(newDraft({ target: 'contact:1', to: 'bob@customer.test' }, key)).toEqual({
      idempotencyKey: key,
      target: 'contact:1',
      from: '',
      to: 'bob@customer.test',
      cc: '',
      bcc: '',
      showCopies: false,
      subject: '',
      text: '',
      replyTo: null,
    });
  });

  it('prefixes a reply subject once', () => {
    expect(replySubject('Your quote')).toBe('Re: Your quote');
    expect(replySubject('Re: Your quote')).toBe('Re: Your quote');
    expect(replySubject('RE:Your quote')).toBe('RE:Your quote');
    expect(replySubject(null)).toBe('Re: ');
    expect(replySubject('  ')).toBe('Re: ');
  });

  it('writes a recipient with its name, quoting names that need it', () => {
    expect(formatRecipient('bob@customer.test')).toBe('bob@customer.test');
    expect(formatRecipient('bob@customer.test', 'Bob Jones')).toBe('Bob Jones <bob@customer.test>');
    expect(formatRecipient('jane@customer.test', 'Doe, Jane')).toBe(
      '"Doe, Jane" <jane@customer.test>',
    );
    expect(formatRecipient('q@customer.test', 'The "Q"')).toBe('"The \\"Q\\"" <q@customer.test>');
    expect(formatRecipient('bob@customer.test', '  ')).toBe('bob@customer.test');
  });

  it('reads recipients separated by commas, semicolons or lines, with or without names', () => {
    expect(
      parseRecipients(
        'Bob <bob@customer.test>, carol@customer.test; "Doe, Jane" <jane@customer.test>\n<dan@customer.test>',
      ),
    ).toEqual({
      recipients: [
        { address: 'bob@customer.test', name: 'Bob' },
        { address: 'carol@customer.test' },
        { address: 'jane@customer.test', name: 'Doe, Jane' },
        { address: 'dan@customer.test' },
      ],
      invalid: [],
    });
    expect(parseRecipients(formatRecipient('q@customer.test', 'The "Q"')).recipients).toEqual([
      { address: 'q@customer.test', name: 'The "Q"' },
    ]);
    expect(parseRecipients(' , ,')).toEqual({ recipients: [], invalid: [] });
    expect(parseRecipients('bob, carol@customer.test, not an address').invalid).toEqual([
      'bob',
      'not an address',
    ]);
  });

  it('keeps the connection and the address apart in the From option', () => {
    expect(parseFromOption(fromOptionValue('conn-1', 'ada@example.com'))).toEqual({
      connectionId: 'conn-1',
      address: 'ada@example.com',
    });
    expect(parseFromOption('')).toBeNull();
    expect(parseFromOption('conn-1 ')).toBeNull();
  });

  it('builds the sendEmail input with the draft’s key, leaving out empty copies', () => {
    expect(toSendEmailInput(draft())).toEqual({
      ok: true,
      input: {
        idempotencyKey: key,
        connectionId: 'conn-1',
        from: 'ada@example.com',
        to: [{ address: 'bob@customer.test', name: 'Bob' }],
        subject: 'Your quote',
        text: 'Hello Bob,\n\nhere it is.',
      },
    });
    const reply = toSendEmailInput(
      draft({
        cc: 'carol@customer.test',
        bcc: 'log@crm.test',
        replyTo: {
          activityId: 'act-1',
          type: 'REPLY',
          subject: 'Your quote',
          occurredAt: '2026-11-23T10:00:00.000Z',
        },
      }),
    );
    expect(reply.ok && reply.input).toMatchObject({
      cc: [{ address: 'carol@customer.test' }],
      bcc: [{ address: 'log@crm.test' }],
      replyToActivityId: 'act-1',
    });
  });

  it('finds what the form can see itself, at the field it belongs to', () => {
    expect(toSendEmailInput(draft({ from: '', to: '', subject: ' ', text: '\n' }))).toEqual({
      ok: false,
      errors: {
        from: 'Choose the address to send from.',
        to: 'Add at least one recipient.',
        subject: 'Enter a subject.',
        text: 'Write a message.',
      },
    });
    // A Bcc alone is a recipient.
    expect(toSendEmailInput(draft({ to: '', bcc: 'bob@customer.test' })).ok).toBe(true);
    expect(toSendEmailInput(draft({ to: 'bob', cc: 'x@y' }))).toEqual({
      ok: false,
      errors: {
        to: '"bob" is not an email address. Separate addresses with commas.',
        cc: '"x@y" is not an email address. Separate addresses with commas.',
      },
    });
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@customer.test`).join(', ');
    expect(toSendEmailInput(draft({ to: many }))).toEqual({
      ok: false,
      errors: { to: 'One-to-one email goes to at most 100 recipients.' },
    });
    expect(toSendEmailInput(draft({ subject: 'x'.repeat(999) }))).toMatchObject({
      ok: false,
      errors: { subject: expect.stringContaining('998') },
    });
  });

  it('places the gateway’s field problems next to their controls', () => {
    expect(fieldForProblem('to.0')).toBe('to');
    expect(fieldForProblem('input.cc.3')).toBe('cc');
    expect(fieldForProblem('html')).toBe('text');
    expect(fieldForProblem('replyToActivityId')).toBeUndefined();
    expect(
      placeFieldErrors([
        { field: 'to.0', message: '"a" is not an email address.' },
        { field: 'to.1', message: '"b" is not an email address.' },
        { field: 'from', message: 'Send from ada@example.com.' },
        { field: 'replyToActivityId', message: 'The email to reply to was not found.' },
        { field: 'idempotencyKey', message: 'Use a unique key.' },
      ]),
    ).toEqual({
      errors: {
        to: '"a" is not an email address. "b" is not an email address.',
        from: 'Send from ada@example.com.',
      },
      unplaced: ['The email to reply to was not found.', 'Use a unique key.'],
    });
    expect(firstInvalidField({ text: 'x', subject: 'y', bcc: 'z' })).toBe('bcc');
    expect(needsCopies({ bcc: 'z' })).toBe(true);
    expect(needsCopies({ to: 'z' })).toBe(false);
  });

  it('says what hides behind a closed Cc/Bcc, and lists every recipient', () => {
    expect(copiesSummary({ cc: 'a@x.test, b@x.test', bcc: '' })).toBe('Cc 2');
    expect(copiesSummary({ cc: '', bcc: 'c@x.test' })).toBe('Bcc 1');
    expect(copiesSummary({ cc: '', bcc: '' })).toBe('');
    expect(
      recipientAddresses({
        to: [{ address: 'a@x.test' }],
        cc: [{ address: 'b@x.test' }],
        bcc: null,
      }),
    ).toEqual(['a@x.test', 'b@x.test']);
  });
});
