import { XmlElementStream, XmlError } from '../detection/xml.js';
import { EwsCallError } from './ews-errors.js';
import { HttpFailure } from './ews-http.js';
import { readSoap, SOAP_LIMITS, type SoapDocument } from './soap-xml.js';

/** A notification envelope is small; 1 MiB bounds a server that never closes one. */
export const MAX_ENVELOPE_CHARS = 1024 * 1024;

/**
 * Splits the body of a GetStreamingEvents answer, which carries one SOAP envelope after another
 * over a long-lived chunked response, into parsed documents as each one completes. The parser
 * reads the whole body as one stream, so the envelopes' borders are its element borders (an end
 * tag inside a comment or CDATA section cannot cut one short).
 *
 * push() throws HttpFailure 'too-large' when one envelope outgrows the bound, and EwsCallError
 * 'not-soap' for anything that is not an envelope; the caller drops the stream on either.
 */
export class SoapEnvelopeSplitter {
  private readonly stream: XmlElementStream;

  constructor(
    private readonly operation: string,
    onEnvelope: (doc: SoapDocument) => void,
    private readonly maxChars = MAX_ENVELOPE_CHARS,
  ) {
    this.stream = new XmlElementStream((element, chars) => {
      if (chars > maxChars) throw this.tooLarge();
      let doc: SoapDocument;
      try {
        doc = readSoap(element);
      } catch (err) {
        if (err instanceof XmlError) throw this.malformed('text that is not a SOAP envelope');
        throw err;
      }
      onEnvelope(doc);
    }, SOAP_LIMITS);
  }

  push(text: string): void {
    this.read(() => this.stream.write(text), 'a message that is not well-formed XML');
    if (this.stream.pendingChars > this.maxChars) throw this.tooLarge();
  }

  /** The server ended the body: anything left open is a cut-off envelope. */
  end(): void {
    this.read(() => this.stream.close(), 'the stream ended in the middle of a message');
  }

  private read(step: () => void, what: string): void {
    try {
      step();
    } catch (err) {
      if (err instanceof XmlError) throw this.malformed(what);
      throw err;
    }
  }

  private tooLarge(): HttpFailure {
    return new HttpFailure(
      'too-large',
      `A ${this.operation} notification is larger than ${this.maxChars} characters.`,
    );
  }

  private malformed(what: string): EwsCallError {
    return new EwsCallError(
      'not-soap',
      this.operation,
      200,
      undefined,
      `the notification stream carried ${what}`,
    );
  }
}
