import type {
  DomainSettingsInput,
  DomainSettingsKind,
  ExchangeUsage,
  MailSecurity,
} from '@/gql/graphql';
import { parsePort, usualPorts } from '@/lib/mail-security';
import { placeValidationErrors } from '@/lib/place-validation-errors';

/** What the form edits; ports stay text until submit so a half-typed value is not lost. */
export interface DomainSettingsFormValues {
  domain: string;
  kind: DomainSettingsKind;
  imapHost: string;
  imapPort: string;
  imapSecurity: MailSecurity;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: MailSecurity;
  allowInsecureCertificate: boolean;
  allowLegacyTls: boolean;
  exchangeUrl: string;
  usage: ExchangeUsage;
}

/** Input paths as ValidationFailed names them, in the order the form shows them. */
export const fieldPaths = [
  'domain',
  'kind',
  'imap.imapHost',
  'imap.imapPort',
  'imap.imapSecurity',
  'imap.smtpHost',
  'imap.smtpPort',
  'imap.smtpSecurity',
  'imap.allowInsecureCertificate',
  'imap.allowLegacyTls',
  'exchange.exchangeUrl',
  'exchange.usage',
] as const;

export type FieldPath = (typeof fieldPaths)[number];
export type FieldErrors = Partial<Record<FieldPath, string>>;

export { usualPorts, withSecurity } from '@/lib/mail-security';

/** The shape of saved settings the form starts from (DomainSettingsForm's fragment satisfies it). */
export interface SavedDomainSettings {
  domain: string;
  kind: DomainSettingsKind;
  imap?: {
    imapHost: string;
    imapPort: number;
    imapSecurity: MailSecurity;
    smtpHost: string;
    smtpPort: number;
    smtpSecurity: MailSecurity;
    allowInsecureCertificate: boolean;
    allowLegacyTls: boolean;
  } | null;
  exchange?: { exchangeUrl: string; usage: ExchangeUsage } | null;
}

export function emptyFormValues(): DomainSettingsFormValues {
  return {
    domain: '',
    kind: 'IMAP',
    imapHost: '',
    imapPort: String(usualPorts.imap.SSL_TLS),
    imapSecurity: 'SSL_TLS',
    smtpHost: '',
    smtpPort: String(usualPorts.smtp.SSL_TLS),
    smtpSecurity: 'SSL_TLS',
    allowInsecureCertificate: false,
    allowLegacyTls: false,
    exchangeUrl: '',
    usage: 'EMAIL',
  };
}

/** The other kind's fields keep their defaults, so switching kind while editing starts from sensible values. */
export function formValuesFrom(saved: SavedDomainSettings): DomainSettingsFormValues {
  const values: DomainSettingsFormValues = {
    ...emptyFormValues(),
    domain: saved.domain,
    kind: saved.kind,
  };
  const { imap, exchange } = saved;
  if (imap) {
    values.imapHost = imap.imapHost;
    values.imapPort = String(imap.imapPort);
    values.imapSecurity = imap.imapSecurity;
    values.smtpHost = imap.smtpHost;
    values.smtpPort = String(imap.smtpPort);
    values.smtpSecurity = imap.smtpSecurity;
    values.allowInsecureCertificate = imap.allowInsecureCertificate;
    values.allowLegacyTls = imap.allowLegacyTls;
  }
  if (exchange) {
    values.exchangeUrl = exchange.exchangeUrl;
    values.usage = exchange.usage;
  }
  return values;
}

export type ToInputResult =
  { ok: true; input: DomainSettingsInput } | { ok: false; errors: FieldErrors };

/** The mutation input for the chosen kind only; the other kind's fields are not sent. */
export function toDomainSettingsInput(values: DomainSettingsFormValues): ToInputResult {
  const domain = values.domain.trim();
  if (values.kind === 'EXCHANGE') {
    return {
      ok: true,
      input: { domain, exchange: { exchangeUrl: values.exchangeUrl.trim(), usage: values.usage } },
    };
  }
  const imapPort = parsePort(values.imapPort);
  const smtpPort = parsePort(values.smtpPort);
  const errors: FieldErrors = {};
  if (imapPort === undefined)
    errors['imap.imapPort'] =
      `Enter the port as a number, for example ${usualPorts.imap[values.imapSecurity]}.`;
  if (smtpPort === undefined)
    errors['imap.smtpPort'] =
      `Enter the port as a number, for example ${usualPorts.smtp[values.smtpSecurity]}.`;
  if (imapPort === undefined || smtpPort === undefined) return { ok: false, errors };
  return {
    ok: true,
    input: {
      domain,
      imap: {
        imapHost: values.imapHost.trim(),
        imapPort,
        imapSecurity: values.imapSecurity,
        smtpHost: values.smtpHost.trim(),
        smtpPort,
        smtpSecurity: values.smtpSecurity,
        allowInsecureCertificate: values.allowInsecureCertificate,
        allowLegacyTls: values.allowLegacyTls,
      },
    },
  };
}

function isFieldPath(field: string): field is FieldPath {
  return (fieldPaths as readonly string[]).includes(field);
}

/** Places ValidationFailed.fields next to their inputs; messages for fields the form lacks are returned apart. */
export function placeFieldErrors(fields: readonly { field: string; message: string }[]): {
  errors: FieldErrors;
  unplaced: string[];
} {
  return placeValidationErrors(
    fields,
    (field) => (isFieldPath(field) ? field : undefined),
    (message) => message,
  );
}

export function firstInvalidField(errors: FieldErrors): FieldPath | undefined {
  return fieldPaths.find((path) => errors[path] !== undefined);
}
