import type { AutodiscoverAnswer } from './autodiscover-answer.js';

/** The anonymous Autodiscover v2 URL on a host: /autodiscover/autodiscover.json?Email=..&Protocol=EWS. */
export function jsonAutodiscoverUrl(origin: string, email: string): URL {
  const url = new URL('/autodiscover/autodiscover.json', origin);
  url.searchParams.set('Email', email);
  url.searchParams.set('Protocol', 'EWS');
  url.searchParams.set('RedirectCount', '1');
  return url;
}

/** Reads {"Protocol":"EWS","Url":"..."} or {"ErrorCode":..,"ErrorMessage":..}. Throws SyntaxError on non-JSON. */
export function parseJsonAutodiscoverResponse(body: string): AutodiscoverAnswer {
  if (body.length > 64 * 1024) throw new SyntaxError('Autodiscover JSON answer too large.');
  const value: unknown = JSON.parse(body);
  if (typeof value !== 'object' || value === null)
    throw new SyntaxError('Autodiscover JSON answer is not an object.');
  const record = value as Record<string, unknown>;
  const url = typeof record.Url === 'string' ? record.Url : undefined;
  if (url && String(record.Protocol ?? 'EWS').toLowerCase() === 'ews')
    return { kind: 'settings', ewsUrl: url, microsoftOnline: false };
  const code = typeof record.ErrorCode === 'string' ? record.ErrorCode : 'no EWS URL';
  const message = typeof record.ErrorMessage === 'string' ? record.ErrorMessage : '';
  return { kind: 'error', message: `${code}${message ? `: ${message}` : ''}` };
}
