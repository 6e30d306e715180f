import type { ConnectExchangeInput } from '@/gql/graphql';
import { placeValidationErrors } from '@/lib/place-validation-errors';
import type { FieldProblem } from './imap-connect-form-model';
import { signInFields } from './sign-in-fields';

export type { FieldProblem } from './imap-connect-form-model';

/** What the Exchange form edits. */
export interface ExchangeFormValues {
  email: string;
  password: string;
  /** Empty: sign in with the email address. */
  username: string;
  /** Empty: Inlet finds the server (domain settings, then autodiscover). */
  exchangeUrl: string;
}

/** The form's fields in the order it shows them; ConnectExchangeInput, ConnectionFailed.field and ValidationFailed use these names. */
export const exchangeFormFields = [
  'email',
  'password',
  'username',
  'exchangeUrl',
] as const satisfies readonly (keyof ExchangeFormValues)[];

export type ExchangeFormField = (typeof exchangeFormFields)[number];

export type ExchangeFieldErrors = Partial<Record<ExchangeFormField, FieldProblem>>;

/** Username and Exchange URL sit under "Show optional fields". */
export function isOptionalField(field: ExchangeFormField): boolean {
  return field === 'username' || field === 'exchangeUrl';
}

/** What detection found (ExchangeConnectForm's fragment satisfies it); null when the user chose Exchange themselves. */
export interface DetectedExchange {
  exchangeUrl?: string | null;
}

export function initialExchangeValues(
  email: string,
  detected: DetectedExchange | null,
): ExchangeFormValues {
  return { email, password: '', username: '', exchangeUrl: detected?.exchangeUrl ?? '' };
}

/** Saved settings of an Exchange connection (ExchangeConnectForm's reconnect fragment satisfies it); never a password. */
export interface SavedExchangeSettings {
  username: string;
  ewsUrl: string;
}

/**
 * Reconnect: the sign-in name and Exchange URL that worked, only the password to type again. The username
 * stays empty when it is the address (the form then says "Sign in as" the address, as on connect).
 */
export function exchangeValuesFromSettings(
  email: string,
  saved: SavedExchangeSettings,
): ExchangeFormValues {
  return {
    email,
    password: '',
    username: saved.username.toLowerCase() === email.toLowerCase() ? '' : saved.username,
    exchangeUrl: saved.ewsUrl,
  };
}

export type ToExchangeInputResult =
  { ok: true; input: ConnectExchangeInput } | { ok: false; errors: ExchangeFieldErrors };

/**
 * The mutation input, or the problems the form can see itself (a missing password). The password is
 * sent as typed; the optional fields are left out when empty so the gateway finds the server and signs
 * in with the address. The Exchange URL is sent as typed (trimmed): the gateway accepts a bare host and
 * explains an address copied from the browser better than the form could.
 */
export function toConnectExchangeInput(
  values: ExchangeFormValues,
  checkId?: string,
): ToExchangeInputResult {
  if (values.password === '')
    return { ok: false, errors: { password: { message: 'Enter the password of this mailbox.' } } };
  const exchangeUrl = values.exchangeUrl.trim();
  return {
    ok: true,
    input: { ...signInFields(values, checkId), ...(exchangeUrl ? { exchangeUrl } : {}) },
  };
}

function isExchangeFormField(name: string): name is ExchangeFormField {
  return (exchangeFormFields as readonly string[]).includes(name);
}

/** The control to show a gateway problem next to (an `input.` prefix is tolerated); undefined for names the form lacks. */
export function exchangeFieldForProblem(
  field: string | null | undefined,
): ExchangeFormField | undefined {
  const name = field?.replace(/^input\./, '');
  return name && isExchangeFormField(name) ? name : undefined;
}

/** Places ValidationFailed.fields next to their controls; messages for fields the form lacks are returned apart. */
export function placeExchangeFieldErrors(fields: readonly { field: string; message: string }[]): {
  errors: ExchangeFieldErrors;
  unplaced: string[];
} {
  return placeValidationErrors(fields, exchangeFieldForProblem, (message) => ({ message }));
}

export function firstInvalidExchangeField(
  errors: ExchangeFieldErrors,
): ExchangeFormField | undefined {
  return exchangeFormFields.find((field) => errors[field] !== undefined);
}

/** True when a problem sits under "Show optional fields", which must then be open to show it. */
export function needsOptionalFields(errors: ExchangeFieldErrors): boolean {
  return exchangeFormFields.some((field) => errors[field] !== undefined && isOptionalField(field));
}

/** The line under the closed "Show optional fields": what Inlet will use when they stay empty. */
export function optionalFieldsSummary(values: ExchangeFormValues): string {
  const who = values.username.trim()
    ? `Sign in as ${values.username.trim()}`
    : `Sign in as ${values.email}`;
  const where = values.exchangeUrl.trim()
    ? `at ${values.exchangeUrl.trim()}`
    : 'Inlet finds your Exchange server';
  return `${who} · ${where}`;
}
