import type { ExchangeProfile } from './exchange-profiles.js';
import { xml } from './ews-responses.js';

/**
 * Autodiscover answers in the three formats Exchange serves, written for this project from the
 * protocol documentation (MS-OXDSCLI for POX, MS-OXWSADISC for SOAP, Autodiscover v2 for JSON).
 */

const POX_RESPONSE = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
const POX_OUTLOOK =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';
const AUTODISCOVER_NS = 'http://schemas.microsoft.com/exchange/2010/Autodiscover';

export interface AutodiscoverUser {
  displayName: string;
  smtpAddress: string;
}

/** POX ServerVersion: hex with major in bits 22-27, minor in 16-21, build in 0-14. */
export function poxServerVersion(profile: ExchangeProfile): string {
  const v = profile.serverVersionInfo;
  const value =
    (0x70000000 |
      ((v.major & 0x3f) << 22) |
      ((v.minor & 0x3f) << 16) |
      0x8000 |
      (v.build & 0x7fff)) >>>
    0;
  return value.toString(16).toUpperCase().padStart(8, '0');
}

export function poxSettings(
  profile: ExchangeProfile,
  user: AutodiscoverUser,
  ewsUrl: string,
  microsoftOnline: boolean,
  host: string,
): string {
  const version = poxServerVersion(profile);
  const protocol = (type: 'EXCH' | 'EXPR') =>
    `<Protocol><Type>${type}</Type><Server>${xml(host)}</Server><ServerVersion>${version}</ServerVersion>` +
    `<ASUrl>${xml(ewsUrl)}</ASUrl><EwsUrl>${xml(ewsUrl)}</EwsUrl><OOFUrl>${xml(ewsUrl)}</OOFUrl>` +
    `<EcpUrl>https://${xml(host)}/ecp/</EcpUrl>${type === 'EXPR' ? '<SSL>On</SSL><AuthPackage>Basic</AuthPackage>' : ''}</Protocol>`;
  return pox(
    `<User><DisplayName>${xml(user.displayName)}</DisplayName><LegacyDN>/o=Corp/ou=Exchange Administrative Group/cn=Recipients/cn=${xml(user.displayName.replace(/\s+/g, ''))}</LegacyDN>` +
      `<AutoDiscoverSMTPAddress>${xml(user.smtpAddress)}</AutoDiscoverSMTPAddress><DeploymentId>7e5bd5d6-7a1c-4a60-9b3e-1c8b0d8e3f21</DeploymentId></User>` +
      `<Account><AccountType>email</AccountType><Action>settings</Action><MicrosoftOnline>${microsoftOnline ? 'True' : 'False'}</MicrosoftOnline>` +
      `${protocol('EXCH')}${protocol('EXPR')}</Account>`,
  );
}

export function poxRedirectUrl(url: string): string {
  return pox(
    `<Account><AccountType>email</AccountType><Action>redirectUrl</Action><RedirectUrl>${xml(url)}</RedirectUrl></Account>`,
  );
}

export function poxRedirectAddress(address: string): string {
  return pox(
    `<Account><AccountType>email</AccountType><Action>redirectAddr</Action><RedirectAddr>${xml(address)}</RedirectAddr></Account>`,
  );
}

/** The error Exchange answers for an address without a mailbox. */
export function poxNotFound(): string {
  return pox(
    '<Error Time="10:41:32.4925612" Id="2356458401"><ErrorCode>500</ErrorCode><Message>The email address can\'t be found.</Message><DebugData /></Error>',
  );
}

function pox(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${POX_RESPONSE}"><Response xmlns="${POX_OUTLOOK}">${inner}</Response></Autodiscover>`;
}

export type SoapUserResult =
  | { kind: 'settings'; settings: Record<string, string> }
  | { kind: 'redirect-url'; url: string }
  | { kind: 'redirect-address'; address: string }
  | { kind: 'invalid-user' };

/** A GetUserSettings answer; the autodiscover ServerVersionInfo header uses child elements, not attributes. */
export function soapUserSettings(profile: ExchangeProfile, result: SoapUserResult): string {
  const v = profile.serverVersionInfo;
  let user: string;
  if (result.kind === 'settings') {
    const settings = Object.entries(result.settings)
      .map(
        ([name, value]) =>
          `<UserSetting i:type="StringSetting"><Name>${xml(name)}</Name><Value>${xml(value)}</Value></UserSetting>`,
      )
      .join('');
    user = `<ErrorCode>NoError</ErrorCode><ErrorMessage>No error.</ErrorMessage><RedirectTarget i:nil="true"/><UserSettingErrors/><UserSettings>${settings}</UserSettings>`;
  } else if (result.kind === 'invalid-user') {
    user = `<ErrorCode>InvalidUser</ErrorCode><ErrorMessage>The SMTP address has no mailbox associated with it.</ErrorMessage><RedirectTarget i:nil="true"/><UserSettingErrors/><UserSettings/>`;
  } else {
    const code = result.kind === 'redirect-url' ? 'RedirectUrl' : 'RedirectAddress';
    const target = result.kind === 'redirect-url' ? result.url : result.address;
    user = `<ErrorCode>${code}</ErrorCode><ErrorMessage>Redirection.</ErrorMessage><RedirectTarget>${xml(target)}</RedirectTarget><UserSettingErrors/><UserSettings/>`;
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing">' +
    '<s:Header><a:Action s:mustUnderstand="1">http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse</a:Action>' +
    `<h:ServerVersionInfo xmlns:h="${AUTODISCOVER_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
    `<h:MajorVersion>${v.major}</h:MajorVersion><h:MinorVersion>${v.minor}</h:MinorVersion><h:MajorBuildNumber>${v.build}</h:MajorBuildNumber>` +
    `<h:MinorBuildNumber>${v.revision}</h:MinorBuildNumber><h:Version>Exchange2015</h:Version></h:ServerVersionInfo></s:Header>` +
    `<s:Body><GetUserSettingsResponseMessage xmlns="${AUTODISCOVER_NS}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
    '<ErrorCode>NoError</ErrorCode><ErrorMessage/>' +
    `<UserResponses><UserResponse>${user}</UserResponse></UserResponses></Response></GetUserSettingsResponseMessage></s:Body></s:Envelope>`
  );
}

/** CasVersion as autodiscover formats it: 15.01.2507.006. */
export function casVersion(profile: ExchangeProfile): string {
  const v = profile.serverVersionInfo;
  return `${v.major}.${String(v.minor).padStart(2, '0')}.${String(v.build).padStart(4, '0')}.${String(v.revision).padStart(3, '0')}`;
}
