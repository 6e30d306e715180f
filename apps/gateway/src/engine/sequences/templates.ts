/**
 * Template tokens of sequence steps: `{{first_name}}`, `{{sender.first_name}}`... Unknown tokens are
 * refused when a step is saved; a known token without a value at send time pauses the enrollment
 * (the email is never sent as "Hi ,").
 */

export const CONTACT_TOKENS = ['first_name', 'last_name', 'name', 'email', 'company'] as const;
export const SENDER_TOKENS = [
  'sender.first_name',
  'sender.last_name',
  'sender.name',
  'sender.email',
] as const;
export type TemplateToken = (typeof CONTACT_TOKENS)[number] | (typeof SENDER_TOKENS)[number];
const known = new Set<string>([...CONTACT_TOKENS, ...SENDER_TOKENS]);

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Tokens a template names that are not known, in order of appearance. */
export function unknownTokens(template: string): string[] {
  const unknown: string[] = [];
  for (const [, name] of template.matchAll(TOKEN))
    if (!known.has(name!) && !unknown.includes(name!)) unknown.push(name!);
  return unknown;
}

export interface TokenSources {
  contact: { email: string; name: string | null; company: string | null };
  sender: { email: string; name: string | null };
}

function splitName(name: string | null): { first: string | null; last: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: null, last: null };
  return { first: parts[0]!, last: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

export function tokenValues(sources: TokenSources): Record<TemplateToken, string | null> {
  const contact = splitName(sources.contact.name);
  const sender = splitName(sources.sender.name);
  const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
  return {
    first_name: contact.first,
    last_name: contact.last,
    name: blank(sources.contact.name),
    email: sources.contact.email,
    company: blank(sources.contact.company),
    'sender.first_name': sender.first,
    'sender.last_name': sender.last,
    'sender.name': blank(sources.sender.name),
    'sender.email': sources.sender.email,
  };
}

export type Rendered = { ok: true; text: string } | { ok: false; missing: string[] };

/** The template with every token replaced, or the tokens that have no value. */
export function renderTemplate(
  template: string,
  values: Record<TemplateToken, string | null>,
): Rendered {
  const missing: string[] = [];
  const text = template.replace(TOKEN, (whole, name: string) => {
    const value = known.has(name) ? values[name as TemplateToken] : null;
    if (value === null) {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return value;
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text };
}
