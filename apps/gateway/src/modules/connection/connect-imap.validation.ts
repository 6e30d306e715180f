import { normalizeServerHost, parseEmailAddress } from '@inlet/providers';
import type { ConnectImapInput } from '../../__generated__/resolvers-types.js';
import type { FieldProblem } from '../../validation.js';
import type { ImapConnectInput } from '@inlet/providers/imap';

/** What the IMAP kind verifies, and the address's domain for the connect policy (a Gmail address must use OAuth). */
export interface CheckedImapInput extends ImapConnectInput {
  domain: string;
}

function port(field: string, value: number, problems: FieldProblem[]): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    problems.push({ field, message: 'Enter a port from 1 to 65535.' });
}

function host(field: string, value: string, problems: FieldProblem[]): string {
  const checked = normalizeServerHost(value);
  if (!checked.ok) problems.push({ field, message: checked.message });
  return checked.ok ? checked.host : value;
}

/** Field names match ConnectImapInput, so the console highlights the right input. */
export function validateConnectImap(
  input: ConnectImapInput,
): { ok: true; value: CheckedImapInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const checked = parseEmailAddress(input.email);
  if (!checked.ok) problems.push({ field: 'email', message: checked.message });
  const email = checked.ok ? checked.address : input.email;
  if (input.password === '')
    problems.push({
      field: 'password',
      message: 'Enter the password (or app password) of this mailbox.',
    });
  const imapHost = host('imapHost', input.imapHost, problems);
  const smtpHost = host('smtpHost', input.smtpHost, problems);
  port('imapPort', input.imapPort, problems);
  port('smtpPort', input.smtpPort, problems);
  const smtpSameCredentials = input.smtpSameCredentials ?? true;
  const username = input.username?.trim() || email;
  if (!smtpSameCredentials) {
    if (!input.smtpUsername?.trim())
      problems.push({ field: 'smtpUsername', message: 'Enter the username for outgoing mail.' });
    if (!input.smtpPassword)
      problems.push({ field: 'smtpPassword', message: 'Enter the password for outgoing mail.' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      email,
      domain: (checked as { domain: string }).domain,
      password: input.password,
      username,
      imap: { host: imapHost, port: input.imapPort, security: input.imapSecurity },
      smtp: { host: smtpHost, port: input.smtpPort, security: input.smtpSecurity },
      smtpSameCredentials,
      smtpUsername: smtpSameCredentials ? username : input.smtpUsername!.trim(),
      smtpPassword: smtpSameCredentials ? input.password : input.smtpPassword!,
      trustAnyCertificate: input.trustAnyCertificate ?? false,
      allowLegacyTls: input.allowLegacyTls ?? false,
      inboxAutomation: input.inboxAutomation ?? false,
    },
  };
}
