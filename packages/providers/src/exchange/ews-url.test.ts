import { describe, expect, it } from 'vitest';
import { classifyHost, isExchangeOnlineHost } from './host-policy.js';
import { isBrowserPath, normalizeExchangeUrl } from './ews-url.js';

describe('normalizeExchangeUrl', () => {
  it.each([
    ['mail.corp.example', 'https://mail.corp.example/EWS/Exchange.asmx', true],
    ['Mail.Corp.Example.', 'https://mail.corp.example/EWS/Exchange.asmx', true],
    ['https://mail.corp.example', 'https://mail.corp.example/EWS/Exchange.asmx', true],
    [
      'https://mail.corp.example/ews/exchange.asmx',
      'https://mail.corp.example/EWS/Exchange.asmx',
      false,
    ],
    [
      'https://mail.corp.example/EWS/Exchange.asmx?wsdl#x',
      'https://mail.corp.example/EWS/Exchange.asmx',
      false,
    ],
    [
      'https://mail.corp.example:8443/EWS/',
      'https://mail.corp.example:8443/EWS/Exchange.asmx',
      true,
    ],
    [
      'https://mail.corp.example/autodiscover/autodiscover.xml',
      'https://mail.corp.example/EWS/Exchange.asmx',
      true,
    ],
    [
      'https://proxy.corp.example/mail/ews.asmx?x=1',
      'https://proxy.corp.example/mail/ews.asmx',
      false,
    ],
    ['10.1.2.3', 'https://10.1.2.3/EWS/Exchange.asmx', true],
  ])('%j -> %s', (typed, url, derived) => {
    const check = normalizeExchangeUrl(typed);
    expect(check.ok && { url: check.url.href, derived: check.derived }).toEqual({ url, derived });
  });

  it.each([
    ['https://mail.corp.example/owa/', 'https://mail.corp.example/EWS/Exchange.asmx'],
    [
      'https://mail.corp.example/OWA/auth/logon.aspx?replaceCurrent=1',
      'https://mail.corp.example/EWS/Exchange.asmx',
    ],
    ['mail.corp.example/owa/#path=/mail', 'https://mail.corp.example/EWS/Exchange.asmx'],
    ['https://mail.corp.example:444/ecp/', 'https://mail.corp.example:444/EWS/Exchange.asmx'],
    ['https://mail.corp.example/exchange/', 'https://mail.corp.example/EWS/Exchange.asmx'],
    ['http://mail.corp.example/EWS/Exchange.asmx', 'https://mail.corp.example/EWS/Exchange.asmx'],
  ])('refuses %j and suggests %s', (typed, suggestedUrl) => {
    expect(normalizeExchangeUrl(typed)).toMatchObject({ ok: false, suggestedUrl });
  });

  it.each([
    '',
    '   ',
    'https://',
    'not a host!',
    'https://user:pw@mail.corp.example/EWS/Exchange.asmx',
  ])('refuses %j', (typed) => {
    expect(normalizeExchangeUrl(typed).ok).toBe(false);
  });

  it('knows browser paths', () => {
    expect(isBrowserPath('/owa/auth/logon.aspx')).toBe(true);
    expect(isBrowserPath('/EWS/Exchange.asmx')).toBe(false);
    expect(isBrowserPath('/owner')).toBe(false);
  });
});

describe('host policy', () => {
  const policy = {
    emailDomain: 'sales.corp.example',
    approvedHosts: ['mail.partner.example', '*.hoster.example'],
  };
  it.each([
    ['autodiscover.sales.corp.example', 'own'],
    ['mail.corp.example', 'own'],
    ['mail.partner.example', 'approved'],
    ['eu.hoster.example', 'approved'],
    ['hoster.example', 'foreign'],
    ['corp.example.evil.example', 'foreign'],
    ['outlook.office365.com', 'microsoft'],
    ['autodiscover-s.outlook.com', 'microsoft'],
  ] as const)('%s is %s', (host, trust) => {
    expect(classifyHost(host, policy)).toBe(trust);
  });

  it('recognises Exchange Online hosts only by whole labels', () => {
    expect(isExchangeOnlineHost('outlook.office.com')).toBe(true);
    expect(isExchangeOnlineHost('myoutlook.com.example')).toBe(false);
    expect(isExchangeOnlineHost('notoutlook.com')).toBe(false);
  });
});
