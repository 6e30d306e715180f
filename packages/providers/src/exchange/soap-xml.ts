import {
  childText,
  localName,
  parseXml,
  XmlError,
  type XmlElement,
  type XmlLimits,
} from '../detection/xml.js';
import { versionFromAttributes, type ServerVersion } from './server-version.js';

export { XmlError, type XmlElement };

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
export const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';

/**
 * RequestServerVersion values Inlet sends. The probe uses Exchange2007_SP1, which every server
 * since 2007 SP1 accepts, so it gets an answer (and a ServerVersionInfo header) even from a server
 * that is too old; everything else uses the supported minimum, Exchange2010_SP2.
 */
export type RequestVersion = 'Exchange2007_SP1' | 'Exchange2010_SP2';

// Bounds for SOAP documents: generous for a mailbox's inbox rules, small enough to refuse abuse.
export const SOAP_LIMITS: XmlLimits = {
  maxChars: 2 * 1024 * 1024,
  maxDepth: 48,
  maxElements: 50_000,
};

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** An EWS request envelope with the messages (m:) and types (t:) prefixes. */
export function ewsEnvelope(version: RequestVersion, body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:t="${TYPES_NS}" xmlns:m="${MESSAGES_NS}">` +
    `<soap:Header><t:RequestServerVersion Version="${version}"/></soap:Header>` +
    `<soap:Body>${body}</soap:Body>` +
    '</soap:Envelope>'
  );
}

export interface SoapFault {
  /** The fault code without its prefix (ErrorInvalidServerVersion, Client, ...). */
  code: string;
  message: string;
  /** The EWS ResponseCode from the fault detail, when present. */
  responseCode?: string;
}

export interface SoapDocument {
  /** The first element inside soap:Body (the operation's response, or the Fault). */
  payload: XmlElement;
  header: XmlElement | undefined;
  fault: SoapFault | undefined;
  /** From the ServerVersionInfo header; faults carry no header. */
  serverVersion: ServerVersion | undefined;
}

/** Parses a SOAP envelope (DOCTYPE refused, size bounded). Throws XmlError when it is not one. */
export function parseSoap(text: string): SoapDocument {
  return readSoap(parseXml(text, SOAP_LIMITS));
}

/** The parts of a parsed SOAP envelope. Throws XmlError when the element is not one. */
export function readSoap(root: XmlElement): SoapDocument {
  if (localName(root) !== 'Envelope')
    throw new XmlError(`Expected a SOAP Envelope, got <${root.name}>.`);
  const header = root.children.find((c) => localName(c) === 'Header');
  const body = root.children.find((c) => localName(c) === 'Body');
  const payload = body?.children[0];
  if (!payload) throw new XmlError('The SOAP Body is empty.');
  const versionInfo = header ? firstDescendant(header, 'ServerVersionInfo') : undefined;
  return {
    payload,
    header,
    fault: localName(payload) === 'Fault' ? readFault(payload) : undefined,
    serverVersion: versionInfo ? versionFromAttributes(versionInfo.attributes) : undefined,
  };
}

function readFault(fault: XmlElement): SoapFault {
  const rawCode = childText(fault, 'faultcode') ?? '';
  const code = rawCode.slice(rawCode.indexOf(':') + 1);
  const detail = fault.children.find((c) => localName(c) === 'detail');
  const responseCode = detail ? firstDescendant(detail, 'ResponseCode')?.text.trim() : undefined;
  const result: SoapFault = { code, message: childText(fault, 'faultstring') ?? '' };
  if (responseCode) result.responseCode = responseCode;
  return result;
}

export type ResponseClass = 'Success' | 'Warning' | 'Error';

/** One m:XxxResponseMessage: the per-item outcome inside an EWS response. */
export interface ResponseMessage {
  responseClass: ResponseClass;
  responseCode: string;
  messageText: string;
  element: XmlElement;
}

export function readResponseMessage(element: XmlElement): ResponseMessage {
  const cls = element.attributes.ResponseClass;
  return {
    responseClass: cls === 'Error' || cls === 'Warning' ? cls : 'Success',
    responseCode:
      childText(element, 'ResponseCode') ?? (cls === 'Error' ? 'ErrorUnknown' : 'NoError'),
    messageText: childText(element, 'MessageText') ?? '',
    element,
  };
}

/** The response messages of an operation's response element, in request order. */
export function responseMessages(payload: XmlElement): ResponseMessage[] {
  const container = payload.children.find((c) => localName(c) === 'ResponseMessages');
  return (container?.children ?? []).map(readResponseMessage);
}

/** Depth-first search for the first element with this local name (the element itself included). */
export function firstDescendant(element: XmlElement, name: string): XmlElement | undefined {
  if (localName(element) === name) return element;
  for (const child of element.children) {
    const found = firstDescendant(child, name);
    if (found) return found;
  }
  return undefined;
}

/** Every element with this local name under `element`, in document order. */
export function allDescendants(
  element: XmlElement,
  name: string,
  found: XmlElement[] = [],
): XmlElement[] {
  for (const child of element.children) {
    if (localName(child) === name) found.push(child);
    allDescendants(child, name, found);
  }
  return found;
}

export { childText, localName };
