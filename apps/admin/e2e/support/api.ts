import type { DovecotServer, SmtpTestServer } from '@inlet/providers/testing';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { graphqlRequest } from './browser.js';

// Set-up through the GraphQL API with the page's session (the same API the console uses), for what a
// test needs in place but does not test. Each helper fails the test with the gateway's answer.

/** A mailbox on the loopback test servers: IMAP with SSL/TLS, SMTP with STARTTLS, both on 127.0.0.1. */
export interface LoopbackServers {
  imapPort: number;
  smtpPort: number;
}

function loopbackImap({ imapPort, smtpPort }: LoopbackServers) {
  return {
    imapHost: '127.0.0.1',
    imapPort,
    imapSecurity: 'SSL_TLS',
    smtpHost: '127.0.0.1',
    smtpPort,
    smtpSecurity: 'STARTTLS',
  };
}

export async function createDomainSettings(
  page: Page,
  input: { domain: string } & Record<string, unknown>,
): Promise<void> {
  const result = await graphqlRequest(
    page,
    'mutation ($input: DomainSettingsInput!) { createDomainSettings(input: $input) { __typename ... on ValidationFailed { fields { field message } } } }',
    { input },
  );
  expect(result).toEqual({ data: { createDomainSettings: { __typename: 'DomainSettings' } } });
}

/** Domain settings for `domain` that point at the loopback test servers. */
export function createLoopbackDomainSettings(
  page: Page,
  domain: string,
  servers: LoopbackServers,
): Promise<void> {
  return createDomainSettings(page, { domain, imap: loopbackImap(servers) });
}

/** Connects `mailbox` (the page's user's own) on the loopback test servers, without the connect form. */
export async function connectLoopbackMailbox(
  page: Page,
  mailbox: { user: string; password: string },
  servers: LoopbackServers,
): Promise<void> {
  const result = await graphqlRequest(
    page,
    'mutation ($input: ConnectImapInput!) { connectImap(input: $input) { __typename ... on Error { message } ... on ConnectionFailed { detail } } }',
    { input: { email: mailbox.user, password: mailbox.password, ...loopbackImap(servers) } },
  );
  expect(result).toEqual({ data: { connectImap: { __typename: 'Connection' } } });
}

/**
 * Domain settings for `mailbox`'s domain that allow the loopback servers, then the mailbox (the page's
 * user's own) connected on them: what a test that sends from the console needs first.
 */
export async function connectMailboxOnLoopback(
  page: Page,
  mailbox: { user: string; password: string },
  { imap, smtp }: { imap: DovecotServer; smtp: SmtpTestServer },
): Promise<void> {
  const servers = { imapPort: imap.imapsPort, smtpPort: smtp.submissionPort };
  await createLoopbackDomainSettings(page, mailbox.user.split('@')[1]!, servers);
  await connectLoopbackMailbox(page, mailbox, servers);
}

export async function createUser(
  page: Page,
  input: { email: string; name: string; password: string; role: string; seat?: string },
): Promise<void> {
  const result = await graphqlRequest(
    page,
    'mutation ($input: CreateUserInput!) { createUser(input: $input) { __typename ... on ValidationFailed { message } } }',
    { input },
  );
  expect(result).toEqual({ data: { createUser: { __typename: 'User' } } });
}
