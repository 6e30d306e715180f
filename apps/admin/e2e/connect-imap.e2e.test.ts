import {
  startAll,
  startDovecot,
  startSmtpServer,
  stopAll,
  type DovecotServer,
  type SmtpTestServer,
  type Stoppable,
} from '@inlet/providers/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackDomainSettings, createUser } from './support/api.js';
import {
  descriptionOf,
  isFocused,
  launchChromium,
  openConsolePage,
  screenshotFromTop,
  signIn,
  signInAt,
} from './support/browser.js';
import {
  checkAnnouncement,
  enterAddress,
  leaveDiscarding,
  goToMyEmail,
  myEmailCard,
  stepRow as stepRowOf,
  stepStates as stepStatesOf,
} from './support/connect-email.js';
import { loopbackAllowed, startTestGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown, writeCaFile } from './support/lifecycle.js';

// "Connect personal email" end to end: the built console, a real gateway, a real Dovecot (trusted and
// self-signed certificates) and a real SMTP submission server, all on 127.0.0.1. Every login in this
// file uses the right password: Dovecot slows down repeated failed logins.

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
/** Dovecot with a certificate from the test CA (trusted through INLET_EXTRA_CA_FILE). */
const ada = { user: 'ada@trusted-mail.example', password: 'ada-mailbox-pass-1' };
/** Dovecot with a self-signed certificate: untrusted until the user ticks "Trust any certificate". */
const bob = { user: 'bob@selfsigned-mail.example', password: 'bob-mailbox-pass-1' };

const stepNames = [
  'Check the server address',
  'Reach the server',
  'Encryption and certificate',
  'Server greeting',
  'Sign in',
  'Find Inbox and Sent',
  'Outgoing mail server (SMTP)',
  'Send a test email',
  'Save the connection',
];

let tempDir: string | undefined;
const servers: Stoppable[] = [];
let trustedImap: DovecotServer;
let selfSignedImap: DovecotServer;
let smtp: SmtpTestServer;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshotFromTop(page, `connect-${name}`);
const stepRow = (name: string) => stepRowOf(page, name);
const stepStates = () => stepStatesOf(page);

/** Leaves the connect flow for My email from the main navigation, discarding what was typed. */
async function leaveForMyEmail(): Promise<void> {
  await leaveDiscarding(page, async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My email' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
  });
}

/** Clicks Connect: the check ends on "Connected" with every step passed. */
async function connectPassingEveryStep(): Promise<void> {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Connected' }).waitFor();
  await expect
    .poll(stepStates)
    .toEqual(
      expect.arrayContaining(stepNames.map((name) => expect.stringContaining(`${name}: Passed`))),
    );
}

/** My email -> Connect personal email -> address -> detection prefilled from the admin's domain settings. */
async function startConnecting(email: string): Promise<void> {
  await enterAddress(page, email);
  await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
  expect(await page.getByRole('textbox', { name: 'Email address' }).inputValue()).toBe(email);
  expect(
    await page.getByRole('textbox', { name: 'Email address' }).getAttribute('readonly'),
  ).not.toBeNull();
  expect(await page.getByRole('main').textContent()).toContain('Settings from your administrator');
}

function smtpMessagesTo(email: string) {
  return smtp.messages.filter((m) => m.envelope.to.includes(email));
}

beforeAll(async () => {
  tempDir = await makeTestDir('connect');
  ({ trustedImap, selfSignedImap, smtp } = await startAll(
    {
      trustedImap: startDovecot({ certificate: 'trusted', users: [ada] }),
      selfSignedImap: startDovecot({ certificate: 'self-signed', users: [bob] }),
      // The outgoing server takes the same credentials as incoming (the form's default).
      smtp: startSmtpServer({ certificate: 'trusted', users: [ada, bob] }),
    },
    servers,
  ));
  const caFile = await writeCaFile(tempDir, [trustedImap.ca, smtp.ca]);
  gateway = await startTestGateway(tempDir, { admin, caFile, settings: loopbackAllowed });
  browser = await launchChromium();
  page = await openConsolePage(browser, gateway.url, pageErrors);
});

afterAll(() => tearDown({ browser, stop: () => stopAll(servers), dir: tempDir }));

reportFailures(
  () => ({ connect: page }),
  () => gateway,
);

describe('connect personal email (IMAP and SMTP)', () => {
  it('signs the admin in; the admin preconfigures both test domains', async () => {
    await signInAt(page, '/my-email', admin);
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    await page.getByRole('heading', { name: 'No inbox connected yet' }).waitFor();
    await createLoopbackDomainSettings(page, 'trusted-mail.example', {
      imapPort: trustedImap.imapsPort,
      smtpPort: smtp.submissionPort,
    });
    await createLoopbackDomainSettings(page, 'selfsigned-mail.example', {
      imapPort: selfSignedImap.imapsPort,
      smtpPort: smtp.submissionPort,
    });
    await shot('01-my-email-empty');
  });

  it('connects a mailbox: detection prefills, every step of the check passes live, the test email arrives', async () => {
    await startConnecting(ada.user);
    const advanced = page.getByRole('button', { name: 'Advanced options' });
    expect(await advanced.getAttribute('aria-expanded')).toBe('false');
    // The prefilled servers, summarised under the closed disclosure.
    expect(await descriptionOf(advanced)).toContain(
      `IMAP 127.0.0.1:${trustedImap.imapsPort} (SSL/TLS)`,
    );
    expect(await descriptionOf(advanced)).toContain(
      `SMTP 127.0.0.1:${smtp.submissionPort} (STARTTLS)`,
    );
    await page.getByRole('button', { name: 'What Inlet will access' }).click();
    expect(await page.getByRole('main').textContent()).toContain('Never deletes your mail.');
    expect(await stepStates()).toEqual(stepNames.map((name) => `${name}: Not started`));
    await shot('02-form');

    await page.getByLabel('Password', { exact: true }).fill(ada.password);
    await connectPassingEveryStep();
    // Details only the live subscription carries: the events arrived, not just the final answer.
    await expect
      .poll(() => stepRow('Encryption and certificate').textContent())
      .toContain('certificate verified');
    await expect.poll(() => stepRow('Find Inbox and Sent').textContent()).toContain('Sent');
    expect(await checkAnnouncement(page)).toBe('Connection check: every step passed.');
    await shot('03-connected');

    // The check sent its test email through the account's own SMTP server, signed in as the account.
    await expect.poll(() => smtpMessagesTo(ada.user).length).toBe(1);
    const [test] = smtpMessagesTo(ada.user);
    expect(test?.user).toBe(ada.user);
    expect(test?.secure).toBe(true);
    expect(test?.envelope.from).toBe(ada.user);

    await goToMyEmail(page);
    const card = myEmailCard(page, ada.user);
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('IMAP and SMTP');
    expect(text).toContain(`127.0.0.1:${trustedImap.imapsPort}`);
    expect(text).toMatch(/Connecting|Syncing|Connected/);
    await shot('04-my-email-listed');
  });

  it('stops at TLS for a self-signed certificate, shows the hint at "Trust any certificate", and connects once it is ticked', async () => {
    await startConnecting(bob.user);
    const password = page.getByLabel('Password', { exact: true });
    await password.fill(bob.password);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();

    const trust = page.getByRole('checkbox', { name: 'Trust any certificate' });
    await expect.poll(() => trust.getAttribute('aria-invalid')).toBe('true');
    // Advanced options opened by itself to show the problem where it can be fixed.
    expect(
      await page.getByRole('button', { name: 'Advanced options' }).getAttribute('aria-expanded'),
    ).toBe('true');
    const description = await descriptionOf(trust);
    expect(description).toContain('certificate is not trusted');
    expect(description).toContain('tick "Trust any certificate"');
    await expect.poll(() => isFocused(trust)).toBe(true);
    expect(await stepRow('Encryption and certificate').textContent()).toContain(
      'Encryption and certificate: Failed',
    );
    expect(await stepRow('Reach the server').textContent()).toContain('Passed');
    expect(await stepRow('Sign in').textContent()).toContain('Not run');
    expect(await stepRow('Save the connection').textContent()).toContain('Not run');
    // Nothing typed is lost: the password is still there.
    expect(await password.inputValue()).toBe(bob.password);
    expect(smtpMessagesTo(bob.user)).toHaveLength(0);
    await shot('05-certificate-not-trusted');

    await trust.check();
    expect(await trust.getAttribute('aria-invalid')).toBeNull();
    await connectPassingEveryStep();
    await expect
      .poll(() => stepRow('Encryption and certificate').textContent())
      .toContain('to be pinned');
    await expect.poll(() => smtpMessagesTo(bob.user).length).toBe(1);
    await shot('06-connected-after-trusting');

    await goToMyEmail(page);
    const card = myEmailCard(page, bob.user);
    await card.waitFor();
    expect(await card.textContent()).toContain('Own certificate trusted (pinned)');
    expect(await page.getByRole('heading', { level: 2, name: ada.user }).count()).toBe(1);
  });

  it('tells Google addresses, before any click, that Google sign-in is not set up (no app configured), and lets the user choose IMAP (or Exchange)', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My email' })
      .click();
    await page
      .getByRole('main')
      .getByRole('link', { name: 'Connect personal email' })
      .first()
      .click();
    const address = page.getByRole('textbox', { name: 'Email address' });
    await address.fill('not an address');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => address.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(address)).toContain('Enter your email address');

    await address.fill('someone@gmail.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 2, name: 'Connect with Google' }).waitFor();
    // No Google OAuth app in this gateway: said before any click, with no button that can only fail; the
    // super admin is offered the settings.
    const notSetUp = page
      .getByRole('status')
      .filter({ hasText: 'Connecting with Google is not set up in this Inlet yet.' });
    await notSetUp.waitFor();
    expect(await page.getByRole('button', { name: 'Connect with Google' }).count()).toBe(0);
    expect(await notSetUp.getByRole('link', { name: 'Open OAuth apps' }).count()).toBe(1);
    await shot('10-google-address');

    const choose = page.getByRole('button', { name: 'Choose my provider myself' });
    expect(await choose.getAttribute('aria-expanded')).toBe('false');
    await choose.click();
    const choice = page.getByRole('group', { name: 'How does your mailbox connect?' });
    expect(
      await choice.getByRole('button', { name: 'Microsoft Exchange (on-premises)' }).isVisible(),
    ).toBe(true);
    await shot('12-choose-provider');
    await choice.getByRole('button', { name: 'IMAP and SMTP' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Enter your server settings');
    // Nothing to prefill: the server fields are open from the start.
    expect(
      await page.getByRole('button', { name: 'Advanced options' }).getAttribute('aria-expanded'),
    ).toBe('true');
    expect(await page.getByLabel('IMAP host').inputValue()).toBe('');
    // The typed address is discarded (the form asks first).
    await leaveDiscarding(page, async () => {
      await page.getByRole('link', { name: 'My email' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    });
  });

  it("answers a password refused with USE_OAUTH with the sign-in the refusal's provider names, whatever its words say", async () => {
    const ann = 'ann@trusted-mail.example';
    /** The IMAP form for Ann with the given IMAP server; the gateway refuses the password before any network work. */
    const refusalFor = async (imapHost: string): Promise<Locator> => {
      // From the previous refusal's form, whose typed password is discarded (the form asks first).
      await leaveDiscarding(page, () => startConnecting(ann));
      await page.getByLabel('Password', { exact: true }).fill('not-used-password');
      await page.getByRole('button', { name: 'Advanced options' }).click();
      await page.getByLabel('IMAP host').fill(imapHost);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      // No OAuth app in this gateway: the refusal names the sign-in, said to be not set up yet.
      const refusal = page
        .getByRole('alert')
        .filter({ has: page.getByText(/^Connecting with .* is not set up in this Inlet yet\.$/) });
      await refusal.waitFor();
      return refusal;
    };
    const signIns = (refusal: Locator) =>
      refusal.getByText(/^Connecting with .* is not set up in this Inlet yet\.$/).allTextContents();

    const microsoft = await refusalFor('outlook.office365.com');
    expect(await microsoft.textContent()).toContain(`${ann} is a Microsoft mailbox`);
    expect(await signIns(microsoft)).toEqual([
      'Connecting with Microsoft is not set up in this Inlet yet.',
    ]);

    // The message is for people and may be reworded (or translated): the button follows `provider` alone.
    const reworded =
      'This mailbox signs in on its provider’s page, never with a password in Inlet.';
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('connectImap')) return route.fallback();
      const response = await route.fetch();
      const json = (await response.json()) as {
        data?: { connectImap?: { code?: string; message?: string } };
      };
      const outcome = json.data?.connectImap;
      if (outcome?.code === 'USE_OAUTH') outcome.message = reworded;
      await route.fulfill({ response, json });
    });
    try {
      const google = await refusalFor('imap.gmail.com');
      expect(await google.textContent()).toContain(reworded);
      expect(await signIns(google)).toEqual([
        'Connecting with Google is not set up in this Inlet yet.',
      ]);
      await shot('13-use-oauth-provider');
    } finally {
      await page.unroute('**/graphql');
      // The next test starts on My email; the typed password is discarded (the form asks first).
      await leaveForMyEmail();
    }
  });

  it('reconnects a mailbox with its saved settings, asking only for the password', async () => {
    await page.getByRole('link', { name: `Reconnect ${ada.user}` }).click();
    await page.getByRole('heading', { level: 1, name: `Reconnect ${ada.user}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/my-email/reconnect');
    // The page says what to do with the button it shows.
    expect(await page.getByRole('main').textContent()).toContain('then choose Reconnect.');
    expect(
      await page.getByRole('button', { name: 'Advanced options' }).getAttribute('aria-expanded'),
    ).toBe('false');
    expect(await page.getByLabel('IMAP port').inputValue()).toBe(String(trustedImap.imapsPort));
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Password', { exact: true }).fill(ada.password);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Reconnected' }).waitFor();
    await expect.poll(() => smtpMessagesTo(ada.user).length).toBe(2);
    await shot('07-reconnected');
    await goToMyEmail(page);
    await myEmailCard(page, ada.user).waitFor();
  });

  it('says an address the user already connected is connected at the address step, before any password', async () => {
    await enterAddress(page, ada.user);
    const notice = page.getByRole('alert').filter({ hasText: `You already connected ${ada.user}` });
    await notice.waitFor();
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await shot('08-already-connected');
    await notice.getByRole('link', { name: `Reconnect ${ada.user}` }).click();
    await page.getByRole('heading', { level: 1, name: `Reconnect ${ada.user}` }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My email' })
      .click();
    await myEmailCard(page, ada.user).waitFor();
  });

  it('asks before discarding a typed password when the address is changed', async () => {
    const cy = 'cy@trusted-mail.example';
    await startConnecting(cy);
    const change = page.getByRole('button', { name: 'Change email address' });
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('typed-not-sent');
    await change.click();
    const ask = page.getByRole('alert').filter({ hasText: 'Discard what you typed?' });
    await ask.waitFor();
    await shot('09-discard-typed');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    expect(await ask.count()).toBe(0);
    expect(await password.inputValue()).toBe('typed-not-sent');
    await change.click();
    await ask.getByRole('button', { name: 'Discard and change the address' }).click();
    await page.getByRole('heading', { level: 2, name: 'Your email address' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Email address' }).inputValue()).toBe(cy);
    // Nothing typed since the address: changing it keeps the address, no question.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
    await change.click();
    await page.getByRole('heading', { level: 2, name: 'Your email address' }).waitFor();
    // Leaving the flow discards the typed address (the page asks first).
    await leaveForMyEmail();
  });

  it('disconnects after confirmation', async () => {
    await page.getByRole('button', { name: `Disconnect ${bob.user}…` }).click();
    const confirm = page.getByRole('alert').filter({ hasText: `Disconnect ${bob.user}?` });
    await confirm.waitFor();
    await expect
      .poll(() => isFocused(page.getByRole('button', { name: 'Keep it connected' })))
      .toBe(true);
    await shot('08-disconnect-confirm');
    await confirm.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: bob.user }).count())
      .toBe(0);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Disconnected' }).textContent())
      .toBe(`Disconnected ${bob.user}.`);
    expect(await page.getByRole('heading', { level: 2, name: ada.user }).count()).toBe(1);
    await shot('09-after-disconnect');
  });

  it('explains to a view-only seat why it cannot connect, instead of showing the form', async () => {
    const viewer = {
      email: 'viewer@example.com',
      name: 'Vic Viewer',
      password: 'viewer-password-1',
    };
    await createUser(page, { ...viewer, role: 'USER', seat: 'VIEW_ONLY' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, viewer);
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    await page.getByText('Your seat is view-only').waitFor();
    expect(await page.getByRole('link', { name: 'Connect personal email' }).count()).toBe(0);

    await page.goto('/my-email/connect');
    await page.getByRole('heading', { level: 1, name: 'Connect personal email' }).waitFor();
    await page.getByRole('heading', { name: 'Your seat is view-only' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Email address' }).count()).toBe(0);
    await shot('11-view-only');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
