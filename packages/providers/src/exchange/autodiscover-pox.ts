import { childText, localName, parseXml, XmlError, type XmlElement } from '../detection/xml.js';
import type { AutodiscoverAnswer } from './autodiscover-answer.js';
import { decodePoxServerVersion } from './server-version.js';
import { escapeXml, firstDescendant } from './soap-xml.js';

export const POX_REQUEST_SCHEMA =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
export const POX_RESPONSE_SCHEMA =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/** The Outlook ("POX") autodiscover request body for an address. */
export function poxRequestXml(email: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<Autodiscover xmlns="${POX_REQUEST_SCHEMA}"><Request>` +
    `<EMailAddress>${escapeXml(email)}</EMailAddress>` +
    `<AcceptableResponseSchema>${POX_RESPONSE_SCHEMA}</AcceptableResponseSchema>` +
    '</Request></Autodiscover>'
  );
}

/**
 * Reads a POX autodiscover answer: settings (EwsUrl from the external EXPR protocol first, then
 * the internal EXCH one; ASUrl when there is no EwsUrl), a redirect, or the error block.
 * @throws XmlError when the body is not such a document.
 */
export function parsePoxResponse(body: string): AutodiscoverAnswer {
  const root = parseXml(body, { maxChars: 512 * 1024 });
  if (localName(root) !== 'Autodiscover')
    throw new XmlError(`Expected <Autodiscover>, got <${root.name}>.`);
  const response = root.children.find((c) => localName(c) === 'Response');
  if (!response) throw new XmlError('No <Response> in the autodiscover answer.');
  const error = firstDescendant(response, 'Error');
  if (error) {
    const code = childText(error, 'ErrorCode');
    return {
      kind: 'error',
      message: `${childText(error, 'Message') ?? 'error'}${code ? ` (error ${code})` : ''}`,
    };
  }
  const account = response.children.find((c) => localName(c) === 'Account');
  if (!account) throw new XmlError('No <Account> in the autodiscover answer.');
  const action = childText(account, 'Action')?.toLowerCase();
  if (action === 'redirecturl') {
    const url = childText(account, 'RedirectUrl');
    return url
      ? { kind: 'redirect-url', url }
      : { kind: 'error', message: 'redirectUrl without a URL' };
  }
  if (action === 'redirectaddr') {
    const address = childText(account, 'RedirectAddr');
    return address
      ? { kind: 'redirect-address', address }
      : { kind: 'error', message: 'redirectAddr without an address' };
  }
  const protocols = account.children.filter((c) => localName(c) === 'Protocol');
  const byType = (type: string) => protocols.find((p) => protocolType(p) === type);
  const preferred = [byType('EXPR'), byType('EXCH'), ...protocols].filter(
    (p): p is XmlElement => p !== undefined,
  );
  const withUrl = preferred.find((p) => childText(p, 'EwsUrl') || childText(p, 'ASUrl'));
  const user = response.children.find((c) => localName(c) === 'User');
  const smtpAddress = user ? childText(user, 'AutoDiscoverSMTPAddress') : undefined;
  const version = decodePoxServerVersion(
    protocols.map((p) => childText(p, 'ServerVersion')).find(Boolean),
  );
  return {
    kind: 'settings',
    ewsUrl: withUrl ? childText(withUrl, 'EwsUrl') || childText(withUrl, 'ASUrl') : undefined,
    microsoftOnline: childText(account, 'MicrosoftOnline')?.toLowerCase() === 'true',
    ...(smtpAddress ? { smtpAddress } : {}),
    ...(version ? { version } : {}),
  };
}

function protocolType(protocol: XmlElement): string | undefined {
  return (childText(protocol, 'Type') ?? protocol.attributes.Type)?.toUpperCase();
}
