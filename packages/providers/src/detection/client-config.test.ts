import { describe, expect, it } from 'vitest';
import { chooseServers, parseClientConfig } from './client-config.js';
import { XmlError, parseXml } from './xml.js';

const email = { localPart: 'jane', domain: 'example.test' };

describe('parseXml', () => {
  it('reads elements, attributes in either quote, entities, CDATA, comments and a BOM', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0"?><!-- c --><a x='1' y="&lt;&amp;&#65;&#x42;"><b>t&gt;<![CDATA[<raw>&amp;]]></b><c/></a>`,
    );
    expect(root).toEqual({
      name: 'a',
      attributes: { x: '1', y: '<&AB' },
      children: [
        { name: 'b', attributes: {}, children: [], text: 't><raw>&amp;' },
        { name: 'c', attributes: {}, children: [], text: '' },
      ],
      text: '',
    });
  });

  it.each([
    [
      'a DOCTYPE (no entity expansion, no external entities)',
      '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
    ],
    ['an unknown entity', '<a>&x;</a>'],
    ['a bad character reference', '<a>&#xZZ;</a>'],
    ['a surrogate character reference', '<a>&#xD800;</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'hello <a/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['an unterminated comment', '<a><!-- </a>'],
    ['no root', '<?xml version="1.0"?>'],
    ['"<" in an attribute', '<a x="<"/>'],
  ])('refuses %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it('bounds depth, element count and size', () => {
    expect(() => parseXml('<a>'.repeat(40) + '</a>'.repeat(40))).toThrow(/deeper/);
    expect(() => parseXml(`<a>${'<b/>'.repeat(20)}</a>`, { maxElements: 10 })).toThrow(/elements/);
    expect(() => parseXml(`<a>${' '.repeat(100)}</a>`, { maxChars: 50 })).toThrow(/larger/);
  });
});

const server = (tag: string, attrs: string, body: string): string =>
  `<${tag} ${attrs}>${body}</${tag}>`;
const doc = (...servers: string[]): string =>
  `<clientConfig version="1.1"><emailProvider id="x"><domain>Example.TEST</domain>${servers.join('')}</emailProvider></clientConfig>`;

describe('chooseServers', () => {
  it('takes the first encrypted IMAP and SMTP server, skipping plain ones', () => {
    const config = parseClientConfig(
      doc(
        server(
          'incomingServer',
          'type="imap"',
          '<hostname>plain.example.test</hostname><port>143</port><socketType>plain</socketType>',
        ),
        server(
          'incomingServer',
          'type="imap"',
          '<hostname> IMAP.example.test </hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username>',
        ),
        server(
          'incomingServer',
          'type="imap"',
          '<hostname>second.example.test</hostname><port>143</port><socketType>STARTTLS</socketType>',
        ),
        server(
          'outgoingServer',
          'type="smtp"',
          '<hostname>smtp.example.test</hostname><port>25</port><socketType>plain</socketType>',
        ),
        server(
          'outgoingServer',
          'type="smtp"',
          '<hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><username>%REALNAME%</username>',
        ),
      ),
    );
    expect(config.domains).toEqual(['example.test']);
    const choice = chooseServers(config, email);
    expect(choice.imap).toEqual({
      host: 'imap.example.test',
      port: 993,
      security: 'SSL_TLS',
      username: 'jane@example.test',
    });
    // %REALNAME% cannot be filled: the username is left to the user.
    expect(choice.smtp).toEqual({ host: 'smtp.example.test', port: 587, security: 'STARTTLS' });
    expect(choice.skipped).toEqual([
      'imap plain.example.test:143 (plain socket type: not encrypted)',
      'smtp smtp.example.test:25 (plain socket type: not encrypted)',
    ]);
  });

  it.each([
    [
      'a bad port',
      '<hostname>a.example.test</hostname><port>99999</port><socketType>SSL</socketType>',
    ],
    [
      'a non-numeric port',
      '<hostname>a.example.test</hostname><port>993abc</port><socketType>SSL</socketType>',
    ],
    [
      'a bad host',
      '<hostname>https://a.example.test</hostname><port>993</port><socketType>SSL</socketType>',
    ],
    ['no host', '<port>993</port><socketType>SSL</socketType>'],
    ['no socket type', '<hostname>a.example.test</hostname><port>993</port>'],
    [
      'OAuth2 only on an unknown host',
      '<hostname>a.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication>',
    ],
  ])('skips a server with %s', (_, body) => {
    const choice = chooseServers(
      parseClientConfig(doc(server('incomingServer', 'type="imap"', body))),
      email,
    );
    expect(choice.imap).toBeUndefined();
    expect(choice.skipped).toHaveLength(1);
  });

  it('accepts OAuth2-only servers of providers Inlet has OAuth for', () => {
    const choice = chooseServers(
      parseClientConfig(
        doc(
          server(
            'incomingServer',
            'type="imap"',
            '<hostname>outlook.office365.com</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication>',
          ),
          server(
            'outgoingServer',
            'type="smtp"',
            '<hostname>smtp.office365.com</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>OAuth2</authentication>',
          ),
        ),
      ),
      email,
    );
    expect(choice.imap?.host).toBe('outlook.office365.com');
    expect(choice.smtp?.host).toBe('smtp.office365.com');
  });

  it('reads an https Exchange URL and refuses an http one', () => {
    const exchange = (url: string): string =>
      server(
        'incomingServer',
        'type="exchange"',
        `<hostname>mail.example.test</hostname><ewsURL>${url}</ewsURL>`,
      );
    expect(
      chooseServers(
        parseClientConfig(doc(exchange('https://mail.example.test/EWS/Exchange.asmx'))),
        email,
      ).exchangeUrl,
    ).toBe('https://mail.example.test/EWS/Exchange.asmx');
    expect(
      chooseServers(
        parseClientConfig(doc(exchange('http://mail.example.test/EWS/Exchange.asmx'))),
        email,
      ).exchangeUrl,
    ).toBeUndefined();
  });

  it('refuses documents that are not a clientConfig', () => {
    expect(() => parseClientConfig('<html><body>Welcome</body></html>')).toThrow(/clientConfig/);
    expect(() => parseClientConfig('<clientConfig/>')).toThrow(/emailProvider/);
  });
});
