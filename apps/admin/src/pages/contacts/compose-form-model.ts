import type { EmailActivityType, EmailAddressInput, SendEmailInput } from '@/gql/graphql';

/** What the compose form edits. Recipients stay text ("Bob <bob@example.com>, carol@example.com") until Send. */
export interface ComposeValues {
  /** The From option: connection and address (fromOptionValue), or '' before one is chosen. */
  from: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
}

/** The email the reply answers: threading (In-Reply-To) comes from it. */
export interface ReplyTarget {
  activityId: string;
  type: EmailActivityType;
  subject: string | null;
  occurredAt: string;
}

/**
 * One composed email. Its idempotency key is made once, when the draft is, and goes with every Send of
 * it (a double click, a retry after a network error, a reopened panel): the gateway queues it only once.
 */
export interface ComposeDraft extends ComposeValues {
  idempotencyKey: string;
  /** What opened the draft (new email, a contact, a reply to one activity): opening the same again resumes it. */
  target: string;
  /** Cc and Bcc are shown. */
  showCopies: boolean;
  replyTo: ReplyTarget | null;
}

/** The form's fields in the order it shows them; ValidationFailed names these (recipients with an index: `to.0`). */
export const composeFields = ['from', 'to', 'cc', 'bcc', 'subject', 'text'] as const;
export type ComposeField = (typeof composeFields)[number];
export type ComposeErrors = Partial<Record<ComposeField, string>>;

export interface NewDraftOptions {
  target: string;
  to?: string;
  subject?: string;
  replyTo?: ReplyTarget | null;
}

export function newDraft(
  { target, to = '', subject = '', replyTo = null }: NewDraftOptions,
  idempotencyKey: string,
): ComposeDraft {
  return {
    idempotencyKey,
    target,
    from: '',
    to,
    cc: '',
    bcc: '',
    showCopies: false,
    subject,
    text: '',
    replyTo,
  };
}

/** "Re: <subject>", without stacking a second "Re:". */
export function replySubject(subject: string | null | undefined): string {
  const trimmed = (subject ?? '').trim();
  if (trimmed === '') return 'Re: ';
  return /^re:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** A recipient as the To field shows it: `Bob Jones <bob@example.com>`, quoting a name with commas or brackets. */
export function formatRecipient(email: string, name?: string | null): string {
  const display = name?.trim();
  if (!display) return email;
  const safe = /[",;:<>@()[\]\\]/.test(display)
    ? `"${display.replace(/(["\\])/g, '\\$1')}"`
    : display;
  return `${safe} <${email}>`;
}

const emailPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function isEmailAddress(text: string): boolean {
  return emailPattern.test(text);
}

/** Splits on commas, semicolons and line breaks outside quotes and angle brackets. */
function splitRecipients(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '\\' && i + 1 < text.length) {
      current += ch + text[++i];
      continue;
    }
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (!quoted && !angle && (ch === ',' || ch === ';' || ch === '\n')) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function unquote(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"'))
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1').trim();
  return trimmed;
}

export interface ParsedRecipients {
  recipients: EmailAddressInput[];
  /** Entries that are not an address, as typed. */
  invalid: string[];
}

/** `Bob <bob@example.com>, carol@example.com; "Doe, Jane" <jane@example.com>` as recipients. */
export function parseRecipients(text: string): ParsedRecipients {
  const recipients: EmailAddressInput[] = [];
  const invalid: string[] = [];
  for (const entry of splitRecipients(text)) {
    const match = /^(.*)<([^<>]*)>$/.exec(entry);
    const address = (match ? match[2]! : entry).trim();
    const name = match ? unquote(match[1]!) : '';
    if (!isEmailAddress(address)) invalid.push(entry);
    else recipients.push(name ? { address, name } : { address });
  }
  return { recipients, invalid };
}

function invalidMessage(invalid: string[]): string {
  const quoted = invalid.map((entry) => `"${entry}"`);
  return invalid.length === 1
    ? `${quoted[0]} is not an email address. Separate addresses with commas.`
    : `${quoted.join(', ')} are not email addresses. Separate addresses with commas.`;
}

/** The From option's value: one select offers every address of every connection. */
export function fromOptionValue(connectionId: string, address: string): string {
  return `${connectionId} ${address}`;
}

export function parseFromOption(value: string): { connectionId: string; address: string } | null {
  const space = value.indexOf(' ');
  if (space <= 0 || space === value.length - 1) return null;
  return { connectionId: value.slice(0, space), address: value.slice(space + 1) };
}

/** The gateway sends to at most this many recipients (To, Cc and Bcc together). */
export const MAX_RECIPIENTS = 100;
export const MAX_SUBJECT_LENGTH = 998;

export type ToInputResult =
  { ok: true; input: SendEmailInput } | { ok: false; errors: ComposeErrors };

/** The mutation input, or the problems the form can see itself (the gateway checks the same and more). */
export function toSendEmailInput(draft: ComposeDraft): ToInputResult {
  const errors: ComposeErrors = {};
  const from = parseFromOption(draft.from);
  if (!from) errors.from = 'Choose the address to send from.';
  const to = parseRecipients(draft.to);
  const cc = parseRecipients(draft.cc);
  const bcc = parseRecipients(draft.bcc);
  if (to.invalid.length > 0) errors.to = invalidMessage(to.invalid);
  if (cc.invalid.length > 0) errors.cc = invalidMessage(cc.invalid);
  if (bcc.invalid.length > 0) errors.bcc = invalidMessage(bcc.invalid);
  const total = to.recipients.length + cc.recipients.length + bcc.recipients.length;
  if (!errors.to && total === 0 && !errors.cc && !errors.bcc)
    errors.to = 'Add at least one recipient.';
  if (!errors.to && total > MAX_RECIPIENTS)
    errors.to = `One-to-one email goes to at most ${MAX_RECIPIENTS} recipients.`;
  const subject = draft.subject.trim();
  if (subject === '') errors.subject = 'Enter a subject.';
  else if (subject.length > MAX_SUBJECT_LENGTH)
    errors.subject = `Shorten the subject to at most ${MAX_SUBJECT_LENGTH} characters.`;
  if (draft.text.trim() === '') errors.text = 'Write a message.';
  if (!from || Object.keys(errors).length > 0) return { ok: false, errors };

  return {
    ok: true,
    input: {
      idempotencyKey: draft.idempotencyKey,
      connectionId: from.connectionId,
      from: from.address,
      to: to.recipients,
      ...(cc.recipients.length > 0 ? { cc: cc.recipients } : {}),
      ...(bcc.recipients.length > 0 ? { bcc: bcc.recipients } : {}),
      subject,
      text: draft.text,
      ...(draft.replyTo ? { replyToActivityId: draft.replyTo.activityId } : {}),
    },
  };
}

/** The control a ValidationFailed field belongs to: `to.2` -> to, `html` -> text; an `input.` prefix is tolerated. */
export function fieldForProblem(field: string): ComposeField | undefined {
  const name = field.replace(/^input\./, '').split('.')[0];
  if (name === 'html') return 'text';
  return (composeFields as readonly string[]).includes(name ?? '')
    ? (name as ComposeField)
    : undefined;
}

/** Places ValidationFailed.fields next to their controls (several for one control are joined); the rest are returned apart. */
export function placeFieldErrors(fields: readonly { field: string; message: string }[]): {
  errors: ComposeErrors;
  unplaced: string[];
} {
  const errors: ComposeErrors = {};
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    const placed = fieldForProblem(field);
    if (!placed) unplaced.push(message);
    else if (!errors[placed]) errors[placed] = message;
    else if (!errors[placed].includes(message)) errors[placed] = `${errors[placed]} ${message}`;
  }
  return { errors, unplaced };
}

export function firstInvalidField(errors: ComposeErrors): ComposeField | undefined {
  return composeFields.find((field) => errors[field] !== undefined);
}

/** Cc and Bcc must be shown when one of them has a problem. */
export function needsCopies(errors: ComposeErrors): boolean {
  return errors.cc !== undefined || errors.bcc !== undefined;
}

/** What the Cc/Bcc toggle says while they are hidden but not empty, e.g. "Cc 1, Bcc 2". */
export function copiesSummary(draft: Pick<ComposeValues, 'cc' | 'bcc'>): string {
  const cc = parseRecipients(draft.cc).recipients.length + parseRecipients(draft.cc).invalid.length;
  const bcc =
    parseRecipients(draft.bcc).recipients.length + parseRecipients(draft.bcc).invalid.length;
  return [cc > 0 ? `Cc ${cc}` : '', bcc > 0 ? `Bcc ${bcc}` : ''].filter(Boolean).join(', ');
}

/** The recipients' addresses, for the outbox status line. */
export function recipientAddresses(input: Pick<SendEmailInput, 'to' | 'cc' | 'bcc'>): string[] {
  return [...input.to, ...(input.cc ?? []), ...(input.bcc ?? [])].map((r) => r.address);
}
