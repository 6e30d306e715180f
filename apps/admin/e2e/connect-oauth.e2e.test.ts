import {
  freePort,
  startDovecot,
  startOAuthTestProvider,
  startSmtpServer,
  type DovecotServer,
  type OAuthTestProvider,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest, launchChromium, screenshotFromTop, signInAt } from './support/browser.js';
import { enterAddress, myEmailCard } from './support/connect-email.js';
import { loopbackAllowed, startTestGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown, writeCaFile } from './support/lifecycle.js';

// "Connect with Google" end to end: the built console, a real gateway, the OAuth test provider from
// @inlet/providers/testing playing Google (authorization code + PKCE over HTTPS), a Dovecot that checks
// XOAUTH2 tokens at the provider's introspection endpoint, and an SMTP server that does the same.
//
// The test provider has no sign-in page of its own: its /interaction/<uid> URL only takes the POST of
// the account and the decision (its `authorize()` helper posts it without a browser). So the browser
// gets a plain HTML sign-in form for GET /interaction/<uid> from a Playwright route below; the form
// posts to the real provider with the browser's own provider cookies, and everything after that
// (consent result, redirect to the gateway's /oauth/callback, redirect back to the console) is real.

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
const jane = 'jane@gmail.test';
const max = 'max@gmail.test';
const joe = 'joe@gmail.test';

let tempDir: string | undefined;
let google: OAuthTestProvider | undefined;
let gmailImap: DovecotServer | undefined;
let smtp: SmtpTestServer | undefined;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshotFromTop(page, `oauth-${name}`);

/** The dialogs the page opens from now on ("type: message"), answered with `answer()` (true: OK / Leave). */
function recordDialogs(answer: () => boolean): { seen: string[]; stop(): void } {
  const seen: string[] = [];
  const onDialog = (dialog: Dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void (answer() ? dialog.accept() : dialog.dismiss());
  };
  page.on('dialog', onDialog);
  return { seen, stop: () => page.off('dialog', onDialog) };
}

/** The test provider's sign-in page, as Google would show it: which account, then Allow or Deny. */
function signInPage(action: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - Test Google</title></head><body>
<main><h1>Sign in with Test Google</h1>
<form method="post" action="${action}">
<label for="email">Account</label> <input id="email" name="email" type="email" autocomplete="off">
<p>Inlet wants to read, send and organise your mail.</p>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></main></body></html>`;
}

/**
 * Address step -> "Connect with Google". A *.test address is not detected as Gmail (no MX, not a known
 * domain): detection guesses IMAP servers, so the user types Gmail's IMAP server, and the gateway refuses
 * the password with USE_OAUTH, offering "Connect with Google" right there. (The provider step's button,
 * shown for a detected Gmail address, is covered by connect-imap.e2e.test.ts.)
 */
async function connectWithGoogle(email: string, screenshotName?: string): Promise<void> {
  await enterAddress(page, email);
  await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill('not-used-password');
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByLabel('IMAP host').fill('imap.gmail.com');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const refusal = page
    .getByRole('alert')
    .filter({ hasText: 'connect it with Google instead of a password' });
  await refusal.waitFor();
  if (screenshotName) await shot(screenshotName);
  await refusal.getByRole('button', { name: 'Connect with Google' }).click();
}

/** On the provider's sign-in page: sign in as `account` and allow. */
async function signInAtProvider(account: string): Promise<void> {
  // The provider redirects /auth -> /interaction/<uid>; Playwright routes do not see redirected requests,
  // so the test opens that URL once more (same browser, same provider cookies) to get the form.
  await page.waitForURL(
    (url) =>
      url.origin === new URL(google!.issuer).origin && url.pathname.startsWith('/interaction/'),
  );
  await page.goto(page.url());
  await page.getByRole('heading', { name: 'Sign in with Test Google' }).waitFor();
  expect(new URL(page.url()).origin).toBe(new URL(google!.issuer).origin);
  await page.getByLabel('Account').fill(account);
  await shot(`provider-sign-in-${account.split('@')[0]}`);
  await page.getByRole('button', { name: 'Allow' }).click();
}

beforeAll(async () => {
  tempDir = await makeTestDir('oauth');
  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;

  google = await startOAuthTestProvider({
    flavor: 'GOOGLE',
    redirectUris: [`${gatewayUrl}/oauth/callback`],
    accounts: [{ email: jane }, { email: max }, { email: joe }],
  });
  const op = google;
  [gmailImap, smtp] = await Promise.all([
    startDovecot({
      oauth2: {
        introspectionUrl: op.introspectionHttpUrl,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        usernameAttribute: 'sub',
      },
    }),
    startSmtpServer({
      oauth2: { verify: async (user, token) => (await op.introspect(token)).sub === user },
    }),
  ]);
  const caFile = await writeCaFile(tempDir, [op.ca, gmailImap.ca, smtp.ca]);
  gateway = await startTestGateway(tempDir, {
    admin,
    caFile,
    // The redirect URI the gateway sends to the provider is its own /oauth/callback.
    settings: { ...loopbackAllowed, PORT: String(port), INLET_PUBLIC_URL: gatewayUrl },
  });

  browser = await launchChromium();
  // The provider's HTTPS certificate is from a test CA the browser does not know.
  context = await browser.newContext({
    baseURL: gateway.url,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    ignoreHTTPSErrors: true,
  });
  await context.route(`${op.issuer}/interaction/**`, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    await route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: signInPage(route.request().url()),
    });
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(() =>
  tearDown({
    browser,
    stop: () =>
      Promise.all([google?.stop(), gmailImap?.stop(), smtp?.stop()].map((p) => p?.catch(() => {}))),
    dir: tempDir,
  }),
);

reportFailures(
  () => ({ oauth: page }),
  () => gateway,
);

describe('connect Gmail with Google sign-in', () => {
  it('signs the super admin in and configures the Google OAuth app (OAuth apps page, endpoints over the API)', async () => {
    await signInAt(page, '/my-email', admin);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'OAuth apps' }).click();
    await page.getByRole('heading', { level: 1, name: 'OAuth apps' }).waitFor();
    const googleForm = page.getByRole('form', { name: 'Google' });
    await googleForm.getByText('Not configured').first().waitFor();
    expect(await googleForm.textContent()).toContain(`${gateway!.url}/oauth/callback`);
    // The secret is required: an inline error, next to the field.
    await googleForm.getByLabel('Client ID').fill(google!.clientId);
    await googleForm.getByRole('button', { name: 'Save Google' }).click();
    const secret = googleForm.getByLabel('Client secret');
    await expect.poll(() => secret.getAttribute('aria-invalid')).toBe('true');
    await secret.fill(google!.clientSecret);
    await googleForm.getByRole('button', { name: 'Save Google' }).click();
    await googleForm.getByRole('status').filter({ hasText: 'Google OAuth app saved.' }).waitFor();
    await googleForm.getByText('Configured', { exact: true }).waitFor();
    expect(await secret.inputValue()).toBe('');
    expect(await page.content()).not.toContain(google!.clientSecret);
    await shot('01-oauth-apps');

    // The test provider's endpoints and the test mail servers (the page only edits the client ID and secret).
    const saved = await graphqlRequest(
      page,
      'mutation ($c: String!, $s: String!, $e: OAuthEndpointsInput) { setOAuthApp(provider: GOOGLE, clientId: $c, clientSecret: $s, endpoints: $e) { __typename } }',
      {
        c: google!.clientId,
        s: google!.clientSecret,
        e: {
          authorizationUrl: google!.authorizationUrl,
          codeExchangeUrl: google!.tokenUrl,
          userinfoUrl: google!.userinfoUrl,
          sendAsUrl: google!.sendAsUrl,
          imapHost: 'localhost',
          imapPort: gmailImap!.imapsPort,
          smtpHost: 'localhost',
          smtpPort: smtp!.submissionPort,
        },
      },
    );
    expect(saved).toEqual({ data: { setOAuthApp: { __typename: 'OAuthApp' } } });
  });

  it('asks before leaving a connect form with a typed address and password (link, back, reload); a clean form leaves at once', async () => {
    let leave = false;
    const dialogs = recordDialogs(() => leave);
    try {
      const address = 'ada@typed.test';
      await enterAddress(page, address);
      await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
      const password = page.getByLabel('Password', { exact: true });
      await password.fill('typed-password');
      const typed = async () => ({
        path: new URL(page.url()).pathname,
        email: await page.getByRole('textbox', { name: 'Email address' }).inputValue(),
        password: await password.inputValue(),
      });
      const kept = { path: '/my-email/connect', email: address, password: 'typed-password' };
      const question =
        'confirm: Leave this page? The email address and password you typed are not saved.';
      const nav = page.getByRole('navigation', { name: 'Main' });

      // A menu link: asked; "Cancel" keeps the form and what was typed.
      await nav.getByRole('link', { name: 'Contacts' }).click();
      await expect.poll(() => dialogs.seen).toEqual([question]);
      expect(await typed()).toEqual(kept);

      // The browser's back button: asked too; cancelled, the URL and the form stay.
      await page.evaluate(() => window.history.back());
      await expect.poll(() => dialogs.seen).toEqual([question, question]);
      await expect.poll(typed).toEqual(kept);

      // Reload (or closing the tab): the browser asks its own question.
      void page.evaluate(() => window.location.reload()).catch(() => {});
      await expect.poll(() => dialogs.seen.length).toBe(3);
      expect(dialogs.seen[2]).toMatch(/^beforeunload: /);
      expect(await typed()).toEqual(kept);

      // "OK": leaves.
      leave = true;
      await nav.getByRole('link', { name: 'Contacts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
      expect(dialogs.seen).toHaveLength(4);
      expect(dialogs.seen[3]).toBe(question);

      // Nothing typed: the connect page leaves without asking, by a link and by back.
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Connect personal email' }).waitFor();
      await nav.getByRole('link', { name: 'Contacts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Connect personal email' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
      expect(dialogs.seen).toHaveLength(4);
    } finally {
      dialogs.stop();
    }
  });

  it('asks before discarding a submitted address with nothing typed after it (link, reload, and back at the address step)', async () => {
    let leave = false;
    const dialogs = recordDialogs(() => leave);
    try {
      const address = 'bea@typed.test';
      await enterAddress(page, address);
      await page.getByRole('heading', { level: 2, name: 'Sign in to your mailbox' }).waitFor();
      const question =
        'confirm: Leave this page? The email address and password you typed are not saved.';
      const nav = page.getByRole('navigation', { name: 'Main' });
      const emailField = page.getByRole('textbox', { name: 'Email address' });

      // The sign-in form, nothing typed in it: a menu link asks; "Cancel" keeps the address.
      await nav.getByRole('link', { name: 'Contacts' }).click();
      await expect.poll(() => dialogs.seen).toEqual([question]);
      expect(new URL(page.url()).pathname).toBe('/my-email/connect');
      expect(await emailField.inputValue()).toBe(address);

      // Reload (or closing the tab): the browser asks its own question.
      void page.evaluate(() => window.location.reload()).catch(() => {});
      await expect.poll(() => dialogs.seen.length).toBe(2);
      expect(dialogs.seen[1]).toMatch(/^beforeunload: /);
      expect(await emailField.inputValue()).toBe(address);

      // Back at the address step with the submitted address: still asked.
      await page.getByRole('button', { name: 'Change email address' }).click();
      await page.getByRole('heading', { level: 2, name: 'Your email address' }).waitFor();
      expect(await emailField.inputValue()).toBe(address);
      await nav.getByRole('link', { name: 'Contacts' }).click();
      await expect.poll(() => dialogs.seen).toEqual([question, dialogs.seen[1], question]);
      expect(await emailField.inputValue()).toBe(address);

      // "OK": leaves.
      leave = true;
      await nav.getByRole('link', { name: 'Contacts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
      expect(dialogs.seen).toHaveLength(4);
    } finally {
      dialogs.stop();
    }
  });

  it('connects: USE_OAUTH -> Connect with Google -> the provider sign-in -> back on My email, connected', async () => {
    // The redirect to Google leaves a form with a typed password on purpose: nothing asks.
    const dialogs = recordDialogs(() => false);
    try {
      await connectWithGoogle(jane, '02-use-google');
      await signInAtProvider(jane);
    } finally {
      dialogs.stop();
    }
    expect(dialogs.seen).toEqual([]);

    await page.waitForURL(
      (url) => url.pathname === '/my-email' && url.searchParams.has('connected'),
    );
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Connected ${jane}.` })
      .waitFor();
    const card = myEmailCard(page, jane);
    await card.waitFor();
    expect(await card.textContent()).toContain('Google');
    // The first sync logs in to Dovecot with XOAUTH2 and the status turns Connected.
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('Status: Connected');
    expect(await card.getByRole('button', { name: `Reconnect ${jane}` }).isDisabled()).toBe(false);
    await shot('03-connected');
  });

  it('says who the user signed in as when it is the wrong account, and Try again signs in for the same address', async () => {
    await context.clearCookies({ domain: 'localhost' });
    await connectWithGoogle(max);
    await signInAtProvider(joe);

    await page.waitForURL(
      (url) =>
        url.pathname === '/my-email/connect' &&
        url.searchParams.get('oauthError') === 'OAUTH_WRONG_ACCOUNT',
    );
    const notice = page.getByRole('alert').filter({ hasText: 'You signed in as joe@gmail.test' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`sign in as ${max}`);
    await shot('04-wrong-account');

    // Try again starts a new sign-in for the same address.
    const authorization = page.waitForRequest((request) =>
      request.url().startsWith(`${google!.authorizationUrl}?`),
    );
    await notice.getByRole('button', { name: 'Try again' }).click();
    expect(new URL((await authorization).url()).searchParams.get('login_hint')).toBe(max);
    await signInAtProvider(max);
    await page.waitForURL(
      (url) => url.pathname === '/my-email' && url.searchParams.has('connected'),
    );
    await page
      .getByRole('status')
      .filter({ hasText: `Connected ${max}.` })
      .waitFor();
    await shot('05-connected-after-try-again');
    await page.goto('/my-email');
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
