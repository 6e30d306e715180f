import { describe, expect, it } from 'vitest';
import { parentDomain, registrableDomain } from './base-domain.js';
import { knownProviderFor } from './known-providers.js';
import { providerFromMx } from './mx.js';

describe('providerFromMx', () => {
  it.each([
    ['aspmx.l.google.com', 'GMAIL'],
    ['alt4.aspmx.l.google.com', 'GMAIL'],
    ['smtp.google.com', 'GMAIL'],
    ['gmail-smtp-in.l.google.com', 'GMAIL'],
    ['aspmx2.googlemail.com', 'GMAIL'],
    ['contoso-com.mail.protection.outlook.com', 'MICROSOFT_365'],
    ['outlook-com.olc.protection.outlook.com', 'MICROSOFT_365'],
    ['contoso-com.a-v1.mx.microsoft', 'MICROSOFT_365'],
    ['inbound-smtp.us-east-1.amazonaws.com', 'UNSUPPORTED'],
    ['mx.corp.awsapps.com', 'UNSUPPORTED'],
    ['mx1.hostingco.net', undefined],
    ['google.com.evil.example', undefined],
    ['notgoogle.com', undefined],
    ['eu-smtp-inbound-1.mimecast.com', undefined],
  ])('%s -> %s', (host, provider) => {
    expect(providerFromMx(host)?.provider).toBe(provider);
  });
});

describe('knownProviderFor', () => {
  it.each([
    ['gmail.com', 'GMAIL'],
    ['outlook.com', 'MICROSOFT_365'],
    ['msn.com', 'MICROSOFT_365'],
    ['gmx.de', 'IMAP'],
    ['web.de', 'IMAP'],
    ['fastmail.com', 'IMAP'],
    ['zoho.com', 'IMAP'],
    ['yandex.ru', 'IMAP'],
    ['mail.ru', 'IMAP'],
    ['aol.com', 'IMAP'],
    ['corp.awsapps.com', 'UNSUPPORTED'],
    ['example.com', undefined],
    ['notgmail.com', undefined],
  ])('%s -> %s', (domain, provider) => {
    expect(knownProviderFor(domain)?.provider).toBe(provider);
  });
});

describe('registrableDomain / parentDomain', () => {
  it.each([
    ['mx1.mail.hostingco.net', 'hostingco.net', 'mail.hostingco.net'],
    ['mx.isp.co.uk', 'isp.co.uk', 'isp.co.uk'],
    ['mail.example.com.au', 'example.com.au', 'example.com.au'],
    ['hostingco.net', 'hostingco.net', 'net'],
    ['MX.Example.COM.', 'example.com', 'example.com'],
  ])('%s -> %s, parent %s', (host, base, parent) => {
    expect(registrableDomain(host)).toBe(base);
    expect(parentDomain(host)).toBe(parent);
  });
});
