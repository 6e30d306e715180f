import { describe, expect, it } from 'vitest';
import { parseJsonAutodiscoverResponse } from './autodiscover-json.js';
import { parsePoxResponse, poxRequestXml } from './autodiscover-pox.js';
import { parseSoapAutodiscoverResponse } from './autodiscover-soap.js';
import { parseSoap, XmlError } from './soap-xml.js';

const POX = (inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">${inner}</Response></Autodiscover>`;

describe('autodiscover answers', () => {
  it('POX: prefers the external (EXPR) EwsUrl and reads MicrosoftOnline and the version', () => {
    const answer = parsePoxResponse(
      POX(
        '<User><AutoDiscoverSMTPAddress>jane@corp.example</AutoDiscoverSMTPAddress></User><Account><Action>settings</Action><MicrosoftOnline>False</MicrosoftOnline>' +
          '<Protocol><Type>EXCH</Type><ServerVersion>738180DA</ServerVersion><EwsUrl>https://cas01.corp.local/EWS/Exchange.asmx</EwsUrl></Protocol>' +
          '<Protocol><Type>EXPR</Type><EwsUrl>https://mail.corp.example/EWS/Exchange.asmx</EwsUrl></Protocol></Account>',
      ),
    );
    expect(answer).toEqual({
      kind: 'settings',
      ewsUrl: 'https://mail.corp.example/EWS/Exchange.asmx',
      microsoftOnline: false,
      smtpAddress: 'jane@corp.example',
      version: { major: 14, minor: 1, build: 218 },
    });
  });

  it('POX: redirects and errors', () => {
    expect(
      parsePoxResponse(
        POX(
          '<Account><Action>redirectUrl</Action><RedirectUrl>https://x.corp.example/autodiscover/autodiscover.xml</RedirectUrl></Account>',
        ),
      ),
    ).toEqual({
      kind: 'redirect-url',
      url: 'https://x.corp.example/autodiscover/autodiscover.xml',
    });
    expect(
      parsePoxResponse(
        POX(
          '<Account><Action>redirectAddr</Action><RedirectAddr>j@x.example</RedirectAddr></Account>',
        ),
      ),
    ).toEqual({ kind: 'redirect-address', address: 'j@x.example' });
    expect(
      parsePoxResponse(
        POX(
          "<Error><ErrorCode>500</ErrorCode><Message>The email address can't be found.</Message></Error>",
        ),
      ),
    ).toEqual({ kind: 'error', message: "The email address can't be found. (error 500)" });
  });

  it('refuses DOCTYPE and entity declarations (no XXE, no billion laughs)', () => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><Autodiscover><Response/></Autodiscover>';
    expect(() => parsePoxResponse(evil)).toThrow(XmlError);
    expect(() => parseSoap(evil.replace('Autodiscover', 's:Envelope'))).toThrow(XmlError);
    expect(() =>
      parsePoxResponse(POX(`<User><DisplayName>${'x'.repeat(600 * 1024)}</DisplayName></User>`)),
    ).toThrow(XmlError);
  });

  it('SOAP: ExternalEwsUrl first, UserMSOnline, CasVersion', () => {
    const body =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetUserSettingsResponseMessage xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover"><Response>' +
      '<ErrorCode>NoError</ErrorCode><UserResponses><UserResponse><ErrorCode>NoError</ErrorCode><UserSettings>' +
      '<UserSetting><Name>InternalEwsUrl</Name><Value>https://cas01.corp.local/EWS/Exchange.asmx</Value></UserSetting>' +
      '<UserSetting><Name>ExternalEwsUrl</Name><Value>https://mail.corp.example/EWS/Exchange.asmx</Value></UserSetting>' +
      '<UserSetting><Name>CasVersion</Name><Value>15.02.1118.007</Value></UserSetting>' +
      '<UserSetting><Name>UserMSOnline</Name><Value>True</Value></UserSetting>' +
      '</UserSettings></UserResponse></UserResponses></Response></GetUserSettingsResponseMessage></s:Body></s:Envelope>';
    expect(parseSoapAutodiscoverResponse(body)).toEqual({
      kind: 'settings',
      ewsUrl: 'https://mail.corp.example/EWS/Exchange.asmx',
      microsoftOnline: true,
      version: { major: 15, minor: 2, build: 1118, revision: 7 },
    });
  });

  it('JSON: the EWS URL or the error', () => {
    expect(
      parseJsonAutodiscoverResponse(
        '{"Protocol":"EWS","Url":"https://mail.corp.example/EWS/Exchange.asmx"}',
      ),
    ).toMatchObject({ kind: 'settings', ewsUrl: 'https://mail.corp.example/EWS/Exchange.asmx' });
    expect(
      parseJsonAutodiscoverResponse('{"ErrorCode":"InvalidProtocol","ErrorMessage":"bad"}'),
    ).toEqual({ kind: 'error', message: 'InvalidProtocol: bad' });
    expect(() => parseJsonAutodiscoverResponse('<html>')).toThrow(SyntaxError);
  });

  it('escapes the address in the POX request', () => {
    expect(poxRequestXml('a&b<c@corp.example')).toContain(
      '<EMailAddress>a&amp;b&lt;c@corp.example</EMailAddress>',
    );
  });
});
