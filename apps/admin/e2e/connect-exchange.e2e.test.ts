import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
} from '@inlet/providers/testing';
import type { Browser, Locator, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainSettings } from './support/api.js';
import {
  descriptionOf,
  graphqlRequest,
  isFocused,
  launchChromium,
  openConsolePage,
  screenshotFromTop,
  signInAt,
} from './support/browser.js';
import {
  checkAnnouncement,
  enterAddress,
  goToMyEmail,
  myEmailCard,
  stepRow,
  stepStates,
} from './support/connect-email.js';
import { startTestGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown, writeCaFile } from './support/lifecycle.js';

// "Connect personal email" for on-premises Exchange, end to end: the built console, a real gateway and
// the EWS test server from @inlet/providers/testing (HTTPS on 127.0.0.1 with a certificate from its own
// CA, which the gateway trusts through INLET_EXTRA_CA_FILE). The admin's Exchange domain settings both
// prefill the Exchange URL and allow the loopback host. Then Jane's password changes in the directory
// and she reconnects the same connection.

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
/** A copy: the test changes its password on the server, as a directory would. */
const jane = { ...TEST_EXCHANGE_ACCOUNT };
const newPassword = 'Spring-2025!';
const loggingAddress = 'log@crm.test';

/** The Exchange check's rows, in order. */
const stepNames = [
  'Find the Exchange server',
  'Encryption and certificate',
  'Sign in',
  'Find Inbox and Sent',
  'Send a test email',
  'Save the connection',
];

let tempDir: string | undefined;
let ews: EwsTestServer | undefined;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshotFromTop(page, `exchange-${name}`);

/** Jane's card on My email. */
function card(): Locator {
  return myEmailCard(page, jane.upn);
}

/** The connection id in the card's Reconnect link (/my-email/reconnect?id=…). */
async function reconnectLinkId(): Promise<string | null> {
  const href = await card()
    .getByRole('link', { name: `Reconnect ${jane.upn}` })
    .getAttribute('href');
  return href === null ? null : new URL(href, page.url()).searchParams.get('id');
}

/** Jane's connection as the gateway has it now (the API, not the page). */
async function janeConnection(): Promise<{ id: string; status: string } | undefined> {
  const result = (await graphqlRequest(page, '{ myConnections { id email status } }')) as {
    data?: { myConnections: { id: string; email: string; status: string }[] };
  };
  const found = result.data?.myConnections.find((c) => c.email === jane.upn);
  return found && { id: found.id, status: found.status };
}

/**
 * Reloads My email and waits until its live status subscription has gone out, so no status change
 * after this is missed. (A change between the page's query and its subscription is not shown until the
 * next push or visit: the status waits below go through the API for that reason.)
 */
async function reloadMyEmail(): Promise<void> {
  let subscribed = () => {};
  const sent = new Promise<void>((resolve) => (subscribed = resolve));
  const watch = (socket: WebSocket) =>
    socket.on(
      'framesent',
      (frame) => String(frame.payload).includes('connectionStatusChanged') && subscribed(),
    );
  page.on('websocket', watch);
  try {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    await sent;
  } finally {
    page.off('websocket', watch);
  }
}

function server(): EwsTestServer {
  if (!ews) throw new Error('The EWS test server did not start');
  return ews;
}

beforeAll(async () => {
  tempDir = await makeTestDir('exchange');
  ews = await startEwsTestServer({
    profile: '2016',
    accounts: [jane],
    folders: [{ id: 'folder-invoices', displayName: 'Invoices' }],
    inboxRules: [
      {
        id: 'rule-1',
        displayName: 'File invoices',
        enabled: true,
        moveToFolder: 'folder-invoices',
      },
    ],
  });
  const caFile = await writeCaFile(tempDir, [ews.ca]);
  gateway = await startTestGateway(tempDir, {
    admin,
    caFile,
    settings: { INLET_BCC_LOGGING_ADDRESS: loggingAddress },
  });
  browser = await launchChromium();
  page = await openConsolePage(browser, gateway.url, pageErrors);
});

afterAll(() => tearDown({ browser, stop: async () => ews?.stop(), dir: tempDir }));

reportFailures(
  () => ({ exchange: page }),
  () => gateway,
);

describe('connect personal email (on-premises Exchange)', () => {
  it('signs the admin in; the admin sets up Exchange for corp.example', async () => {
    await signInAt(page, '/my-email', admin);
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    await createDomainSettings(page, {
      domain: 'corp.example',
      exchange: { exchangeUrl: server().ewsUrl('localhost') },
    });
  });

  it('goes from the address straight to the Exchange form, with the Exchange URL from the domain settings', async () => {
    await enterAddress(page, jane.upn);
    await page.getByRole('heading', { level: 2, name: 'Sign in to Exchange' }).waitFor();
    const address = page.getByRole('textbox', { name: 'Email address' });
    expect(await address.inputValue()).toBe(jane.upn);
    expect(await address.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('main').textContent()).toContain(
      'Settings from your administrator',
    );

    // The optional fields start closed; the line under them says what will be used.
    const optional = page.getByRole('button', { name: 'Show optional fields' });
    expect(await optional.getAttribute('aria-expanded')).toBe('false');
    expect(await descriptionOf(optional)).toContain(`Sign in as ${jane.upn}`);
    expect(await descriptionOf(optional)).toContain(server().ewsUrl('localhost'));
    await optional.click();
    const exchangeUrl = page.getByRole('textbox', { name: 'Exchange URL' });
    expect(await exchangeUrl.inputValue()).toBe(server().ewsUrl('localhost'));
    expect(await descriptionOf(exchangeUrl)).toContain(
      'The address of your Exchange server, for example mail.example.com',
    );
    expect(await descriptionOf(page.getByRole('textbox', { name: 'Username' }))).toContain(
      'CORP\\jane',
    );

    await page.getByRole('button', { name: 'What Inlet will access' }).click();
    expect(await page.getByRole('main').textContent()).toContain('Never deletes your mail.');
    expect(await stepStates(page)).toEqual(stepNames.map((name) => `${name}: Not started`));
    await shot('01-form');
  });

  it('refuses an Outlook on the web address at the field, before sending the password, and offers the EWS URL', async () => {
    const owa = server().ewsUrl('localhost').replace('/EWS/Exchange.asmx', '/owa/');
    const password = page.getByLabel('Password', { exact: true });
    await password.fill(jane.password);
    const exchangeUrl = page.getByRole('textbox', { name: 'Exchange URL' });
    await exchangeUrl.fill(owa);
    const before = server().requests.length;
    await page.getByRole('button', { name: 'Connect', exact: true }).click();

    await expect.poll(() => exchangeUrl.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => isFocused(exchangeUrl)).toBe(true);
    const description = await descriptionOf(exchangeUrl);
    expect(description).toContain(`Use ${server().ewsUrl('localhost')} instead.`);
    expect(await stepRow(page, 'Find the Exchange server').textContent()).toContain(
      'Find the Exchange server: Failed',
    );
    expect(await stepRow(page, 'Sign in').textContent()).toContain('Not run');
    expect(await stepRow(page, 'Save the connection').textContent()).toContain('Not run');
    // Nothing typed is lost, and the password never went to the server.
    expect(await password.inputValue()).toBe(jane.password);
    expect(await exchangeUrl.inputValue()).toBe(owa);
    expect(
      server()
        .requests.slice(before)
        .some((r) => r.authorization),
    ).toBe(false);
    await shot('02-owa-address-refused');

    await page.getByRole('button', { name: 'Use the suggested address' }).click();
    expect(await exchangeUrl.inputValue()).toBe(server().ewsUrl('localhost'));
    expect(await exchangeUrl.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => isFocused(exchangeUrl)).toBe(true);
    expect(await page.getByRole('button', { name: 'Use the suggested address' }).count()).toBe(0);
    await shot('03-suggestion-used');
  });

  it('connects once the suggestion is in: every Exchange step passes live and the test email is sent', async () => {
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Connected' }).waitFor();
    await expect
      .poll(() => stepStates(page))
      .toEqual(stepNames.map((name) => expect.stringContaining(`${name}: Passed`)));
    expect(await checkAnnouncement(page)).toBe('Connection check: every step passed.');
    // Details only the live subscription carries: the events arrived, not just the final answer.
    await expect
      .poll(() => stepRow(page, 'Find the Exchange server').textContent())
      .toContain(server().ewsUrl('localhost'));
    await expect
      .poll(() => stepRow(page, 'Sign in').textContent())
      .toContain(`Signed in as ${jane.upn}`);
    await expect
      .poll(() => stepRow(page, 'Send a test email').textContent())
      .toContain(loggingAddress);
    const success = await page.getByRole('main').textContent();
    expect(success).toContain(server().ewsUrl('localhost'));
    expect(success).toContain('2016');
    expect(success).toContain('Invoices');
    // The test email went out through the mailbox, to the account's logging address.
    expect(
      server().sentMessages.some(
        (m) => m.authenticatedAs && JSON.stringify(m).includes(loggingAddress),
      ),
    ).toBe(true);
    await shot('04-connected');

    await goToMyEmail(page);
    await card().waitFor();
    const text = await card().textContent();
    expect(text).toContain('Exchange');
    expect(text).toContain(server().ewsUrl('localhost'));
    expect(text).toMatch(/Connecting|Syncing|Connected/);
    await shot('05-my-email-listed');
  });

  it('reconnects after the password changed on the server: the same form pre-filled, the live check, the same connection', async () => {
    // Wait for the first sync, so the password change meets a running session.
    await expect
      .poll(async () => (await janeConnection())?.status, { timeout: 30_000 })
      .toBe('CONNECTED');
    await reloadMyEmail();
    expect(await card().textContent()).toContain('Status: Connected');
    const id = await reconnectLinkId();
    expect(id).toBe((await janeConnection())?.id);

    // Changed in the directory: the next sync is refused and the owner has to act.
    jane.password = newPassword;
    await card()
      .getByRole('button', { name: `Check now ${jane.upn}` })
      .click();
    await expect
      .poll(() => card().textContent(), { timeout: 30_000 })
      .toContain('Status: Needs reconnecting');
    expect(
      await descriptionOf(card().getByRole('link', { name: `Reconnect ${jane.upn}` })),
    ).toContain('Enter the current password');
    await shot('06-needs-reconnecting');

    await card()
      .getByRole('link', { name: `Reconnect ${jane.upn}` })
      .click();
    await page.getByRole('heading', { level: 1, name: `Reconnect ${jane.upn}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/my-email/reconnect');
    await page.getByRole('heading', { level: 2, name: 'Enter the password again' }).waitFor();
    const address = page.getByRole('textbox', { name: 'Email address' });
    expect(await address.inputValue()).toBe(jane.upn);
    expect(await address.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Change email address' }).count()).toBe(0);
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.inputValue()).toBe('');
    // The saved sign-in and server, summarised under the closed optional fields, and in them once opened.
    const optional = page.getByRole('button', { name: 'Show optional fields' });
    expect(await optional.getAttribute('aria-expanded')).toBe('false');
    expect(await descriptionOf(optional)).toContain(
      `Sign in as ${jane.upn} · at ${server().ewsUrl('localhost')}`,
    );
    await optional.click();
    expect(await page.getByRole('textbox', { name: 'Exchange URL' }).inputValue()).toBe(
      server().ewsUrl('localhost'),
    );
    expect(await page.getByRole('textbox', { name: 'Username' }).inputValue()).toBe('');
    expect(await stepStates(page)).toEqual(stepNames.map((name) => `${name}: Not started`));
    await shot('07-reconnect-form');

    const sentBefore = server().sentMessages.length;
    await password.fill(newPassword);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Reconnected' }).waitFor();
    await expect
      .poll(() => stepStates(page))
      .toEqual(stepNames.map((name) => expect.stringContaining(`${name}: Passed`)));
    // Details only the live subscription carries.
    await expect
      .poll(() => stepRow(page, 'Sign in').textContent())
      .toContain(`Signed in as ${jane.upn}`);
    expect(await checkAnnouncement(page)).toBe('Connection check: every step passed.');
    expect(await page.getByRole('main').textContent()).toContain(`${jane.upn} is reconnected.`);
    expect(server().sentMessages.length).toBe(sentBefore + 1);
    await shot('08-reconnected');

    // Synced again with the new password, under the same id.
    await expect
      .poll(async () => await janeConnection(), { timeout: 30_000 })
      .toEqual({ id, status: 'CONNECTED' });
    await goToMyEmail(page);
    await expect.poll(() => card().textContent()).toContain('Status: Connected');
    expect(await page.getByRole('heading', { level: 2, name: jane.upn }).count()).toBe(1);
    expect(await reconnectLinkId()).toBe(id);
    await shot('09-my-email-reconnected');
  });

  it("keeps the connection's history: the reconnect follows the password problem and the first connect", async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Connected emails' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Connected emails' }).waitFor();
    await page.getByRole('button', { name: `Details of ${jane.upn}` }).click();
    const drawer = page.getByRole('dialog', { name: jane.upn });
    await drawer.waitFor();
    const entries = drawer.getByRole('list', { name: 'History' }).getByRole('listitem');
    await entries.filter({ hasText: 'Reconnected with new credentials' }).waitFor();
    // Newest first.
    const history = await entries.allTextContents();
    const at = (text: string) => history.findIndex((entry) => entry.includes(text));
    expect(at('Reconnected with new credentials')).toBeGreaterThanOrEqual(0);
    expect(at('Needs reconnecting')).toBeGreaterThan(at('Reconnected with new credentials'));
    expect(at('Connection verified and saved')).toBeGreaterThan(at('Needs reconnecting'));
    await shot('10-history');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
