import { isHostname, isIpLiteral, toAsciiHostname } from '../core/hostname.js';

/** The path of the EWS endpoint on every Exchange release (IIS matches it case-insensitively). */
export const EWS_PATH = '/EWS/Exchange.asmx';

export type ExchangeUrlCheck =
  | {
      ok: true;
      /** https://host[:port]/EWS/Exchange.asmx, or the URL as given when it names another path (a reverse proxy's). */
      url: URL;
      /** True when the EWS path was filled in (bare host, site root, /EWS/ neighbours, /autodiscover/...). */
      derived: boolean;
    }
  | {
      ok: false;
      /** Why, for the user. */
      reason: string;
      /** https://host/EWS/Exchange.asmx when a host could be read from the input. */
      suggestedUrl?: string;
    };

// Outlook on the web, the Exchange admin center and the Exchange 2003-era /exchange path: pages for
// browsers, never EWS.
const BROWSER_PATH = /^\/(owa|ecp|exchange)(\/|$)/i;
// Paths that tell which server is meant but not where EWS is: EWS is then at its standard path.
const DERIVABLE_PATH = /^\/(ews(\/.*)?|autodiscover(\/.*)?)?$/i;
const EWS_ENDPOINT = /^\/ews\/exchange\.asmx\/?$/i;

/**
 * Reads what a person typed or pasted as the Exchange URL: a bare host (mail.example.com), an
 * https URL, or a URL copied from the browser's address bar. Scheme and host are lower-cased,
 * query and fragment dropped, the EWS path filled in where the input only names the server.
 * An Outlook on the web / admin center URL is refused with the EWS URL to use instead. Plain
 * http is refused too: the password is never sent unencrypted.
 */
export function normalizeExchangeUrl(input: string): ExchangeUrlCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'No Exchange URL was given.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { ok: false, reason: `"${trimmed}" is not a web address.` };
  }
  const host = hostOf(parsed);
  if (!host) return { ok: false, reason: `"${trimmed}" does not name a valid server.` };
  const suggestedUrl = ewsUrlFor(host, parsed.protocol === 'https:' ? parsed.port : '');
  if (parsed.protocol !== 'https:') {
    return {
      ok: false,
      reason: `Exchange URLs must start with https:// (Inlet never sends a password unencrypted), not ${parsed.protocol}//.`,
      suggestedUrl,
    };
  }
  if (parsed.username || parsed.password)
    return { ok: false, reason: 'The URL must not contain a user name or password.', suggestedUrl };
  const path = decodeSafely(parsed.pathname);
  if (BROWSER_PATH.test(path)) {
    return {
      ok: false,
      reason: `${parsed.origin}${parsed.pathname} is the Outlook on the web (or admin center) address, which is for browsers.`,
      suggestedUrl,
    };
  }
  if (EWS_ENDPOINT.test(path) || DERIVABLE_PATH.test(path)) {
    return { ok: true, url: new URL(suggestedUrl), derived: !EWS_ENDPOINT.test(path) };
  }
  // Another path may be EWS behind a reverse proxy: the SOAP probe decides.
  const kept = new URL(parsed.toString());
  kept.hash = '';
  kept.search = '';
  return { ok: true, url: kept, derived: false };
}

/** https://host[:port]/EWS/Exchange.asmx */
export function ewsUrlFor(host: string, port = ''): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `https://${bracketed}${port && port !== '443' ? `:${port}` : ''}${EWS_PATH}`;
}

/** True for a path of Outlook on the web or the admin center (where a redirect to the login page lands). */
export function isBrowserPath(pathname: string): boolean {
  return BROWSER_PATH.test(decodeSafely(pathname));
}

/** The host of a URL, lower-case ASCII, without IPv6 brackets; undefined when it is not a host. */
export function hostOf(url: URL): string | undefined {
  const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIpLiteral(bare)) return bare.toLowerCase();
  const ascii = toAsciiHostname(bare);
  return ascii && isHostname(ascii) ? ascii : undefined;
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
