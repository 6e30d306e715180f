import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from './support/api.js';
import { descriptionOf, isFocused, launchChromium, screenshot, signIn } from './support/browser.js';
import { cleanEnv, startGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown } from './support/lifecycle.js';
import { gatewayDir } from './support/paths.js';

// The built console served by a real gateway (SQLite in a temp dir), driven by headless Chromium.
// Locators are by role and label only: if a control cannot be found that way, it is not accessible.

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
const user = { email: 'user@example.com', name: 'Uma User', password: 'user-password-1' };

const allowlistFile = `# Egress addresses for the console browser test
[eu-central] Europe (Frankfurt)
smtp  203.0.113.10
smtp  203.0.113.11
imap  203.0.113.0/28
https 2001:db8:10::/48

[us-east] US East (Virginia)
smtp  198.51.100.7
imap  198.51.100.0/29
https 2001:db8:20::1
https 203.0.113.10   # also used by eu-central: listed once in "all"
`;

/** allEntries: distinct, in data center, protocol (SMTP, IMAP, HTTPS) and file order. */
const expectedAllEntries = [
  '203.0.113.10',
  '203.0.113.11',
  '203.0.113.0/28',
  '2001:db8:10::/48',
  '198.51.100.7',
  '198.51.100.0/29',
  '2001:db8:20::1',
];

let tempDir: string;
let main: RunningGateway | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function clipboardText(): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

beforeAll(async () => {
  tempDir = await makeTestDir('console');
  const allowlistPath = join(tempDir, 'ip-allowlist.txt');
  await writeFile(allowlistPath, allowlistFile);
  main = await startGateway(tempDir, 'main', {
    INLET_ADMIN_EMAIL: admin.email,
    INLET_ADMIN_PASSWORD: admin.password,
    INLET_IP_ALLOWLIST_FILE: allowlistPath,
  });
  const baseUrl = main.url;

  browser = await launchChromium();
  context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(() => tearDown({ browser, dir: tempDir }));

reportFailures(
  () => ({ console: page }),
  () => main,
);

describe('console', () => {
  it('sends a signed-out visitor to sign-in, and refuses a wrong password', async () => {
    await page.goto('/domain-settings');
    await page.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/domain-settings');
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The email or password is not right.');
    await screenshot(page, '01-sign-in-failed');
  });

  it('signs an admin in and adds IMAP settings, showing a validation error next to its field first', async () => {
    await signIn(page, admin);
    await page.getByRole('heading', { level: 1, name: 'Domain settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/domain-settings');
    expect(await page.title()).toBe('Domain settings · Inlet');
    await page.getByRole('heading', { name: 'No domain settings yet' }).waitFor();

    const addButton = page.getByRole('main').getByRole('button', { name: 'Add domain' }).first();
    await addButton.click();
    const dialog = page.getByRole('dialog', { name: 'Add domain settings' });
    await dialog.waitFor();
    const domain = dialog.getByLabel('Domain', { exact: true });
    expect(await isFocused(domain)).toBe(true);

    await domain.fill('example.com');
    expect(await dialog.getByRole('radio', { name: 'IMAP and SMTP' }).isChecked()).toBe(true);
    await dialog.getByLabel('IMAP host').fill('imap.example.com');
    const imapPort = dialog.getByLabel('IMAP port');
    expect(await imapPort.inputValue()).toBe('993');
    // Changing the encryption suggests its usual port while the port is still the default.
    await dialog.getByLabel('IMAP security').selectOption('STARTTLS');
    expect(await imapPort.inputValue()).toBe('143');
    await dialog.getByLabel('IMAP security').selectOption('SSL_TLS');
    expect(await imapPort.inputValue()).toBe('993');
    await dialog.getByLabel('SMTP security').selectOption('STARTTLS');
    expect(await dialog.getByLabel('SMTP port').inputValue()).toBe('587');
    await dialog.getByLabel('SMTP host').fill('smtp.example.com');

    await imapPort.fill('70000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => imapPort.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(imapPort)).toContain('Enter a port from 1 to 65535.');
    await expect.poll(() => isFocused(imapPort)).toBe(true);
    expect(await dialog.getByLabel('IMAP host').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, '02-validation-error');

    await imapPort.fill('993');
    expect(await imapPort.getAttribute('aria-invalid')).toBeNull();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /example\.com/ });
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('IMAP');
    expect(rowText).toContain('imap.example.com:993');
    expect(rowText).toContain('smtp.example.com:587');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).textContent())
      .toContain('Saved the settings for example.com.');
    await expect.poll(() => isFocused(addButton)).toBe(true);
    await screenshot(page, '03-domain-saved');
  });

  it('refuses Exchange settings for a domain that has IMAP settings, and offers to edit those', async () => {
    const addButton = page.getByRole('main').getByRole('button', { name: 'Add domain' });
    await addButton.click();
    const dialog = page.getByRole('dialog', { name: 'Add domain settings' });
    await dialog.getByLabel('Domain', { exact: true }).fill('example.com');
    await dialog.getByRole('radio', { name: 'Exchange' }).check();
    expect(await dialog.getByLabel('IMAP host').count()).toBe(0);
    await dialog.getByLabel('Exchange URL').fill('https://mail.example.com/EWS/Exchange.asmx');
    await dialog.getByLabel('Usage').selectOption('EMAIL_AND_CALENDAR');
    await dialog.getByRole('button', { name: 'Save' }).click();

    const conflict = dialog.getByRole('alert');
    await expect
      .poll(() => conflict.textContent())
      .toContain('example.com already has IMAP settings');
    await screenshot(page, '04-conflict');

    await dialog.getByRole('button', { name: 'Edit the IMAP settings' }).click();
    const editDialog = page.getByRole('dialog', { name: 'Edit example.com' });
    await editDialog.waitFor();
    expect(await editDialog.getByLabel('IMAP host').inputValue()).toBe('imap.example.com');
    expect(await editDialog.getByLabel('SMTP port').inputValue()).toBe('587');
    await screenshot(page, '05-edit-existing');
    await page.keyboard.press('Escape');
    await editDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(addButton)).toBe(true);
  });

  it('adds Exchange settings, searches, and deletes them after confirmation', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Add domain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add domain settings' });
    await dialog.getByLabel('Domain', { exact: true }).fill('Example.ORG');
    await dialog.getByRole('radio', { name: 'Exchange' }).check();
    await dialog.getByLabel('Exchange URL').fill('https://mail.example.org/EWS/Exchange.asmx');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Edit example.org' }).waitFor();
    expect(await page.getByRole('row', { name: /example\.org/ }).textContent()).toContain(
      'https://mail.example.org/EWS/Exchange.asmx',
    );

    const search = page.getByLabel('Search domains');
    await search.fill('.org');
    await expect.poll(() => page.getByRole('button', { name: /^Edit example\./ }).count()).toBe(1);
    await search.fill('nothing-like-this');
    await page.getByRole('heading', { name: /No domains match/ }).waitFor();
    await search.fill('');
    await expect.poll(() => page.getByRole('button', { name: /^Edit example\./ }).count()).toBe(2);

    await page.getByRole('button', { name: 'Edit example.org' }).click();
    const editDialog = page.getByRole('dialog', { name: 'Edit example.org' });
    await editDialog.getByRole('button', { name: 'Delete…' }).click();
    await editDialog
      .getByRole('alert')
      .filter({ hasText: 'Delete the settings for example.org?' })
      .waitFor();
    await editDialog.getByRole('button', { name: 'Delete settings' }).click();
    await editDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('button', { name: 'Edit example.org' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit example.com' }).count()).toBe(1);
  });

  it("shows another admin's change live, through the graphql-ws subscription", async () => {
    // Created behind the console's back (its urql cache knows nothing): only the subscription can tell it.
    const created = await page.request.post('/graphql', {
      data: {
        query:
          'mutation ($input: DomainSettingsInput!) { createDomainSettings(input: $input) { __typename ... on ValidationFailed { message } } }',
        variables: {
          input: {
            domain: 'example.net',
            imap: {
              imapHost: 'mail.example.net',
              imapPort: 143,
              imapSecurity: 'STARTTLS',
              smtpHost: 'mail.example.net',
              smtpPort: 587,
              smtpSecurity: 'STARTTLS',
              allowInsecureCertificate: true,
            },
          },
        },
      },
    });
    expect(await created.json()).toEqual({
      data: { createDomainSettings: { __typename: 'DomainSettings' } },
    });
    await page.getByRole('button', { name: 'Edit example.net' }).waitFor();
    expect(await page.getByRole('row', { name: /example\.net/ }).textContent()).toContain(
      'Non-secure certificate allowed',
    );
    await screenshot(page, '06-domain-list-live');
  });

  it('lists the IP allowlist by data center and protocol and copies it in both formats', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'IP allowlist' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'IP allowlist' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ip-allowlist');
    await page.getByRole('heading', { level: 2, name: 'Europe (Frankfurt)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'US East (Virginia)' }).waitFor();

    const frankfurt = page.getByRole('region', { name: 'Europe (Frankfurt)' });
    expect(await frankfurt.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'SMTP',
      'IMAP',
      'HTTPS',
    ]);
    expect(
      await frankfurt.getByRole('listitem').filter({ hasText: '203.0.113.0/28' }).textContent(),
    ).toContain('16 addresses');
    expect(
      await frankfurt.getByRole('listitem').filter({ hasText: '2001:db8:10::/48' }).textContent(),
    ).toContain('2 to the power of 80 addresses');
    const virginia = page.getByRole('region', { name: 'US East (Virginia)' });
    expect(
      await virginia.getByRole('listitem').filter({ hasText: '198.51.100.0/29' }).textContent(),
    ).toContain('8 addresses');

    // By default the copied text is firewall rules: what each group is for, then one CIDR per line.
    const status = page.getByRole('status').filter({ hasText: /Copied|copying/ });
    expect(
      await page.getByRole('radio', { name: 'Firewall rules (CIDR with comments)' }).isChecked(),
    ).toBe(true);
    await page.getByRole('button', { name: 'Copy all addresses' }).click();
    await expect
      .poll(clipboardText)
      .toBe(
        [
          '# Inlet SMTP, Europe (Frankfurt)',
          '203.0.113.10/32',
          '203.0.113.11/32',
          '# Inlet IMAP, Europe (Frankfurt)',
          '203.0.113.0/28',
          '# Inlet HTTPS, Europe (Frankfurt)',
          '2001:db8:10::/48',
          '# Inlet SMTP, US East (Virginia)',
          '198.51.100.7/32',
          '# Inlet IMAP, US East (Virginia)',
          '198.51.100.0/29',
          '# Inlet HTTPS, US East (Virginia); also 203.0.113.10/32 (listed above)',
          '2001:db8:20::1/128',
        ].join('\n'),
      );
    await expect.poll(() => status.textContent()).toBe('Copied 7 entries, as firewall rules.');
    await screenshot(page, '07-ip-allowlist-copied-all');

    // One data center, and one protocol of it, each with its label.
    await page.getByRole('button', { name: 'Copy list: US East (Virginia)', exact: true }).click();
    await expect
      .poll(clipboardText)
      .toBe(
        [
          '# Inlet SMTP, US East (Virginia)',
          '198.51.100.7/32',
          '# Inlet IMAP, US East (Virginia)',
          '198.51.100.0/29',
          '# Inlet HTTPS, US East (Virginia)',
          '2001:db8:20::1/128',
          '203.0.113.10/32',
        ].join('\n'),
      );
    await expect
      .poll(() => status.textContent())
      .toBe('Copied 4 entries (US East (Virginia)), as firewall rules.');
    await page.getByRole('button', { name: 'Copy list: SMTP, Europe (Frankfurt)' }).click();
    await expect
      .poll(clipboardText)
      .toBe('# Inlet SMTP, Europe (Frankfurt)\n203.0.113.10/32\n203.0.113.11/32');

    await page.getByRole('radio', { name: 'One per line' }).check();
    await page.getByRole('button', { name: 'Copy all addresses' }).click();
    await expect.poll(clipboardText).toBe(expectedAllEntries.join('\n'));
    await expect.poll(() => status.textContent()).toBe('Copied 7 entries, one per line.');

    await page.getByRole('radio', { name: 'Comma-separated' }).check();
    await page.getByRole('button', { name: 'Copy list: SMTP, Europe (Frankfurt)' }).click();
    await expect.poll(clipboardText).toBe('203.0.113.10, 203.0.113.11');
    await expect
      .poll(() => status.textContent())
      .toBe('Copied 2 addresses (SMTP, Europe (Frankfurt)), comma-separated.');

    await page.getByRole('button', { name: 'Copy list: IMAP, US East (Virginia)' }).click();
    await expect.poll(clipboardText).toBe('198.51.100.0/29');

    await page.getByRole('button', { name: 'Copy 2001:db8:10::/48' }).click();
    await expect.poll(clipboardText).toBe('2001:db8:10::/48');
    await expect.poll(() => status.textContent()).toBe('Copied 2001:db8:10::/48.');

    await page.getByRole('button', { name: 'Copy all addresses' }).click();
    await expect.poll(clipboardText).toBe(expectedAllEntries.join(', '));
    await screenshot(page, '08-ip-allowlist-comma-separated');
  });

  it('signs out to the sign-in page, and shows a USER neither Domain settings nor Connected emails', async () => {
    // The super admin creates a USER through the same API the console uses (the context holds the admin's session).
    await createUser(page, { ...user, role: 'USER' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    await signIn(page, user);
    await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/my-email');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'IP allowlist',
      'My email',
      'My account',
      'Contacts',
      'Sequences',
    ]);
    await page.getByRole('heading', { name: 'No inbox connected yet' }).waitFor();
    await screenshot(page, '09-user-my-email');

    await page.goto('/domain-settings');
    await page.getByRole('heading', { name: 'Only admins can open this page' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add domain' }).count()).toBe(0);
  });

  it("sends the user back to sign-in when the session ends behind the console's back", async () => {
    // The console still believes it is signed in; the next query meets UNAUTHENTICATED and the urql exchange reacts.
    await context.clearCookies();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'IP allowlist' })
      .click();
    await page.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/ip-allowlist');
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await signIn(page, user);
    await page.getByRole('heading', { level: 1, name: 'IP allowlist' }).waitFor();
  });

  it('guides the first run: create the first admin, sign in, honest empty states without an allowlist file', async () => {
    const firstRun = await startGateway(tempDir, 'first-run', {});
    const visitor = await browser!.newPage();
    try {
      visitor.setDefaultTimeout(10_000);
      visitor.on('pageerror', (error) => pageErrors.push(error.message));
      await visitor.goto(`${firstRun.url}/connected-emails`);
      await visitor.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
      const note = visitor.getByRole('status').filter({ hasText: 'No one can sign in yet' });
      await note.waitFor();
      const text = await note.textContent();
      expect(text).toContain('npm run create-admin -- --email you@example.com');
      expect(text).toContain('INLET_ADMIN_EMAIL');
      expect(text).toContain('INLET_ADMIN_PASSWORD');
      await screenshot(visitor, '10-first-run');

      // Do what the page says, then reload it.
      await promisify(execFile)(
        process.execPath,
        [
          '--conditions=@inlet/source',
          '--import',
          'tsx',
          join(gatewayDir, 'src/cli/create-admin.ts'),
          '--email',
          'first@example.com',
        ],
        {
          cwd: gatewayDir,
          env: {
            ...cleanEnv(),
            INLET_DATA_DIR: firstRun.dataDir,
            INLET_ADMIN_PASSWORD: 'first-admin-pass-1',
            LOG_LEVEL: 'warn',
          },
        },
      );
      await visitor.reload();
      await visitor.getByLabel('Email').waitFor();
      expect(await visitor.getByText('No one can sign in yet').count()).toBe(0);
      await visitor.getByLabel('Email').fill('first@example.com');
      await visitor.getByLabel('Password').fill('first-admin-pass-1');
      await visitor.getByRole('button', { name: 'Sign in' }).click();
      await visitor.getByRole('heading', { level: 1, name: 'Connected emails' }).waitFor();
      await visitor.getByRole('heading', { name: 'No inbox is connected yet' }).waitFor();

      await visitor.getByRole('link', { name: 'IP allowlist' }).click();
      await visitor.getByRole('heading', { name: 'No IP allowlist is configured' }).waitFor();
      expect(await visitor.getByRole('main').textContent()).toContain('INLET_IP_ALLOWLIST_FILE');
      expect(await visitor.getByRole('button', { name: 'Copy all addresses' }).count()).toBe(0);
      await screenshot(visitor, '11-ip-allowlist-not-configured');
    } finally {
      await visitor.close();
      await firstRun.stop();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
