import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from './support/api.js';
import {
  descriptionOf,
  graphqlRequest,
  launchChromium,
  openConsolePage,
  screenshot,
  screenshotFromTop,
  signIn,
  signInAt,
} from './support/browser.js';
import { startGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown } from './support/lifecycle.js';

// Issue 14, items 2 and 3: an admin's change to a signed-in user's seat or role reaches the user's
// open console without a reload, and the console says why what a view-only seat cannot do is
// unavailable; the user manages their own name, password and sessions on My account.

const owner = { email: 'owner@example.com', password: 'correct-horse-1' };
const lia = { name: 'Lia Live', email: 'lia@example.com', password: 'lia-password-12' };

let tempDir: string;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let admin: Page;
let user: Page;
let elsewhere: Page | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  tempDir = await makeTestDir('account');
  gateway = await startGateway(tempDir, 'main', {
    INLET_ADMIN_EMAIL: owner.email,
    INLET_ADMIN_PASSWORD: owner.password,
  });
  browser = await launchChromium();
  admin = await openConsolePage(browser, gateway.url, pageErrors);
  user = await openConsolePage(browser, gateway.url, pageErrors);
});

afterAll(() => tearDown({ browser, dir: tempDir }));

reportFailures(
  () => ({ admin, user, elsewhere }),
  () => gateway,
);

const row = (p: Page, name: string) =>
  p.getByRole('row').filter({ has: p.getByRole('rowheader', { name: new RegExp(name) }) });
const nav = (p: Page) => p.getByRole('navigation', { name: 'Main' });
const pageStatus = (p: Page, text: string) => p.getByRole('status').filter({ hasText: text });

/** A poll as long as a locator's wait: the gateway hashes passwords slowly on a busy machine. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Marks the page's JavaScript realm: still marked later means the page was not reloaded. */
const mark = (p: Page) => p.evaluate(() => ((window as { liveMark?: number }).liveMark = 1));
const stillMarked = (p: Page) => p.evaluate(() => (window as { liveMark?: number }).liveMark);

describe('live access', () => {
  it("changes a signed-in user's seat: their open console says at once what they can no longer do", async () => {
    await signInAt(admin, '/team', owner);
    await createUser(admin, { ...lia, role: 'USER', seat: 'FULL' });
    await signInAt(user, '/contacts', lia);
    await user.getByRole('button', { name: 'New email' }).click();
    const compose = user.getByRole('form', { name: 'New email' });
    await compose.getByLabel('Subject').fill('Draft kept');
    await mark(user);

    await admin.reload();
    await row(admin, lia.email).getByLabel(`Seat of ${lia.name}`).selectOption('VIEW_ONLY');
    await pageStatus(admin, `${lia.name} now has a view only seat.`).waitFor();

    // Without a reload: the header, a status line, and the open compose panel change.
    await eventually(() => user.getByRole('banner').textContent()).toContain('View only seat');
    await pageStatus(
      user,
      'An admin changed your access: you now have a view only seat.',
    ).waitFor();
    await user
      .getByText('A view-only seat can read contacts and timelines but cannot send')
      .waitFor();
    expect(await compose.count()).toBe(0);
    expect(await stillMarked(user)).toBe(1);
    await screenshot(user, 'account-01-seat-turned-view-only');

    // Back to a full seat: the form returns, still holding the draft.
    const seat = row(admin, lia.email).getByLabel(`Seat of ${lia.name}`);
    await seat.selectOption('FULL');
    await eventually(() => compose.getByLabel('Subject').inputValue()).toBe('Draft kept');

    // Connecting says why it is unavailable, where the button is, and comes back with the seat.
    await seat.selectOption('VIEW_ONLY');
    await pageStatus(admin, `${lia.name} now has a view only seat.`).waitFor();
    await user.getByRole('button', { name: 'Close' }).click();
    await nav(user).getByRole('link', { name: 'My email' }).click();
    const connect = user.getByRole('button', { name: 'Connect personal email' });
    await eventually(() => connect.isDisabled()).toBe(true);
    expect(await descriptionOf(connect)).toContain('cannot connect an inbox or send email');
    await screenshot(user, 'account-02-connect-unavailable');
    await seat.selectOption('FULL');
    await user.getByRole('link', { name: 'Connect personal email' }).first().waitFor();
    expect(await connect.count()).toBe(0);
    expect(await stillMarked(user)).toBe(1);
  });

  it('changes their role: the navigation follows without a reload', async () => {
    expect(await nav(user).getByRole('link', { name: 'Team' }).count()).toBe(0);
    await row(admin, lia.email).getByLabel(`Role of ${lia.name}`).selectOption('ADMIN');
    await nav(user).getByRole('link', { name: 'Team' }).waitFor();
    await eventually(() => user.getByRole('banner').textContent()).toContain('Admin');
    await row(admin, lia.email).getByLabel(`Role of ${lia.name}`).selectOption('USER');
    await eventually(() => nav(user).getByRole('link', { name: 'Team' }).count()).toBe(0);
    expect(await stillMarked(user)).toBe(1);
  });
});

describe('my account', () => {
  it('changes my name; the header follows', async () => {
    await nav(user).getByRole('link', { name: 'My account' }).click();
    await user.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(await user.title()).toBe('My account · Inlet');
    const form = user.getByRole('form', { name: 'Your name' });
    await form.getByLabel('Name').fill('Lia Renamed');
    await form.getByRole('button', { name: 'Save name' }).click();
    await pageStatus(user, 'Your name is now Lia Renamed.').waitFor();
    await eventually(() => user.getByRole('banner').textContent()).toContain('Lia Renamed');
  });

  it('lists where I am signed in, and signs out another browser, which goes to sign-in saying why', async () => {
    elsewhere = await openConsolePage(browser!, gateway!.url, pageErrors, {
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    });
    await signInAt(elsewhere, '/my-email', lia);
    await user.reload();
    const current = row(user, 'This browser');
    const windows = row(user, 'Chrome 131 on Windows');
    await windows.waitFor();
    expect(await current.textContent()).toMatch(/Headless Chrome \d+ on Linux/);
    const sessions = user.getByRole('table').filter({ hasText: 'Signed in' });
    expect(await sessions.getByRole('rowheader').count()).toBe(2);
    await screenshotFromTop(user, 'account-03-sessions');

    await windows.getByRole('button', { name: /^Sign out Chrome 131 on Windows/ }).click();
    await pageStatus(user, 'Signed out Chrome 131 on Windows.').waitFor();
    await elsewhere.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
    await pageStatus(
      elsewhere,
      'This session was ended from My account in another browser.',
    ).waitFor();
    await windows.waitFor({ state: 'detached' });
    expect(await sessions.getByRole('rowheader').count()).toBe(1);
  });

  it('changes my password with the current one; my other browser is signed out, this one stays', async () => {
    await signIn(elsewhere!, lia);
    await user.reload();
    const form = user.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill('lia-new-password-3');
    await form.getByLabel('Repeat the new password').fill('lia-new-password-3');
    await form.getByRole('button', { name: 'Change password' }).click();
    const currentField = form.getByLabel('Current password');
    await eventually(() => currentField.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(currentField)).toContain('This is not your current password.');

    await currentField.fill(lia.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await pageStatus(user, 'Your password is changed. 1 other session was signed out.').waitFor();
    await elsewhere!.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
    await pageStatus(elsewhere!, 'Your password was changed in another browser').waitFor();
    expect(await user.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(1);
    await screenshotFromTop(user, 'account-04-password-changed');

    // The new password signs in; "Sign out everywhere else" ends that session too.
    await signIn(elsewhere!, { email: lia.email, password: 'lia-new-password-3' });
    await user.reload();
    await user.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await pageStatus(user, 'Signed out 1 other session.').waitFor();
    await pageStatus(elsewhere!, 'You signed out of this browser from another one.').waitFor();
  });

  it('lists my API tokens with their last use, and revokes one', async () => {
    const created = (await graphqlRequest(
      user,
      'mutation { createApiToken(input: { name: "crm-sync", scope: READ }) { ... on ApiTokenCreated { secret } } }',
    )) as { data: { createApiToken: { secret: string } } };
    const used = await fetch(`${gateway!.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${created.data.createApiToken.secret}`,
      },
      body: JSON.stringify({ query: '{ viewer { user { email } } }' }),
    });
    expect(used.status).toBe(200);
    await user.reload();
    const token = row(user, 'crm-sync');
    await eventually(() => token.getByRole('cell').nth(2).textContent()).not.toBe('Never');
    await token.getByRole('button', { name: 'Revoke the API token crm-sync' }).click();
    await pageStatus(user, 'Revoked the API token crm-sync.').waitFor();
    await token.getByText('Revoked', { exact: true }).waitFor();
  });

  it("puts the user's own changes in the audit log", async () => {
    await admin.goto('/audit-log');
    await admin.getByLabel('Action').selectOption('user.changePassword');
    await eventually(() => admin.getByRole('table').textContent()).toContain(
      'Changed their password',
    );
    expect(await admin.getByRole('table').textContent()).not.toContain('lia-new-password-3');
    await admin.getByLabel('Action').selectOption('session.revoke');
    await eventually(() => admin.getByRole('table').textContent()).toContain(
      'Ended one of their sessions',
    );
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
