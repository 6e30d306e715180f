import { describe, expect, it } from 'vitest';
import { withSecurity } from '@/lib/mail-security';
import {
  fieldForProblem,
  firstInvalidField,
  formValuesFromSettings,
  initialFormValues,
  needsAdvancedOptions,
  placeFieldErrors,
  toConnectImapInput,
  withSameCredentials,
} from './imap-connect-form-model';

const detected = {
  imap: { host: 'imap.example.com', port: 993, security: 'SSL_TLS' as const },
  smtp: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' as const },
  allowInsecureCertificate: false,
};

describe('IMAP connect form model', () => {
  it('prefills the servers from detection, and the usual ports without it', () => {
    expect(initialFormValues('ada@example.com', detected)).toMatchObject({
      email: 'ada@example.com',
      password: '',
      username: '',
      imapHost: 'imap.example.com',
      imapPort: '993',
      smtpHost: 'smtp.example.com',
      smtpPort: '587',
      smtpSecurity: 'STARTTLS',
      smtpSameCredentials: true,
      trustAnyCertificate: false,
      allowLegacyTls: false,
      inboxAutomation: false,
    });
    expect(initialFormValues('ada@example.com', null)).toMatchObject({
      imapHost: '',
      imapPort: '993',
      smtpHost: '',
      smtpPort: '465',
    });
    expect(
      initialFormValues('ada@example.com', { ...detected, allowInsecureCertificate: true })
        .trustAnyCertificate,
    ).toBe(true);
  });

  it('suggests the usual port when the encryption changes, unless the port was customised', () => {
    let values = initialFormValues('ada@example.com', null);
    values = withSecurity(values, 'smtp', 'STARTTLS');
    expect(values.smtpPort).toBe('587');
    values = withSecurity({ ...values, imapPort: '10993' }, 'imap', 'STARTTLS');
    expect(values.imapPort).toBe('10993');
  });

  it('sends trimmed names, the password as typed, and leaves empty optional names to the gateway', () => {
    const values = {
      ...initialFormValues(' ada@example.com ', detected),
      password: ' pass word ',
      imapHost: ' imap.example.com ',
    };
    expect(toConnectImapInput(values, 'check-1')).toEqual({
      ok: true,
      input: {
        checkId: 'check-1',
        email: 'ada@example.com',
        password: ' pass word ',
        imapHost: 'imap.example.com',
        imapPort: 993,
        imapSecurity: 'SSL_TLS',
        smtpHost: 'smtp.example.com',
        smtpPort: 587,
        smtpSecurity: 'STARTTLS',
        smtpSameCredentials: true,
        trustAnyCertificate: false,
        allowLegacyTls: false,
        inboxAutomation: false,
      },
    });
  });

  it('sends separate outgoing credentials only when they are separate', () => {
    const values = {
      ...initialFormValues('ada@example.com', detected),
      password: 'p',
      username: 'ada',
      smtpUsername: 'ada-smtp',
      smtpPassword: 'q',
    };
    const same = toConnectImapInput(values);
    expect(same.ok && same.input).toMatchObject({ username: 'ada', smtpSameCredentials: true });
    expect(same.ok && 'smtpPassword' in same.input).toBe(false);
    const separate = toConnectImapInput({ ...values, smtpSameCredentials: false });
    expect(separate.ok && separate.input).toMatchObject({
      smtpSameCredentials: false,
      smtpUsername: 'ada-smtp',
      smtpPassword: 'q',
    });
    expect(
      toConnectImapInput({
        ...values,
        smtpSameCredentials: false,
        smtpUsername: ' ',
        smtpPassword: '',
      }),
    ).toEqual({
      ok: false,
      errors: {
        smtpUsername: { message: 'Enter the username for outgoing mail.' },
        smtpPassword: { message: expect.stringContaining('Enter the password for outgoing mail') },
      },
    });
  });

  it('starts separate outgoing credentials from the incoming username', () => {
    const values = initialFormValues('ada@example.com', detected);
    expect(withSameCredentials(values, false)).toMatchObject({
      smtpSameCredentials: false,
      smtpUsername: 'ada@example.com',
    });
    expect(withSameCredentials({ ...values, username: 'ada' }, false).smtpUsername).toBe('ada');
    expect(withSameCredentials({ ...values, smtpUsername: 'kept' }, false).smtpUsername).toBe(
      'kept',
    );
    expect(
      withSameCredentials({ ...values, smtpSameCredentials: false }, true).smtpSameCredentials,
    ).toBe(true);
  });

  it('reconnects from the saved settings, asking only for the password', () => {
    const values = formValuesFromSettings('ada@example.com', {
      username: 'ada@example.com',
      imap: { host: 'imap.example.com', port: 10993, security: 'SSL_TLS' },
      smtp: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' },
      smtpSameCredentials: false,
      smtpUsername: 'ada-out',
      trustAnyCertificate: true,
      inboxAutomation: true,
    });
    expect(values).toEqual({
      email: 'ada@example.com',
      password: '',
      username: '',
      imapHost: 'imap.example.com',
      imapPort: '10993',
      imapSecurity: 'SSL_TLS',
      smtpHost: 'smtp.example.com',
      smtpPort: '587',
      smtpSecurity: 'STARTTLS',
      smtpSameCredentials: false,
      smtpUsername: 'ada-out',
      smtpPassword: '',
      trustAnyCertificate: true,
      allowLegacyTls: false,
      inboxAutomation: true,
    });
    expect(toConnectImapInput(values)).toEqual({
      ok: false,
      errors: {
        password: { message: 'Enter the password of this mailbox.' },
        smtpPassword: { message: expect.any(String) },
      },
    });
    // The stored SMTP password is kept when its field stays empty and the SMTP username is unchanged.
    const typed = { ...values, password: 'new-pass' };
    expect(toConnectImapInput(typed, undefined, 'ada-out')).toMatchObject({
      ok: true,
      input: { smtpSameCredentials: false, smtpUsername: 'ada-out' },
    });
    const kept = toConnectImapInput(typed, undefined, 'ada-out');
    expect(kept.ok && 'smtpPassword' in kept.input).toBe(false);
    expect(toConnectImapInput({ ...typed, smtpUsername: 'ada-new' }, undefined, 'ada-out')).toEqual(
      { ok: false, errors: { smtpPassword: { message: expect.any(String) } } },
    );
    expect(
      toConnectImapInput({ ...typed, smtpPassword: 'changed' }, undefined, 'ada-out'),
    ).toMatchObject({ ok: true, input: { smtpUsername: 'ada-out', smtpPassword: 'changed' } });
  });

  it('refuses what it can see is missing before asking the gateway', () => {
    const result = toConnectImapInput({
      ...initialFormValues('ada@example.com', null),
      imapPort: 'abc',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(['password', 'imapHost', 'smtpHost', 'imapPort']);
    expect(result.errors.imapPort?.message).toBe('Enter the port as a number, for example 993.');
    expect(firstInvalidField(result.errors)).toBe('password');
    expect(needsAdvancedOptions(result.errors)).toBe(true);
    expect(needsAdvancedOptions({ password: { message: 'x' } })).toBe(false);
  });

  it('shows a gateway problem next to the control the user can change', () => {
    expect(fieldForProblem('trustAnyCertificate', { smtpSameCredentials: true })).toBe(
      'trustAnyCertificate',
    );
    expect(fieldForProblem('input.imapPort', { smtpSameCredentials: true })).toBe('imapPort');
    expect(fieldForProblem('smtpPassword', { smtpSameCredentials: true })).toBe(
      'smtpSameCredentials',
    );
    expect(fieldForProblem('smtpPassword', { smtpSameCredentials: false })).toBe('smtpPassword');
    expect(fieldForProblem('exchangeUrl', { smtpSameCredentials: true })).toBeUndefined();
    expect(fieldForProblem(null, { smtpSameCredentials: true })).toBeUndefined();
  });

  it('places ValidationFailed fields next to their controls and keeps the rest apart', () => {
    const { errors, unplaced } = placeFieldErrors(
      [
        { field: 'imapPort', message: 'Enter a port from 1 to 65535.' },
        { field: 'email', message: 'Enter an email address.' },
        { field: 'somethingNew', message: 'A rule the form does not know.' },
      ],
      { smtpSameCredentials: true },
    );
    expect(errors).toEqual({
      imapPort: { message: 'Enter a port from 1 to 65535.' },
      email: { message: 'Enter an email address.' },
    });
    expect(unplaced).toEqual(['A rule the form does not know.']);
    expect(firstInvalidField(errors)).toBe('email');
  });
});
