import {
  startAll,
  startDnsTestServer,
  startDovecot,
  startSmtpServer,
  stopAll,
  WRONG_CERTIFICATE_NAME,
  type DovecotServer,
  type SmtpTestServer,
  type Stoppable,
} from '@inlet/providers/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackDomainSettings } from './support/api.js';
import {
  descriptionOf,
  graphqlRequest,
  launchChromium,
  openConsolePage,
  screenshotFromTop,
  signInAt,
} from './support/browser.js';
import {
  enterAddress,
  goToMyEmail,
  myEmailCard,
  stepRow as stepRowOf,
} from './support/connect-email.js';
import { loopbackAllowed, startTestGateway, type RunningGateway } from './support/gateway.js';
import { startLatencyProxy, type LatencyProxy } from './support/latency-proxy.js';
import { makeTestDir, reportFailures, tearDown, writeCaFile } from './support/lifecycle.js';

// Certificates a user can fix from the console, against real Dovecots on 127.0.0.1: a certificate
// issued for another name (the form offers that name and connects with it), and a pinned
// ("Trust any certificate") certificate that the server replaced (My email and the admin's drawer say
// so with both fingerprints and lead to the reconnect form, which pins the new one).

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
/** Dovecot whose certificate (from the test CA) is for mail.example.net only. */
const ada = { user: 'ada@wrongname-mail.example', password: 'ada-mailbox-pass-1' };
/** Two self-signed Dovecots behind one address: the first is pinned, then replaced by the second. */
const bob = { user: 'bob@pinned-mail.example', password: 'bob-mailbox-pass-1' };

let tempDir: string | undefined;
const servers: Stoppable[] = [];
let wrongName: DovecotServer;
let pinnedFirst: DovecotServer;
let pinnedSecond: DovecotServer;
let smtp: SmtpTestServer;
let relay: LatencyProxy;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshotFromTop(page, `certificates-${name}`);

beforeAll(async () => {
  tempDir = await makeTestDir('certificates');
  ({ wrongName, pinnedFirst, pinnedSecond, smtp } = await startAll(
    {
      wrongName: startDovecot({ certificate: 'wrong-name', users: [ada] }),
      pinnedFirst: startDovecot({ certificate: 'self-signed', users: [bob] }),
      pinnedSecond: startDovecot({ certificate: 'self-signed', users: [bob] }),
      smtp: startSmtpServer({ certificate: 'trusted', users: [ada, bob] }),
    },
    servers,
  ));
  relay = await startLatencyProxy({ host: '127.0.0.1', port: pinnedFirst.imapsPort });
  servers.push({ stop: () => relay.close() });
  // The name the wrong-name certificate is for resolves to the test Dovecot, as a real one would.
  const dns = await startDnsTestServer({ A: { [WRONG_CERTIFICATE_NAME]: ['127.0.0.1'] } });
  servers.push({ stop: () => dns.close() });
  const caFile = await writeCaFile(tempDir, [wrongName.ca, smtp.ca]);
  gateway = await startTestGateway(tempDir, {
    admin,
    caFile,
    settings: {
      INLET_ALLOW_PRIVATE_HOSTS: `${loopbackAllowed.INLET_ALLOW_PRIVATE_HOSTS},${WRONG_CERTIFICATE_NAME}:*`,
      INLET_DNS_SERVERS: dns.server,
    },
  });
  browser = await launchChromium();
  page = await openConsolePage(browser, gateway.url, pageErrors);
});

afterAll(() => tearDown({ browser, stop: () => stopAll(servers), dir: tempDir }));

reportFailures(
  () => ({ certificates: page }),
  () => gateway,
);

describe('certificates the console helps fix', () => {
  it('signs the admin in; the admin preconfigures both test domains', async () => {
    await signInAt(page, '/my-email', admin);
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    await createLoopbackDomainSettings(page, 'wrongname-mail.example', {
      imapPort: wrongName.imapsPort,
      smtpPort: smtp.submissionPort,
    });
    await createLoopbackDomainSettings(page, 'pinned-mail.example', {
      imapPort: relay.port,
      smtpPort: smtp.submissionPort,
    });
  });

  it('offers the name a certificate is issued for, and connects with it in one click', async () => {
    await enterAddress(page, ada.user);
    await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(ada.password);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();

    const host = page.getByLabel('IMAP host');
    await expect.poll(() => host.getAttribute('aria-invalid')).toBe('true');
    expect(await host.inputValue()).toBe('127.0.0.1');
    expect(await descriptionOf(host)).toContain('issued for a different name');
    expect(await stepRowOf(page, 'Encryption and certificate').textContent()).toContain('Failed');
    const useName = page.getByRole('button', { name: `Use ${WRONG_CERTIFICATE_NAME}` });
    await useName.waitFor();
    await shot('01-wrong-name');

    // One click: the host is refilled and the check runs again, with nothing re-typed.
    await useName.click();
    await page.getByRole('heading', { level: 2, name: 'Connected' }).waitFor();
    await expect
      .poll(() => stepRowOf(page, 'Encryption and certificate').textContent())
      .toContain('certificate verified');
    await shot('02-connected-with-certificate-name');

    await goToMyEmail(page);
    expect(await myEmailCard(page, ada.user).textContent()).toContain(
      `${WRONG_CERTIFICATE_NAME}:${wrongName.imapsPort}`,
    );
  });

  it('says when a pinned certificate was replaced, with both fingerprints, and reconnects to trust the new one', async () => {
    // Connected with "Trust any certificate": the first server's certificate is pinned.
    const connected = await graphqlRequest(
      page,
      'mutation ($input: ConnectImapInput!) { connectImap(input: $input) { __typename } }',
      {
        input: {
          email: bob.user,
          password: bob.password,
          imapHost: '127.0.0.1',
          imapPort: relay.port,
          imapSecurity: 'SSL_TLS',
          smtpHost: '127.0.0.1',
          smtpPort: smtp.submissionPort,
          smtpSecurity: 'STARTTLS',
          trustAnyCertificate: true,
        },
      },
    );
    expect(connected).toEqual({ data: { connectImap: { __typename: 'Connection' } } });
    await page.reload();
    const card = myEmailCard(page, bob.user);
    const connectedNow = () => card.getByText('Status: Connected').count();
    await expect.poll(connectedNow, { timeout: 30_000 }).toBe(1);

    // The server is replaced by one with another certificate.
    relay.retarget(pinnedSecond.imapsPort);
    const trusted = pinnedFirst.certificate.fingerprint256;
    const presented = pinnedSecond.certificate.fingerprint256;
    await card.getByRole('button', { name: `Check now ${bob.user}` }).click();
    await expect
      .poll(() => card.textContent(), { timeout: 30_000 })
      .toContain('now presents a different security certificate');
    const text = await card.textContent();
    expect(text).toContain('Encryption and certificate (TLS)');
    expect(text).toContain(trusted);
    expect(text).toContain(presented);
    expect(text).not.toContain('tick "Trust any certificate"');
    await card.getByRole('link', { name: 'Reconnect to trust the new certificate' }).waitFor();
    await shot('03-certificate-changed-my-email');

    // The admin's drawer says the same, at the TLS step.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Connected emails' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Connected emails' }).waitFor();
    await page.getByRole('button', { name: `Details of ${bob.user}` }).click();
    const drawer = page.getByRole('dialog', { name: bob.user });
    await drawer.waitFor();
    await expect
      .poll(() => drawer.textContent())
      .toContain('now presents a different security certificate');
    const drawerText = await drawer.textContent();
    expect(drawerText).toContain(trusted);
    expect(drawerText).toContain(presented);
    expect(drawerText).toMatch(/CERTIFICATE_CHANGED\s*at step\s*TLS/);
    await shot('04-certificate-changed-drawer');

    // Reconnect: the saved settings with "Trust any certificate" ticked; the password is all it asks.
    await drawer.getByRole('link', { name: 'Reconnect to trust the new certificate' }).click();
    await page.getByRole('heading', { level: 1, name: `Reconnect ${bob.user}` }).waitFor();
    await page.getByRole('button', { name: 'Advanced options' }).click();
    expect(await page.getByRole('checkbox', { name: 'Trust any certificate' }).isChecked()).toBe(
      true,
    );
    await page.getByLabel('Password', { exact: true }).fill(bob.password);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Reconnected' }).waitFor();
    await expect
      .poll(() => stepRowOf(page, 'Encryption and certificate').textContent())
      .toContain(presented);

    // The new certificate is the pinned one now: the inbox syncs again and the problem is gone.
    await goToMyEmail(page);
    await expect.poll(connectedNow, { timeout: 30_000 }).toBe(1);
    expect(await card.textContent()).not.toContain('Trusted when connected');
    expect(
      await card.getByRole('link', { name: 'Reconnect to trust the new certificate' }).count(),
    ).toBe(0);
    // A new check connects with the new pin (the earlier check's failure stays until then).
    await card.getByRole('button', { name: `Check now ${bob.user}` }).click();
    await expect
      .poll(() => card.getByRole('status').textContent(), { timeout: 30_000 })
      .toMatch(/^Checked at .*: no new messages\.$/);
    await shot('05-reconnected');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
