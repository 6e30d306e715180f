import { ProviderError, type ProviderStep } from '../core/provider-error.js';

/** What a 401's WWW-Authenticate headers offer. */
export interface AuthOffer {
  /** Scheme names in the order offered (Negotiate, NTLM, Basic, Bearer, ...). */
  schemes: string[];
  basic: boolean;
  ntlm: boolean;
  negotiate: boolean;
  /** The authorization_uri of a Bearer challenge (the OAuth authority), when one was offered. */
  bearerAuthority?: string;
}

// A challenge starts with a scheme token not followed by "=" (which would make it a parameter name).
const SCHEME = /(?:^|,)\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?=\s|,|$)(?!\s*=)/g;

/** Reads the schemes offered by WWW-Authenticate values (several per line are allowed, RFC 9110 11.6.1). */
export function parseAuthOffer(values: readonly string[]): AuthOffer {
  const schemes: string[] = [];
  let bearerAuthority: string | undefined;
  for (const value of values) {
    // Quoted parameter values may contain commas and scheme-like words: blank them out first.
    const unquoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const match of unquoted.matchAll(SCHEME)) {
      const scheme = match[1]!;
      if (!schemes.some((s) => s.toLowerCase() === scheme.toLowerCase())) schemes.push(scheme);
    }
    if (/^\s*bearer\b/i.test(value))
      bearerAuthority ??= /authorization_uri="([^"]*)"/i.exec(value)?.[1];
  }
  const has = (name: string) => schemes.some((s) => s.toLowerCase() === name);
  const offer: AuthOffer = {
    schemes,
    basic: has('basic'),
    ntlm: has('ntlm'),
    negotiate: has('negotiate'),
  };
  if (bearerAuthority !== undefined) offer.bearerAuthority = bearerAuthority;
  return offer;
}

export type EwsAuthScheme = 'basic' | 'ntlm';

/**
 * Basic over TLS when offered (robust, works with every IIS setup); NTLM when only NTLM (and
 * Negotiate) is, best effort: servers enforcing Extended Protection refuse NTLM without channel
 * binding, which @ewsjs/xhr does not send. Negotiate alone means Kerberos: unsupported.
 */
export function chooseScheme(offer: AuthOffer): EwsAuthScheme | undefined {
  if (offer.basic) return 'basic';
  if (offer.ntlm) return 'ntlm';
  return undefined;
}

/**
 * Exchange Online's EWS front end answers with an OAuth (Bearer) challenge pointing at Microsoft's
 * login service and offers no Windows authentication (NTLM, Negotiate), which every on-premises
 * EWS virtual directory keeps. Hybrid Modern Auth on-premises also sends the Bearer challenge, but
 * together with NTLM/Negotiate, so it is not mistaken for Exchange Online.
 */
export function looksLikeExchangeOnline(offer: AuthOffer): boolean {
  if (offer.ntlm || offer.negotiate || !offer.bearerAuthority) return false;
  try {
    const host = new URL(offer.bearerAuthority).hostname.toLowerCase();
    return [
      'login.microsoftonline.com',
      'login.windows.net',
      'login.microsoftonline.us',
      'login.chinacloudapi.cn',
    ].includes(host);
  } catch {
    return false;
  }
}

/**
 * The user names to try, at most two: the one given (or the email address as a UPN), then one
 * alternative form. Each rejected try is a failed logon in Active Directory, so the list never
 * grows and is never retried.
 */
export function usernameForms(email: string, username: string | undefined): string[] {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const given = username?.trim();
  let forms: string[];
  if (!given) {
    // UPN first (usually the email address); then the bare name, which IIS qualifies with its default domain.
    forms = [email, local];
  } else if (given.includes('\\')) {
    const user = given.slice(given.indexOf('\\') + 1);
    forms = [given, `${user}@${domain}`];
  } else if (given.includes('@')) {
    forms = [given, given.slice(0, given.lastIndexOf('@'))];
  } else {
    forms = [given, `${given}@${domain}`];
  }
  return forms
    .filter((f, i) => f !== '' && forms.findIndex((g) => g.toLowerCase() === f.toLowerCase()) === i)
    .slice(0, 2);
}

/** Refused logons per check, over autodiscover and EWS together. */
export const MAX_REJECTED = 2;

export const EXCHANGE_AUTH_HINT =
  'Check the password. Exchange usually expects DOMAIN\\username (for example CORP\\jane) or your sign-in name (jane@corp.example) rather than your email address: enter it under Username. If your organisation uses two-factor authentication, create an app password and use it here.';

/**
 * The logon attempts of one check, shared by autodiscover and EWS: every user name form is tried
 * at most once, a form that worked is kept, and after both forms are rejected the check stops with
 * AUTHENTICATION_FAILED rather than locking the account with more tries.
 */
export class LoginAttempts {
  private readonly rejected: string[] = [];
  private accepted: string | undefined;

  constructor(private readonly forms: readonly string[]) {}

  /** The user name that worked, once one did. */
  get username(): string | undefined {
    return this.accepted;
  }

  /** How many credential presentations were refused so far. */
  get failures(): number {
    return this.rejected.length;
  }

  /**
   * Sends with each remaining user name until one is not rejected. `send` says `rejected` when the
   * server refused the credentials (a 401 after they were sent); anything it throws ends the attempt.
   */
  async attempt<T>(
    send: (username: string) => Promise<{ rejected: true } | { rejected: false; value: T }>,
    step: ProviderStep,
  ): Promise<{ username: string; value: T }> {
    const ordered = this.accepted
      ? [this.accepted, ...this.forms.filter((f) => f !== this.accepted)]
      : this.forms;
    for (const username of ordered) {
      if (this.rejected.includes(username)) continue;
      if (this.rejected.length >= MAX_REJECTED) break;
      const outcome = await send(username);
      if (!outcome.rejected) {
        this.accepted = username;
        return { username, value: outcome.value };
      }
      if (this.accepted === username) this.accepted = undefined;
      this.rejected.push(username);
    }
    throw new ProviderError('AUTHENTICATION_FAILED', {
      step,
      field: 'password',
      hint: EXCHANGE_AUTH_HINT,
      detail:
        this.rejected.length > 0
          ? `Exchange rejected the password for ${this.rejected.join(' and ')}. Inlet stopped after ${this.rejected.length} ${this.rejected.length === 1 ? 'try' : 'tries'} so that the account is not locked.`
          : 'Exchange rejected the credentials.',
    });
  }
}
