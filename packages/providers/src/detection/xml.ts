import { SaxesParser } from 'saxes';

/**
 * XML through saxes: a strict (well-formedness-checking), non-validating parser without DTD
 * support, so an entity declared in a DOCTYPE is never expanded (a reference to one is an error)
 * and an external one is never fetched. On top of that a DOCTYPE is refused outright, and trees
 * are bounded in depth and element count. Names keep their prefix (s:Envelope): callers match on
 * localName, since servers choose their own prefixes.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), children's text excluded. */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

const defaultLimits: XmlLimits = { maxChars: 1024 * 1024, maxDepth: 32, maxElements: 10_000 };

type Parser = SaxesParser<{ xmlns: false; fragment: boolean }>;

/**
 * Builds one tree per top-level element from the parser's events and queues each when it closes.
 * Queued rather than handed over at once: saxes reports a mismatched end tag only after the close
 * event, so a tree is trusted once the write that completed it returned.
 */
function buildTrees(parser: Parser, limits: XmlLimits, onRoot: (root: XmlElement) => void): void {
  const stack: XmlElement[] = [];
  let count = 0;
  parser.on('error', (err) => {
    throw new XmlError(err.message);
  });
  parser.on('doctype', () => {
    throw new XmlError('DOCTYPE declarations are not accepted.');
  });
  parser.on('opentag', (tag) => {
    if (++count > limits.maxElements)
      throw new XmlError(`More than ${limits.maxElements} elements.`);
    const element: XmlElement = {
      name: tag.name,
      attributes: { ...tag.attributes },
      children: [],
      text: '',
    };
    stack[stack.length - 1]?.children.push(element);
    stack.push(element);
    if (stack.length > limits.maxDepth)
      throw new XmlError(`Nested deeper than ${limits.maxDepth} elements.`);
  });
  const addText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    // Fragment mode lets text stand between elements; only whitespace may.
    else if (text.trim() !== '') throw new XmlError('Text outside an element.');
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const element = stack.pop()!;
    if (stack.length === 0) {
      count = 0;
      onRoot(element);
    }
  });
}

/** Parses a document into its root element, or throws XmlError. */
export function parseXml(source: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const bounds = { ...defaultLimits, ...limits };
  if (source.length > bounds.maxChars)
    throw new XmlError(`Document larger than ${bounds.maxChars} characters.`);
  const parser: Parser = new SaxesParser({ xmlns: false, fragment: false });
  let root: XmlElement | undefined;
  buildTrees(parser, bounds, (element) => (root = element));
  // close() refuses a document without a root; a second root is refused while writing.
  parser.write(source).close();
  return root!;
}

/**
 * Reads a stream of top-level elements, such as the SOAP envelopes of a GetStreamingEvents answer
 * (one after another in one long body), and hands over each one complete with the number of
 * characters it took. Only whitespace, comments and processing instructions may stand between
 * them. write() and close() throw XmlError for anything malformed.
 */
export class XmlElementStream {
  private readonly parser: Parser = new SaxesParser({ xmlns: false, fragment: true });
  private readonly completed: Array<{ element: XmlElement; chars: number }> = [];
  private endOfLast = 0;
  /** Text held back while it may still be the XML declaration; undefined once past it. */
  private head: string | undefined = '';

  constructor(
    private readonly onElement: (element: XmlElement, chars: number) => void,
    limits: Partial<Omit<XmlLimits, 'maxChars'>> = {},
  ) {
    buildTrees(this.parser, { ...defaultLimits, ...limits }, (element) => {
      this.completed.push({ element, chars: this.parser.position - this.endOfLast });
      this.endOfLast = this.parser.position;
    });
  }

  /** Characters read since the last complete element: the one in progress and what precedes it. */
  get pendingChars(): number {
    return this.parser.position - this.endOfLast + (this.head?.length ?? 0);
  }

  write(text: string): void {
    const rest = this.afterDeclaration(text);
    if (rest === undefined) return;
    this.parser.write(rest);
    for (const { element, chars } of this.completed.splice(0)) this.onElement(element, chars);
  }

  /** The stream ended: throws XmlError when it ended inside an element. */
  close(): void {
    if (this.head !== undefined && this.head.trim() !== '')
      throw new XmlError('The stream ended in its XML declaration.');
    this.parser.close();
  }

  /** Fragment mode refuses an XML declaration, which a stream starts with: it is dropped here. */
  private afterDeclaration(text: string): string | undefined {
    if (this.head === undefined) return text;
    const head = this.head + text;
    if (head.startsWith('<?xml') ? !head.includes('?>') : '<?xml'.startsWith(head)) {
      this.head = head;
      return undefined;
    }
    this.head = undefined;
    return head.replace(/^<\?xml\s[^]*?\?>/, '');
  }
}

/** The name without a namespace prefix (a:clientConfig -> clientConfig). */
export function localName(element: XmlElement): string {
  const colon = element.name.indexOf(':');
  return colon === -1 ? element.name : element.name.slice(colon + 1);
}

/** Direct children with this local name. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => localName(c) === name);
}

/** The trimmed text of the first direct child with this local name. */
export function childText(element: XmlElement, name: string): string | undefined {
  const child = element.children.find((c) => localName(c) === name);
  return child?.text.trim();
}
