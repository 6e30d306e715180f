/** Characters in a snippet: the one-line preview of a message that timelines show. */
export const SNIPPET_LENGTH = 200;

/** Non-space characters kept before the rest of a long text is left unread. */
const ENOUGH = SNIPPET_LENGTH * 4;
const ORIGINAL_MESSAGE = /^-{2,}\s*(original message|ursprüngliche nachricht)\s*-{2,}$/i;
const ATTRIBUTION_END = /(wrote|schrieb|a écrit)\s*:$/i;
const ATTRIBUTION_START = /^(on|am|le)\s/i;

/**
 * What a message says itself: lines quoted from earlier messages ("> ..."), the "On <date>, <someone>
 * wrote:" line that introduces them (also when wrapped over two lines), and everything after an
 * "-----Original Message-----" separator are left out. A message that is nothing but quote keeps its
 * text. Reads lines only until `enough` non-space characters are kept.
 */
export function withoutQuotedText(text: string, enough = Infinity): string {
  const kept: string[] = [];
  let keptCount = 0;
  let quoted = false;
  let start = 0;
  // Per line: the first non-space character decides, so a line is neither trimmed nor copied unless it
  // is kept (or starts with "-", which may make it the "Original Message" separator).
  while (keptCount <= enough) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let first = start;
    while (first < end && isSpace(text.charCodeAt(first))) first++;
    const code = first < end ? text.charCodeAt(first) : -1;
    if (code === 0x2d && ORIGINAL_MESSAGE.test(text.slice(first, end).trim())) {
      quoted = true;
      break;
    }
    if (code === 0x3e) {
      quoted = true;
      dropAttribution(kept);
    } else {
      kept.push(text.slice(start, end));
      for (let i = first; i < end; i++) if (!isSpace(text.charCodeAt(i))) keptCount++;
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  if (!quoted) return text;
  const own = kept.join('\n');
  return own.trim() === '' ? text : own;
}

/** What `\s` matches (and `trim` removes): ECMAScript's WhiteSpace and LineTerminator code units. */
function isSpace(code: number): boolean {
  return code <= 0x20
    ? code === 0x20 || (code >= 0x09 && code <= 0x0d)
    : code >= 0xa0 &&
        (code === 0xa0 ||
          code === 0x1680 ||
          (code >= 0x2000 && code <= 0x200a) ||
          code === 0x2028 ||
          code === 0x2029 ||
          code === 0x202f ||
          code === 0x205f ||
          code === 0x3000 ||
          code === 0xfeff);
}

/** Removes the "On ... wrote:" line(s) at the end of `lines`, with the blank lines after them. */
function dropAttribution(lines: string[]): void {
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const line = lines[last]?.trim() ?? '';
  if (!ATTRIBUTION_END.test(line)) return;
  let from = last;
  if (!ATTRIBUTION_START.test(line) && ATTRIBUTION_START.test(lines[last - 1]?.trim() ?? ''))
    from = last - 1;
  lines.length = from;
}

/**
 * The snippet of a message's text: its own words (quoted text left out), whitespace runs collapsed
 * to one space, trimmed, cut at SNIPPET_LENGTH. Only as much of the text as those characters need
 * is read (a longer prefix never changes the first ones).
 */
export function snippetOf(text: string | null | undefined): string | null {
  const full = withoutQuotedText(text ?? '', ENOUGH);
  let clean = '';
  for (let n = SNIPPET_LENGTH * 2; ; n *= 2) {
    clean = full.slice(0, n).replace(/\s+/g, ' ').trimStart();
    if (clean.length > SNIPPET_LENGTH) return clean.slice(0, SNIPPET_LENGTH);
    if (n >= full.length) break;
  }
  clean = clean.trimEnd();
  return clean ? clean : null;
}
