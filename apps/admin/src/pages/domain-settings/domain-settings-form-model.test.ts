import { describe, expect, it } from 'vitest';
import {
  emptyFormValues,
  firstInvalidField,
  formValuesFrom,
  placeFieldErrors,
  toDomainSettingsInput,
  withSecurity,
} from './domain-settings-form-model';

describe('domain settings form model', () => {
  it('suggests the usual port when the encryption changes, unless the port was customised', () => {
    let values = emptyFormValues();
    expect([values.imapPort, values.smtpPort]).toEqual(['993', '465']);
    values = withSecurity(values, 'imap', 'STARTTLS');
    values = withSecurity(values, 'smtp', 'STARTTLS');
    expect([values.imapPort, values.smtpPort]).toEqual(['143', '587']);

    values = withSecurity({ ...values, imapPort: '10143' }, 'imap', 'SSL_TLS');
    expect(values.imapPort).toBe('10143');
    values = withSecurity({ ...values, smtpPort: '' }, 'smtp', 'SSL_TLS');
    expect(values.smtpPort).toBe('465');
  });

  it('sends only the chosen kind, trimmed', () => {
    const values = {
      ...emptyFormValues(),
      domain: ' example.com ',
      imapHost: ' imap.example.com',
      smtpHost: 'smtp.example.com ',
      exchangeUrl: 'x',
    };
    expect(toDomainSettingsInput(values)).toEqual({
      ok: true,
      input: {
        domain: 'example.com',
        imap: {
          imapHost: 'imap.example.com',
          imapPort: 993,
          imapSecurity: 'SSL_TLS',
          smtpHost: 'smtp.example.com',
          smtpPort: 465,
          smtpSecurity: 'SSL_TLS',
          allowInsecureCertificate: false,
          allowLegacyTls: false,
        },
      },
    });
    expect(
      toDomainSettingsInput({
        ...values,
        kind: 'EXCHANGE',
        exchangeUrl: ' https://mail.example.com/EWS/Exchange.asmx ',
        usage: 'CALENDAR',
      }),
    ).toEqual({
      ok: true,
      input: {
        domain: 'example.com',
        exchange: { exchangeUrl: 'https://mail.example.com/EWS/Exchange.asmx', usage: 'CALENDAR' },
      },
    });
  });

  it('leaves the port range to the gateway but refuses what GraphQL Int cannot carry', () => {
    const values = { ...emptyFormValues(), imapPort: '70000' };
    expect(toDomainSettingsInput(values).ok).toBe(true);
    const result = toDomainSettingsInput({ ...values, imapPort: 'abc', smtpPort: '99999999999' });
    expect(result).toEqual({
      ok: false,
      errors: {
        'imap.imapPort': 'Enter the port as a number, for example 993.',
        'imap.smtpPort': 'Enter the port as a number, for example 465.',
      },
    });
  });

  it('places ValidationFailed fields next to their inputs and keeps the rest apart', () => {
    const { errors, unplaced } = placeFieldErrors([
      { field: 'imap.smtpPort', message: 'Enter a port from 1 to 65535.' },
      { field: 'domain', message: 'Enter a domain.' },
      { field: 'somethingNew', message: 'A rule the form does not know.' },
    ]);
    expect(errors).toEqual({
      domain: 'Enter a domain.',
      'imap.smtpPort': 'Enter a port from 1 to 65535.',
    });
    expect(unplaced).toEqual(['A rule the form does not know.']);
    expect(firstInvalidField(errors)).toBe('domain');
  });

  it('starts editing from saved settings', () => {
    const values = formValuesFrom({
      domain: 'example.org',
      kind: 'EXCHANGE',
      imap: null,
      exchange: {
        exchangeUrl: 'https://mail.example.org/EWS/Exchange.asmx',
        usage: 'EMAIL_AND_CALENDAR',
      },
    });
    expect(values).toMatchObject({
      domain: 'example.org',
      kind: 'EXCHANGE',
      usage: 'EMAIL_AND_CALENDAR',
      imapPort: '993',
    });
  });
});
