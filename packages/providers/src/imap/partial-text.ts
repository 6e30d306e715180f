import libmime from 'libmime';
import { decode as decodeCharset } from 'libmime/lib/charset.js';

/**
 * The text of a partially fetched message (the header fields sync fetches plus the first bytes of
 * the body), read directly for the shapes nearly all mail has: a text/plain body, or a
 * multipart/alternative of text/plain and text/html parts; 7bit, 8bit, quoted-printable or base64;
 * any charset libmime decodes. The result is the same as mailparser's `text` for that input (the
 * property test in partial-text.test.ts holds them side by side), at a fraction of the cost: no
 * streams, no HTML conversion.
 *
 * Returns undefined for anything else (nested multiparts, attachments, format=flowed, HTML-only
 * bodies, unusual line endings near a boundary, ...): the caller parses those with mailparser.
 */
export interface PartialText {
  /** Header lines as mailparser reports them: lower-cased key, the raw (binary) line, folding kept. */
  headerLines: { key: string; line: string }[];
  /** mailparser's `text`: the text/plain parts joined by newlines, or undefined without any. */
  text: string | undefined;
}

interface Part {
  contentType: string;
  encoding: string;
  charset: string | undefined;
  flowed: boolean;
  boundary: string | undefined;
  disposition: boolean;
}

const PASS_THROUGH = new Set(['', '7bit', '8bit', 'binary']);

/** `headers`: the HEADER.FIELDS section as a binary string, trailing line breaks removed. */
export function readPartialText(headers: string, body: Buffer): PartialText | undefined {
  const headerLines = splitHeaderLines(headers);
  const root = describePart(headerLines);
  if (!root) return undefined;
  if (root.contentType === 'text/plain') {
    const text = decodeText(root, body);
    return text === undefined ? undefined : { headerLines, text: text || undefined };
  }
  if (root.contentType !== 'multipart/alternative' || !root.boundary) return undefined;
  const parts = splitMultipart(body, root.boundary);
  if (!parts) return undefined;
  const texts: string[] = [];
  let plain = false;
  for (const { headers: partHeaders, body: partBody } of parts) {
    const part = describePart(splitHeaderLines(partHeaders));
    if (!part || part.disposition) return undefined;
    if (part.contentType === 'text/html') continue; // an alternative's HTML never becomes text
    if (part.contentType !== 'text/plain') return undefined;
    plain = true;
    const text = decodeText(part, partBody);
    if (text === undefined) return undefined;
    if (text) texts.push(text);
  }
  if (!plain) return undefined; // HTML only: mailparser's rules for that are its own
  return { headerLines, text: texts.length > 0 ? texts.join('\n') : undefined };
}

/** Header lines split and unfolded the way mailsplit's Headers does. */
function splitHeaderLines(raw: string): { key: string; line: string }[] {
  if (!raw) return [];
  const lines: { key: string; line: string }[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const last = lines[lines.length - 1];
    if (last && (line.startsWith(' ') || line.startsWith('\t'))) last.line += `\r\n${line}`;
    else
      lines.push({
        key: line
          .slice(0, Math.max(0, line.indexOf(':')))
          .toLowerCase()
          .trim(),
        line,
      });
  }
  return lines;
}

/** mailsplit's Headers.getFirst: the first value, unfolded and trimmed, read as UTF-8 when it is. */
function first(lines: { key: string; line: string }[], key: string): string | undefined {
  const line = lines.find((l) => l.key === key)?.line;
  if (line === undefined) return undefined;
  const utf8 = Buffer.from(line, 'binary').toString('utf8');
  return libmime
    .decodeHeader(utf8.includes('\uFFFD') ? line : utf8)
    .value.toString()
    .trim();
}

function describePart(lines: { key: string; line: string }[]): Part | undefined {
  if (lines.some((l) => !l.key)) return undefined; // a line without a key: leave it to mailparser
  const type = first(lines, 'content-type');
  const parsed = libmime.parseHeaderValue(type ?? 'text/plain', { stripComments: true });
  const params = parsed.params as Record<string, string | undefined>;
  const contentType = (parsed.value || '').toLowerCase().trim() || 'text/plain';
  const encoding = (first(lines, 'content-transfer-encoding') ?? '').toLowerCase().trim();
  if (!PASS_THROUGH.has(encoding) && encoding !== 'quoted-printable' && encoding !== 'base64')
    return undefined;
  const boundary = (params.boundary ?? '').trimEnd();
  return {
    contentType,
    encoding,
    charset: params.charset || undefined,
    flowed: (params.format ?? '').toLowerCase().trim() === 'flowed',
    // A boundary that is not plain printable ASCII: mailparser's rules for it are its own.
    boundary: boundary && /^[\x21-\x7e][\x20-\x7e]*$/.test(boundary) ? boundary : undefined,
    disposition: lines.some((l) => l.key === 'content-disposition'),
  };
}

/** A text part's content as mailparser decodes it; undefined where this reader is not sure. */
function decodeText(part: Part, body: Buffer): string | undefined {
  if (part.flowed) return undefined;
  let bytes: Buffer;
  if (part.encoding === 'base64') {
    const clean = body.toString('latin1').replace(/[\r\n\t ]+/g, '');
    // Padding anywhere but at the end, or URL-safe characters: libbase64 has its own rules.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
    bytes = Buffer.from(clean, 'base64');
  } else if (part.encoding === 'quoted-printable') {
    bytes = decodeQuotedPrintable(body.toString('binary'));
  } else bytes = body;
  const charset = part.charset ?? 'utf-8';
  const text = ['ascii', 'usascii', 'utf8'].includes(
    charset.toLowerCase().replace(/[^a-z0-9]+/g, ''),
  )
    ? bytes.toString('utf8')
    : Buffer.from(decodeCharset(bytes, charset), 'utf8').toString('utf8');
  return text.replace(/\r?\n/g, '\n');
}

/** libqp's decode: trailing whitespace of lines and soft line breaks dropped, then =XX escapes. */
function decodeQuotedPrintable(binary: string): Buffer {
  const input = binary
    .replace(/(^|[^ \t])[ \t]+(?=[\n\r\u2028\u2029]|$)/g, '$1')
    .replace(/[=](?:\r?\n|$)/g, '');
  const out = Buffer.allocUnsafe(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code === 0x3d && i < input.length - 2) {
      const hi = hexValue(input.charCodeAt(i + 1));
      const lo = hexValue(input.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = code;
  }
  return out.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * The parts of a multipart body (possibly cut off): header block and content of each part between
 * the delimiter lines; the line break before a delimiter belongs to the delimiter. Only bodies
 * with CRLF line endings throughout; undefined for anything a stricter reading could disagree on.
 */
function splitMultipart(
  body: Buffer,
  boundary: string,
): { headers: string; body: Buffer }[] | undefined {
  const text = body.toString('binary');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) return undefined;
  const delimiter = `--${boundary}`;
  const parts: { headers: string; body: Buffer }[] = [];
  let pos = 0;
  let start = -1; // where the current part starts (after its delimiter line)
  let closed = false;
  while (pos <= text.length && !closed) {
    const eol = text.indexOf('\r\n', pos);
    const line = text.slice(pos, eol < 0 ? text.length : eol);
    const next = eol < 0 ? text.length + 1 : eol + 2;
    if (line.startsWith(delimiter)) {
      const rest = line.slice(delimiter.length);
      const close = /^--[ \t]*$/.test(rest);
      if (!close && (eol < 0 || !/^[ \t]*$/.test(rest))) return undefined;
      if (start >= 0) {
        const part = headedPart(text, start, Math.max(start, pos - 2));
        if (!part) return undefined;
        parts.push(part);
      }
      start = next;
      closed = close;
    }
    pos = next;
  }
  if (!closed && start >= 0) {
    if (start > text.length) return undefined;
    const part = headedPart(text, start, text.length);
    if (!part) return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts : undefined;
}

function headedPart(
  text: string,
  start: number,
  end: number,
): { headers: string; body: Buffer } | undefined {
  const chunk = text.slice(start, end);
  if (chunk.startsWith('\r\n')) return { headers: '', body: Buffer.from(chunk.slice(2), 'binary') };
  const blank = chunk.indexOf('\r\n\r\n');
  if (blank < 0) return undefined; // cut off inside its header block
  return {
    headers: chunk.slice(0, blank),
    body: Buffer.from(chunk.slice(blank + 4), 'binary'),
  };
}
