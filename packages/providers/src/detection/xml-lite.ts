/**
 * A minimal, non-validating XML reader for small configuration documents (autoconfig). It builds
 * an element tree and nothing else: no DTDs (a DOCTYPE is refused, so no entity expansion and no
 * external entities), no namespaces beyond keeping prefixed names, bounded depth and size.
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
const nameStart = /[A-Za-z_]/;
const namePattern = /[A-Za-z_][\w.:-]*/y;
const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a document into its root element, or throws XmlError. */
export function parseXml(source: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const { maxChars, maxDepth, maxElements } = { ...defaultLimits, ...limits };
  if (source.length > maxChars) throw new XmlError(`Document larger than ${maxChars} characters.`);
  const s = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let i = 0;

  const expectEnd = (token: string, from: number): number => {
    const end = s.indexOf(token, from);
    if (end === -1) throw new XmlError(`Unterminated construct at ${from}.`);
    return end;
  };

  while (i < s.length) {
    if (s[i] !== '<') {
      const next = s.indexOf('<', i);
      const end = next === -1 ? s.length : next;
      const text = s.slice(i, end);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(text);
      else if (text.trim() !== '') throw new XmlError('Text outside the root element.');
      i = end;
    } else if (s.startsWith('<?', i)) {
      i = expectEnd('?>', i + 2) + 2;
    } else if (s.startsWith('<!--', i)) {
      i = expectEnd('-->', i + 4) + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = expectEnd(']]>', i + 9);
      const top = stack[stack.length - 1];
      if (!top) throw new XmlError('CDATA outside the root element.');
      top.text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<!', i)) {
      throw new XmlError('DOCTYPE and other declarations are not accepted.');
    } else if (s.startsWith('</', i)) {
      const name = readName(s, i + 2);
      const close = skipSpace(s, i + 2 + name.length);
      if (s[close] !== '>') throw new XmlError(`Malformed end tag </${name}.`);
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`End tag </${name}> does not match <${open?.name ?? ''}>.`);
      i = close + 1;
    } else {
      const name = readName(s, i + 1);
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      if (++count > maxElements) throw new XmlError(`More than ${maxElements} elements.`);
      let j = i + 1 + name.length;
      for (;;) {
        const afterSpace = skipSpace(s, j);
        if (s.startsWith('/>', afterSpace) || s[afterSpace] === '>') {
          j = afterSpace;
          break;
        }
        if (afterSpace === j) throw new XmlError(`Malformed start tag <${name}.`);
        const attr = readName(s, afterSpace);
        let k = skipSpace(s, afterSpace + attr.length);
        if (s[k] !== '=') throw new XmlError(`Attribute ${attr} has no value.`);
        k = skipSpace(s, k + 1);
        const quote = s[k];
        if (quote !== '"' && quote !== "'") throw new XmlError(`Attribute ${attr} is not quoted.`);
        const end = s.indexOf(quote, k + 1);
        if (end === -1) throw new XmlError(`Unterminated attribute ${attr}.`);
        const value = s.slice(k + 1, end);
        if (value.includes('<')) throw new XmlError(`Attribute ${attr} contains "<".`);
        if (!(attr in element.attributes)) element.attributes[attr] = decodeEntities(value);
        j = end + 1;
      }
      const selfClosing = s[j] === '/';
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new XmlError('More than one root element.');
      else root = element;
      if (!selfClosing) {
        stack.push(element);
        if (stack.length > maxDepth) throw new XmlError(`Nested deeper than ${maxDepth} elements.`);
      }
      i = j + (selfClosing ? 2 : 1);
    }
  }
  if (stack.length > 0) throw new XmlError(`Element <${stack[stack.length - 1]!.name}> is not closed.`);
  if (!root) throw new XmlError('No root element.');
  return root;
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

function readName(s: string, at: number): string {
  if (!nameStart.test(s[at] ?? '')) throw new XmlError(`Expected a name at ${at}.`);
  namePattern.lastIndex = at;
  const match = namePattern.exec(s);
  return match![0];
}

function skipSpace(s: string, at: number): number {
  let i = at;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i += 1;
  return i;
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,10});/g, (_, entity: string) => {
    if (entity.startsWith('#')) {
      const hex = /^#x[0-9a-fA-F]{1,6}$/.test(entity);
      if (!hex && !/^#[0-9]{1,7}$/.test(entity)) throw new XmlError(`Invalid character reference &${entity};.`);
      const code = hex ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlError(`Invalid character reference &${entity};.`);
      }
      return String.fromCodePoint(code);
    }
    const value = predefined[entity];
    if (value === undefined) throw new XmlError(`Unknown entity &${entity};.`);
    return value;
  });
}
