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
