import type { ConnectImapInput, MailSecurity } from '@/gql/graphql';
import { parsePort, usualPorts, type ServerFieldValues } from '@/lib/mail-security';
import { placeValidationErrors } from '@/lib/place-validation-errors';
import { signInFields } from './sign-in-fields';

/** What the form edits; ports stay text until submit so a half-typed value is not lost. */
export interface ImapFormValues extends ServerFieldValues {
  email: string;
  password: string;
  /** Empty: sign in with the email address. */
  username: string;
  smtpSameCredentials: boolean;
  /** Used only when smtpSameCredentials is off. */
  smtpUsername: string;
  smtpPassword: string;
  trustAnyCertificate: boolean;
  allowLegacyTls: boolean;
  inboxAutomation: boolean;
}

/** The form's fields in the order it shows them; ConnectImapInput, ConnectionFailed.field and ValidationFailed use these names. */
export const imapFormFields = [
  'email',
  'password',
  'username',
  'imapHost',
  'imapPort',
  'imapSecurity',
  'smtpHost',
  'smtpPort',
  'smtpSecurity',
  'smtpSameCredentials',
  'smtpUsername',
  'smtpPassword',
  'trustAnyCertificate',
  'allowLegacyTls',
  'inboxAutomation',
] as const satisfies readonly (keyof ImapFormValues)[];

export type ImapFormField = (typeof imapFormFields)[number];

/** A problem shown next to a field: what is wrong and, from the gateway, what to do about it. */
export interface FieldProblem {
  message: string;
  hint?: string;
}

export type FieldErrors = Partial<Record<ImapFormField, FieldProblem>>;

/** Everything but email and password sits under "Advanced options". */
export function isAdvancedField(field: ImapFormField): boolean {
  return field !== 'email' && field !== 'password';
}

interface Endpoint {
  host: string;
  port: number;
  security: MailSecurity;
}

/** What detection found (ImapConnectForm's fragment satisfies it); null when the user chose the provider themselves. */
export interface DetectedServers {
  imap?: Endpoint | null;
  smtp?: Endpoint | null;
  /** The admin allowed the domain's servers to use their own certificate. */
  allowInsecureCertificate?: boolean;
  /** The admin allowed TLS 1.0/1.1 for the domain's servers. */
  allowLegacyTls?: boolean;
}

export function initialFormValues(email: string, detected: DetectedServers | null): ImapFormValues {
  const imap = detected?.imap;
  const smtp = detected?.smtp;
  return {
    email,
    password: '',
    username: '',
    imapHost: imap?.host ?? '',
    imapPort: String(imap?.port ?? usualPorts.imap.SSL_TLS),
    imapSecurity: imap?.security ?? 'SSL_TLS',
    smtpHost: smtp?.host ?? '',
    smtpPort: String(smtp?.port ?? usualPorts.smtp.SSL_TLS),
    smtpSecurity: smtp?.security ?? 'SSL_TLS',
    smtpSameCredentials: true,
    smtpUsername: '',
    smtpPassword: '',
    trustAnyCertificate: detected?.allowInsecureCertificate ?? false,
    allowLegacyTls: detected?.allowLegacyTls ?? false,
    inboxAutomation: false,
  };
}

/** Saved settings of an IMAP connection (ImapConnectForm's reconnect fragment satisfies it); never a password. */
export interface SavedImapSettings {
  username: string;
  imap: Endpoint;
  smtp: Endpoint;
  smtpSameCredentials: boolean;
  smtpUsername?: string | null;
  trustAnyCertificate: boolean;
  allowLegacyTls?: boolean;
  inboxAutomation: boolean;
}

/** Reconnect: everything as saved, only the password to type again (a separate SMTP one is kept when left empty). The username stays empty when it is the address. */
export function formValuesFromSettings(email: string, saved: SavedImapSettings): ImapFormValues {
  return {
    email,
    password: '',
    username: saved.username.toLowerCase() === email.toLowerCase() ? '' : saved.username,
    imapHost: saved.imap.host,
    imapPort: String(saved.imap.port),
    imapSecurity: saved.imap.security,
    smtpHost: saved.smtp.host,
    smtpPort: String(saved.smtp.port),
    smtpSecurity: saved.smtp.security,
    smtpSameCredentials: saved.smtpSameCredentials,
    smtpUsername: saved.smtpSameCredentials ? '' : (saved.smtpUsername ?? ''),
    smtpPassword: '',
    trustAnyCertificate: saved.trustAnyCertificate,
    allowLegacyTls: saved.allowLegacyTls ?? false,
    inboxAutomation: saved.inboxAutomation,
  };
}

/** Turning separate outgoing credentials on starts the SMTP username from the incoming one. */
export function withSameCredentials(values: ImapFormValues, same: boolean): ImapFormValues {
  if (same || values.smtpUsername.trim() !== '') return { ...values, smtpSameCredentials: same };
  return {
    ...values,
    smtpSameCredentials: same,
    smtpUsername: values.username.trim() || values.email.trim(),
  };
}

/**
 * Reconnect keeps the stored SMTP password when its field is left empty, as long as the SMTP username is
 * the stored one (`storedSmtpUsername`: set only when the connection has separate SMTP credentials).
 */
export function keepsStoredSmtpPassword(
  values: Pick<ImapFormValues, 'smtpSameCredentials' | 'smtpUsername' | 'smtpPassword'>,
  storedSmtpUsername: string | null | undefined,
): boolean {
  return (
    !values.smtpSameCredentials &&
    values.smtpPassword === '' &&
    Boolean(storedSmtpUsername) &&
    values.smtpUsername.trim() === storedSmtpUsername
  );
}

export type ToInputResult =
  { ok: true; input: ConnectImapInput } | { ok: false; errors: FieldErrors };

/**
 * The mutation input, or the problems the form can see itself (missing password or server name, a
 * port GraphQL Int cannot carry). Passwords are sent as typed (spaces can be part of them); optional
 * names are left out when empty so the gateway applies its defaults.
 */
export function toConnectImapInput(
  values: ImapFormValues,
  checkId?: string,
  storedSmtpUsername?: string | null,
): ToInputResult {
  const errors: FieldErrors = {};
  if (values.password === '') errors.password = { message: 'Enter the password of this mailbox.' };
  const imapHost = values.imapHost.trim();
  const smtpHost = values.smtpHost.trim();
  if (imapHost === '')
    errors.imapHost = { message: 'Enter the incoming server name, for example imap.example.com.' };
  if (smtpHost === '')
    errors.smtpHost = { message: 'Enter the outgoing server name, for example smtp.example.com.' };
  const imapPort = parsePort(values.imapPort);
  const smtpPort = parsePort(values.smtpPort);
  if (imapPort === undefined)
    errors.imapPort = {
      message: `Enter the port as a number, for example ${usualPorts.imap[values.imapSecurity]}.`,
    };
  if (smtpPort === undefined)
    errors.smtpPort = {
      message: `Enter the port as a number, for example ${usualPorts.smtp[values.smtpSecurity]}.`,
    };
  if (!values.smtpSameCredentials && values.smtpUsername.trim() === '')
    errors.smtpUsername = { message: 'Enter the username for outgoing mail.' };
  const keepsSmtpPassword = keepsStoredSmtpPassword(values, storedSmtpUsername);
  if (!values.smtpSameCredentials && values.smtpPassword === '' && !keepsSmtpPassword) {
    errors.smtpPassword = {
      message:
        'Enter the password for outgoing mail, or turn on "Outgoing mail uses the same credentials as incoming".',
    };
  }
  if (imapPort === undefined || smtpPort === undefined || Object.keys(errors).length > 0)
    return { ok: false, errors };

  const smtpUsername = values.smtpUsername.trim();
  return {
    ok: true,
    input: {
      ...signInFields(values, checkId),
      imapHost,
      imapPort,
      imapSecurity: values.imapSecurity,
      smtpHost,
      smtpPort,
      smtpSecurity: values.smtpSecurity,
      smtpSameCredentials: values.smtpSameCredentials,
      ...(values.smtpSameCredentials
        ? {}
        : keepsSmtpPassword
          ? { smtpUsername }
          : { smtpUsername, smtpPassword: values.smtpPassword }),
      trustAnyCertificate: values.trustAnyCertificate,
      allowLegacyTls: values.allowLegacyTls,
      inboxAutomation: values.inboxAutomation,
    },
  };
}

function isImapFormField(name: string): name is ImapFormField {
  return (imapFormFields as readonly string[]).includes(name);
}

/**
 * The control to show a gateway problem next to. Names are the input's (an `input.` prefix is
 * tolerated). The gateway already points SMTP credential problems at username/password while
 * outgoing mail shares them; should one still name the hidden SMTP fields, it goes to that checkbox.
 */
export function fieldForProblem(
  field: string | null | undefined,
  values: Pick<ImapFormValues, 'smtpSameCredentials'>,
): ImapFormField | undefined {
  const name = field?.replace(/^input\./, '');
  if (!name || !isImapFormField(name)) return undefined;
  if ((name === 'smtpUsername' || name === 'smtpPassword') && values.smtpSameCredentials)
    return 'smtpSameCredentials';
  return name;
}

/** Places ValidationFailed.fields next to their controls; messages for fields the form lacks are returned apart. */
export function placeFieldErrors(
  fields: readonly { field: string; message: string }[],
  values: Pick<ImapFormValues, 'smtpSameCredentials'>,
): { errors: FieldErrors; unplaced: string[] } {
  return placeValidationErrors(
    fields,
    (field) => fieldForProblem(field, values),
    (message) => ({ message }),
  );
}

export function firstInvalidField(errors: FieldErrors): ImapFormField | undefined {
  return imapFormFields.find((field) => errors[field] !== undefined);
}

/** True when a problem sits under "Advanced options", which must then be open to show it. */
export function needsAdvancedOptions(errors: FieldErrors): boolean {
  return imapFormFields.some((field) => errors[field] !== undefined && isAdvancedField(field));
}
