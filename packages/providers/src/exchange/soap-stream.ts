import { EwsCallError } from './ews-errors.js';
import { HttpFailure } from './ews-http.js';
import { parseSoap, XmlError, type SoapDocument } from './soap-xml.js';

/** A notification envelope is small; 1 MiB bounds a server that never closes one. */
export const MAX_ENVELOPE_CHARS = 1024 * 1024;

const ENVELOPE_START = /^<([A-Za-z_][\w.-]*:)?Envelope[\s>/]/;
const PARTIAL_NAME = /^<[\w.:-]*$/;

/**
 * Splits the body of a GetStreamingEvents answer, which carries one SOAP envelope after another
 * over a long-lived chunked response, into parsed documents as each one completes. Text between
 * envelopes may only be whitespace, XML declarations and comments.
 *
 * push() throws HttpFailure 'too-large' when one envelope outgrows the bound, and EwsCallError
 * 'not-soap' for anything that is not an envelope; the caller drops the stream on either.
 */
export class SoapEnvelopeSplitter {
  private buffer = '';
  /** Where to look for the end tag next: the part before it was searched already. */
  private searchFrom = 0;

  constructor(
    private readonly operation: string,
    private readonly onEnvelope: (doc: SoapDocument) => void,
    private readonly maxChars = MAX_ENVELOPE_CHARS,
  ) {}

  push(text: string): void {
    this.buffer += text;
    while (this.next()) {
      // one complete envelope handed over; look for another
    }
    if (this.buffer.length > this.maxChars) {
      throw new HttpFailure('too-large', `A ${this.operation} notification is larger than ${this.maxChars} characters.`);
    }
  }

  /** The server ended the body: anything left but whitespace is a cut-off envelope. */
  end(): void {
    this.skipPreamble();
    if (this.buffer.trim() !== '') throw this.malformed('the stream ended in the middle of a message');
  }

  private next(): boolean {
    if (!this.skipPreamble() || this.buffer === '') return false;
    const start = ENVELOPE_START.exec(this.buffer);
    if (!start) {
      if (PARTIAL_NAME.test(this.buffer)) return false;
      throw this.malformed('text that is not a SOAP envelope');
    }
    const closeTag = `</${start[1] ?? ''}Envelope>`;
    const end = this.buffer.indexOf(closeTag, this.searchFrom);
    if (end === -1) {
      this.searchFrom = Math.max(0, this.buffer.length - closeTag.length + 1);
      return false;
    }
    const text = this.buffer.slice(0, end + closeTag.length);
    this.buffer = this.buffer.slice(text.length);
    this.searchFrom = 0;
    if (text.length > this.maxChars) throw new HttpFailure('too-large', `A ${this.operation} notification is larger than ${this.maxChars} characters.`);
    let doc: SoapDocument;
    try {
      doc = parseSoap(text);
    } catch (err) {
      if (err instanceof XmlError) throw this.malformed('a message that is not well-formed XML');
      throw err;
    }
    this.onEnvelope(doc);
    return true;
  }

  /** Drops whitespace, declarations and comments in front of the next envelope; false while one is incomplete. */
  private skipPreamble(): boolean {
    for (;;) {
      const trimmed = this.buffer.trimStart();
      if (trimmed.length !== this.buffer.length) this.searchFrom = 0;
      this.buffer = trimmed;
      if (this.buffer === '<!' || this.buffer === '<!-') return false; // a comment, cut by the chunk border
      const close = this.buffer.startsWith('<?') ? '?>' : this.buffer.startsWith('<!--') ? '-->' : undefined;
      if (!close) return true;
      const end = this.buffer.indexOf(close, 2);
      if (end === -1) return false;
      this.buffer = this.buffer.slice(end + close.length);
      this.searchFrom = 0;
    }
  }

  private malformed(what: string): EwsCallError {
    return new EwsCallError('not-soap', this.operation, 200, undefined, `the notification stream carried ${what}`);
  }
}
