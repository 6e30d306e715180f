import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snippetOf, withoutQuotedText } from './snippet.js';

describe('snippetOf leaves quoted text out of the preview', () => {
  it('drops the quoted lines and the "On ... wrote:" line that introduces them', () => {
    const reply = [
      'Thanks Jane, the quote looks good.',
      '',
      'On Mon, 7 Dec 2026 at 14:02, Jane Seller <jane@seller.example> wrote:',
      '> Hello Dana,',
      '> here is the quote we talked about.',
      '',
      'Dana',
    ].join('\r\n');
    expect(snippetOf(reply)).toBe('Thanks Jane, the quote looks good. Dana');
  });

  it('drops a wrapped attribution, interleaved quotes and an Outlook "Original Message" tail', () => {
    const wrapped =
      'Yes please.\n\nOn Mon, 7 Dec 2026, Jane Seller\n<jane@seller.example> wrote:\n> Shall I?';
    expect(snippetOf(wrapped)).toBe('Yes please.');
    const interleaved = '> Price?\n100 EUR.\n> Delivery?\nNext week.';
    expect(snippetOf(interleaved)).toBe('100 EUR. Next week.');
    const outlook = 'See below.\r\n\r\n-----Original Message-----\r\nFrom: Jane\r\nSubject: Quote';
    expect(snippetOf(outlook)).toBe('See below.');
  });

  it('keeps text that only looks like a quote, and a message that is nothing but quote', () => {
    expect(snippetOf('Prices went from 5 > 3 as we wrote:\nsee the list')).toBe(
      'Prices went from 5 > 3 as we wrote: see the list',
    );
    expect(snippetOf('> only a forwarded quote')).toBe('> only a forwarded quote');
    expect(withoutQuotedText('no quotes here\n')).toBe('no quotes here\n');
    expect(snippetOf('')).toBeNull();
  });
});

/** withoutQuotedText as it was first written, line by line with trim and regular expressions: the spec. */
function referenceWithoutQuotedText(text: string, enough = Infinity): string {
  const kept: string[] = [];
  let keptCount = 0;
  let quoted = false;
  let start = 0;
  while (keptCount <= enough) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    if (/^-{2,}\s*(original message|ursprüngliche nachricht)\s*-{2,}$/i.test(trimmed)) {
      quoted = true;
      break;
    }
    if (trimmed.startsWith('>')) {
      quoted = true;
      let last = kept.length - 1;
      while (last >= 0 && kept[last]!.trim() === '') last--;
      const attribution = kept[last]?.trim() ?? '';
      if (/(wrote|schrieb|a écrit)\s*:$/i.test(attribution)) {
        const startsIt = (l: string) => /^(on|am|le)\s/i.test(l);
        kept.length =
          !startsIt(attribution) && startsIt(kept[last - 1]?.trim() ?? '') ? last - 1 : last;
      }
    } else {
      kept.push(line);
      keptCount += trimmed.replace(/\s+/g, '').length;
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  if (!quoted) return text;
  const own = kept.join('\n');
  return own.trim() === '' ? text : own;
}

describe('withoutQuotedText scans lines without copying them', () => {
  it('agrees with the line-by-line trim and regex version on generated texts', () => {
    const piece = fc.oneof(
      fc.constantFrom('Hello', 'there', 'x', 'Grüße', '😀', '-', '--', '>', '> quoted', ':'),
      fc.constantFrom('-----Original Message-----', '-- Ursprüngliche Nachricht --', '---'),
      fc.constantFrom('On Mon, Jane wrote:', 'Am Montag schrieb Jane:', 'Le lundi', 'wrote:'),
      fc.constantFrom(' ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2003'),
      fc.constantFrom(
        '\u2028',
        '\u2029',
        '\u202f',
        '\u205f',
        '\u3000',
        '\ufeff',
        '\u0085',
        '\u001f',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(30), (pieces, enough) => {
        const text = pieces.join('');
        expect(withoutQuotedText(text)).toBe(referenceWithoutQuotedText(text));
        expect(withoutQuotedText(text, enough)).toBe(referenceWithoutQuotedText(text, enough));
      }),
      { numRuns: 3000 },
    );
  });
});
