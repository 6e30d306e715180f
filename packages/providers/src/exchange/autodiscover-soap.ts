import { childText, localName } from '../detection/xml.js';
import type { AutodiscoverAnswer } from './autodiscover-answer.js';
import { parseDottedVersion } from './server-version.js';
import { allDescendants, escapeXml, firstDescendant, parseSoap, SOAP_NS } from './soap-xml.js';

export const AUTODISCOVER_NS = 'http://schemas.microsoft.com/exchange/2010/Autodiscover';
export const GET_USER_SETTINGS_ACTION = `${AUTODISCOVER_NS}/Autodiscover/GetUserSettings`;
const WSA_NS = 'http://www.w3.org/2005/08/addressing';

const REQUESTED_SETTINGS = [
  'UserDisplayName',
  'AutoDiscoverSMTPAddress',
  'ExternalEwsUrl',
  'InternalEwsUrl',
  'CasVersion',
  'UserMSOnline',
];

/** A SOAP autodiscover GetUserSettings request (Exchange 2010 and later) for one mailbox. */
export function soapRequestXml(email: string, endpoint: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:a="${AUTODISCOVER_NS}" xmlns:wsa="${WSA_NS}">` +
    '<soap:Header>' +
    '<a:RequestedServerVersion>Exchange2010</a:RequestedServerVersion>' +
    `<wsa:Action>${GET_USER_SETTINGS_ACTION}</wsa:Action>` +
    `<wsa:To>${escapeXml(endpoint)}</wsa:To>` +
    '</soap:Header>' +
    '<soap:Body><a:GetUserSettingsRequestMessage><a:Request>' +
    `<a:Users><a:User><a:Mailbox>${escapeXml(email)}</a:Mailbox></a:User></a:Users>` +
    `<a:RequestedSettings>${REQUESTED_SETTINGS.map((s) => `<a:Setting>${s}</a:Setting>`).join('')}</a:RequestedSettings>` +
    '</a:Request></a:GetUserSettingsRequestMessage></soap:Body>' +
    '</soap:Envelope>'
  );
}

/**
 * Reads a GetUserSettings answer: the user's settings (ExternalEwsUrl preferred over InternalEwsUrl,
 * Inlet being outside the organisation), a redirect, or the error.
 * @throws XmlError when the body is not a SOAP document.
 */
export function parseSoapAutodiscoverResponse(body: string): AutodiscoverAnswer {
  const doc = parseSoap(body);
  if (doc.fault) return { kind: 'error', message: `${doc.fault.code}: ${doc.fault.message}` };
  const response = firstDescendant(doc.payload, 'Response');
  const topCode = response ? childText(response, 'ErrorCode') : undefined;
  const user = firstDescendant(doc.payload, 'UserResponse');
  if (!user)
    return {
      kind: 'error',
      message:
        `${topCode ?? 'no answer'}: ${response ? (childText(response, 'ErrorMessage') ?? '') : ''}`.trim(),
    };
  const code = childText(user, 'ErrorCode') ?? 'NoError';
  const target = childText(user, 'RedirectTarget');
  if (code === 'RedirectUrl' && target) return { kind: 'redirect-url', url: target };
  if (code === 'RedirectAddress' && target) return { kind: 'redirect-address', address: target };
  if (code !== 'NoError')
    return { kind: 'error', message: `${code}: ${childText(user, 'ErrorMessage') ?? ''}`.trim() };

  const settings = new Map<string, string>();
  for (const setting of allDescendants(user, 'UserSetting')) {
    const name = childText(setting, 'Name');
    const value = setting.children.find((c) => localName(c) === 'Value')?.text.trim();
    if (name && value !== undefined) settings.set(name, value);
  }
  const smtpAddress = settings.get('AutoDiscoverSMTPAddress');
  const version = parseDottedVersion(settings.get('CasVersion'));
  return {
    kind: 'settings',
    ewsUrl: settings.get('ExternalEwsUrl') || settings.get('InternalEwsUrl') || undefined,
    microsoftOnline: settings.get('UserMSOnline')?.toLowerCase() === 'true',
    ...(smtpAddress ? { smtpAddress } : {}),
    ...(version ? { version } : {}),
  };
}
