import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snippetOf, withoutQuotedText } from '../core/snippet.js';
import { parseWithMailparser, referencesOf, SNIPPET_BYTES } from './message-metadata.js';
import { readPartialText } from './partial-text.js';

/** Text with what snippets trip on: whitespace runs, line breaks, "=" and "--", non-ASCII, astral characters. */
const bodyText = fc
  .array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom('Hello', 'there', 'quote', 'Grüße', 'naïve', 'café'),
      },
      { weight: 3, arbitrary: fc.constantFrom(' ', '  ', '\t', '\r\n', '\r\n\r\n', '\n') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('=', '==', '=3D', '--', '-- ', '.', '€', '😀', '\u00a0'),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    ),
    { maxLength: 700 },
  )
  .map((words) => words.join(''));

const charsets = fc.constantFrom(
  undefined,
  'utf-8',
  'UTF-8',
  '"utf-8"',
  'us-ascii',
  'iso-8859-1',
  'ISO-8859-1',
  'latin1',
  'windows-1252',
  'iso-8859-15',
);
const encodings = fc.constantFrom(
  undefined,
  '7bit',
  '8bit',
  'quoted-printable',
  'Quoted-Printable',
  'base64',
  'BASE64',
  'binary',
);

function bytesIn(text: string, charset: string | undefined): Buffer {
  const name = (charset ?? 'utf-8').replace(/"/g, '').toLowerCase();
  return name === 'utf-8' || name === 'us-ascii'
    ? Buffer.from(text, 'utf8')
    : Buffer.from(text, 'latin1');
}

/** Quoted-printable as mail clients write it: 76-column lines with soft breaks, CRLF kept as hard breaks. */
function quotedPrintable(bytes: Buffer): string {
  let out = '';
  let column = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d && bytes[i + 1] === 0x0a) {
      out += '\r\n';
      column = 0;
      i++;
      continue;
    }
    const literal = (b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 9;
    const token = literal
      ? String.fromCharCode(b)
      : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (column + token.length > 75) {
      out += '=\r\n';
      column = 0;
    }
    out += token;
    column += token.length;
  }
  return out;
}

function transferEncode(bytes: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.toLowerCase()) {
    case 'quoted-printable':
      return Buffer.from(quotedPrintable(bytes), 'latin1');
    case 'base64':
      return Buffer.from(bytes.toString('base64').replace(/.{76}/g, '$&\r\n'), 'latin1');
    default:
      return bytes;
  }
}

function partHeaders(type: string, charset?: string, encoding?: string, extra = ''): string[] {
  return [
    `Content-Type: ${type}${charset ? `; charset=${charset}` : ''}${extra}`,
    ...(encoding ? [`Content-Transfer-Encoding: ${encoding}`] : []),
  ];
}

const textPart = fc.record({ text: bodyText, charset: charsets, encoding: encodings });

const threading = fc.record({
  messageId: fc.option(fc.constantFrom('<a@x.test>', 'bare-id@x.test'), { nil: undefined }),
  references: fc.array(fc.constantFrom('<r1@x.test>', '<r2@x.test>', 'stray', '<r3@y.test>'), {
    maxLength: 4,
  }),
  folded: fc.boolean(),
});

/** A partial message as sync fetches it: the header fields, then the body cut at SNIPPET_BYTES or earlier. */
const message = fc
  .record({
    shape: fc.constantFrom(
      'plain',
      'plain',
      'alternative',
      'alternative',
      'flowed',
      'html',
      'mixed',
      'none',
    ),
    threading,
    main: textPart,
    html: textPart,
    boundary: fc.constantFrom('b1', '=_Part_0_123.456', '----=_NextPart_000', 'a b'),
    quoteBoundary: fc.boolean(),
    preamble: fc.constantFrom('', 'This is a multi-part message in MIME format.\r\n'),
    cut: fc.integer({ min: 0, max: SNIPPET_BYTES }),
  })
  .map(({ shape, threading: t, main, html, boundary, quoteBoundary, preamble, cut }) => {
    const headers: string[] = [];
    if (t.messageId) headers.push(`Message-ID: ${t.messageId}`);
    if (t.references.length > 0)
      headers.push(`References: ${t.references.join(t.folded ? '\r\n ' : ' ')}`);
    headers.push('MIME-Version: 1.0');
    const b = quoteBoundary ? `"${boundary}"` : boundary;
    let body: Buffer;
    const encodedMain = transferEncode(bytesIn(main.text, main.charset), main.encoding);
    const encodedHtml = transferEncode(bytesIn(`<p>${html.text}</p>`, html.charset), html.encoding);
    if (shape === 'plain' || shape === 'flowed' || shape === 'html' || shape === 'none') {
      if (shape !== 'none')
        headers.push(
          ...partHeaders(
            shape === 'html' ? 'text/html' : 'text/plain',
            main.charset,
            main.encoding,
            shape === 'flowed' ? '; format=flowed' : '',
          ),
        );
      else if (main.encoding) headers.push(`Content-Transfer-Encoding: ${main.encoding}`);
      body = shape === 'html' ? encodedHtml : encodedMain;
    } else {
      headers.push(
        `Content-Type: multipart/${shape === 'mixed' ? 'mixed' : 'alternative'}; boundary=${b}`,
      );
      const part = (lines: string[], content: Buffer) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1'),
          content,
          Buffer.from('\r\n'),
        ]);
      body = Buffer.concat([
        Buffer.from(preamble, 'latin1'),
        part(partHeaders('text/plain', main.charset, main.encoding), encodedMain),
        part(partHeaders('text/html', html.charset, html.encoding), encodedHtml),
        Buffer.from(`--${boundary}--\r\n`, 'latin1'),
      ]);
    }
    return {
      headers: Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'),
      body: body.subarray(0, cut),
    };
  });

const headerText = (headers: Buffer) => headers.toString('binary').replace(/(\r?\n)+$/, '');

describe('readPartialText', () => {
  it('gives the snippet and References mailparser gives, for every message it reads', async () => {
    let direct = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(message, async ({ headers, body }) => {
        runs += 1;
        const fast = readPartialText(headerText(headers), body);
        if (!fast) return;
        direct += 1;
        const reference = await parseWithMailparser(headerText(headers), body);
        expect(snippetOf(fast.text)).toBe(snippetOf(reference?.text));
        // Beyond the 200 characters of the snippet: the whole text, up to whitespace runs.
        const words = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
        expect(words(fast.text)).toBe(words(reference?.text));
        expect(referencesOf(fast.headerLines)).toEqual(referencesOf(reference?.headerLines));
      }),
      { numRuns: 600 },
    );
    // Most generated messages have a shape the direct reader takes: the property is not vacuous.
    expect(direct).toBeGreaterThan(runs / 3);
  });

  it('reads the common shapes itself and leaves the rest to mailparser', () => {
    const h = (lines: string[]) => lines.join('\r\n');
    const plain = readPartialText(
      h(['Content-Type: text/plain; charset=utf-8']),
      Buffer.from('Hi  there\r\n'),
    );
    expect(plain?.text).toBe('Hi  there\n');
    const qp = readPartialText(
      h([
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
      ]),
      Buffer.from('Gr=FC=DFe, caf=\r\n=E9'),
    );
    expect(qp?.text).toBe('Grüße, café');
    const alternative = readPartialText(
      h(['Content-Type: multipart/alternative; boundary="b"']),
      Buffer.from(
        '--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8=\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Hello</p>\r\n--b--\r\n',
      ),
    );
    expect(alternative?.text).toBe('Hello');
    for (const type of [
      'text/html',
      'multipart/mixed; boundary=b',
      'text/plain; format=flowed',
      'application/pdf',
    ])
      expect(readPartialText(h([`Content-Type: ${type}`]), Buffer.from('x'))).toBeUndefined();
  });

  it('snippetOf reads only the prefix it needs and still gives what collapsing the whole text gives', () => {
    const whole = (text: string) => {
      const clean = withoutQuotedText(text).replace(/\s+/g, ' ').trim();
      return clean ? clean.slice(0, 200) : null;
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(bodyText, fc.constantFrom(' '.repeat(300), '\r\n\t \u00a0\u2028')), {
          maxLength: 4,
        }),
        (pieces) => {
          const text = pieces.join('');
          expect(snippetOf(text)).toBe(whole(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
