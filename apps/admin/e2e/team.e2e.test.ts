import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  descriptionOf,
  isFocused,
  launchChromium,
  openConsolePage,
  screenshot,
  screenshotFromTop,
  signInAt,
} from './support/browser.js';
import { startGateway, testEngines, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown } from './support/lifecycle.js';

// Team administration in the console (issue 14): a super admin adds a colleague, changes their seat
// in place, and finds the change in the audit log; an admin may not touch a super admin. On SQLite and
// on PostgreSQL: a gateway each, Chromium shared.

const superAdmin = { email: 'owner@example.com', password: 'correct-horse-1' };
const colleague = {
  name: 'Cleo Colleague',
  email: 'cleo@example.com',
  password: 'cleo-password-1',
};

let tempDir: string;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let page: Page;
let colleaguePage: Page | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  tempDir = await makeTestDir('team');
  browser = await launchChromium();
});

afterAll(() => tearDown({ browser, dir: tempDir }));

reportFailures(
  () => ({ admin: page, colleague: colleaguePage }),
  () => gateway,
);

const row = (p: Page, name: string) =>
  p.getByRole('row').filter({ has: p.getByRole('rowheader', { name: new RegExp(name) }) });
const status = (p: Page) => p.getByRole('status').filter({ hasText: /\S/ }).first();
/** expect.poll with room for a loaded machine (and PostgreSQL's slower writes): 10 s unless told. */
const eventually = <T>(
  read: () => T | Promise<T>,
  options: { timeout: number } = { timeout: 10_000 },
) => expect.poll(read, options);

describe.each(await testEngines())('team administration on %s', (engine) => {
  beforeAll(async () => {
    gateway = await startGateway(
      tempDir,
      engine,
      {
        INLET_ADMIN_EMAIL: superAdmin.email,
        INLET_ADMIN_PASSWORD: superAdmin.password,
      },
      { engine },
    );
    page = await openConsolePage(browser!, gateway.url, pageErrors);
  });

  afterAll(async () => {
    await page?.context().close();
    await colleaguePage?.context().close();
    colleaguePage = undefined;
    await gateway?.stop();
    gateway = undefined;
  });

  it('adds a colleague, checking the form before asking the gateway', async () => {
    await signInAt(page, '/team', superAdmin);
    await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    expect(await page.title()).toBe('Team · Inlet');
    await row(page, 'owner@example.com').waitFor();

    const form = page.getByRole('form', { name: 'Add a colleague' });
    await form.getByLabel('Name').fill(colleague.name);
    await form.getByLabel('Email').fill(colleague.email);
    const password = form.getByLabel('Password');
    await password.fill('short');
    await form.getByRole('button', { name: 'Add colleague' }).click();
    await eventually(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(password)).toContain('Use at least 10 characters.');
    await eventually(() => isFocused(password)).toBe(true);
    await screenshot(page, 'team-01-password-too-short');

    await password.fill(colleague.password);
    await form.getByLabel('Role').selectOption('USER');
    await form.getByRole('button', { name: 'Add colleague' }).click();
    // Hashing the password takes seconds on a busy machine: longer than a poll's default second.
    await eventually(() => status(page).textContent(), { timeout: 15_000 }).toContain(
      `Added ${colleague.name} (${colleague.email}).`,
    );
    const added = row(page, colleague.email);
    await added.waitFor();
    expect(await added.getByLabel(`Role of ${colleague.name}`).inputValue()).toBe('USER');
    expect(await added.getByLabel(`Seat of ${colleague.name}`).inputValue()).toBe('FULL');
    expect(await added.getByRole('cell').nth(2).textContent()).toBe('0');
    expect(await form.getByLabel('Name').inputValue()).toBe('');

    // The same address again: the gateway's answer lands next to the field.
    await form.getByLabel('Name').fill('Someone Else');
    await form.getByLabel('Email').fill(colleague.email);
    await form.getByLabel('Password').fill('another-password-1');
    await form.getByRole('button', { name: 'Add colleague' }).click();
    const email = form.getByLabel('Email');
    await eventually(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(email)).toContain('A user with this email already exists.');
    await screenshot(page, 'team-02-colleague-added');
  });

  it("changes the colleague's seat in place, and refuses to demote the last super admin with the reason", async () => {
    const added = row(page, colleague.email);
    await added.getByLabel(`Seat of ${colleague.name}`).selectOption('VIEW_ONLY');
    await eventually(() => status(page).textContent()).toBe(
      `${colleague.name} now has a view only seat.`,
    );
    await page.reload();
    await eventually(() =>
      row(page, colleague.email).getByLabel(`Seat of ${colleague.name}`).inputValue(),
    ).toBe('VIEW_ONLY');

    const owner = row(page, superAdmin.email);
    const ownerRole = owner.getByRole('combobox', { name: /^Role of / });
    await ownerRole.selectOption('ADMIN');
    await eventually(() => ownerRole.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(ownerRole)).toContain('Keep at least one super admin');
    expect(await ownerRole.inputValue()).toBe('SUPER_ADMIN');
    await screenshot(page, 'team-03-seat-changed-last-super-admin-kept');
  });

  it('shows the seat change in the audit log, filtered by action', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').selectOption('user.update');
    const entries = page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasText: 'Changed role or seat' });
    await eventually(() => entries.count()).toBe(1);
    const text = await entries.first().textContent();
    expect(text).toContain(`owner@example.com`);
    expect(text).toContain('seat: FULL → VIEW_ONLY');
    expect(text).not.toContain('role:');
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'entries' }).textContent(),
    ).toBe('1 of 1 entries');
    await screenshot(page, 'team-04-audit-log-user-update');

    // Who and when narrow it further: the owner did it today, not the colleague, and not before today.
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    await page.getByLabel('Who').selectOption({ label: `${colleague.name} (${colleague.email})` });
    await page.getByRole('heading', { name: 'No entries match these filters' }).waitFor();
    await page.getByLabel('Who').selectOption({ label: `owner (${superAdmin.email})` });
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To').fill(today);
    await eventually(() => entries.count()).toBe(1);
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await page.getByRole('heading', { name: 'No entries match these filters' }).waitFor();
    await page.getByLabel('From').fill('');
    await page.getByLabel('To').fill('');
    await page.getByLabel('Who').selectOption({ label: 'Anyone' });

    await page.getByLabel('Action').selectOption('user.create');
    await eventually(() => page.getByRole('table').textContent()).toContain(
      `email: ${colleague.email}`,
    );
    expect(await page.getByRole('table').textContent()).not.toContain(colleague.password);
  });

  it('pages the audit log with Load more', async () => {
    // 26 sign-ins as the colleague and the owner's own: 27, more than one page of 25.
    colleaguePage = await openConsolePage(browser!, gateway!.url, pageErrors);
    for (let i = 0; i < 26; i++) {
      const response = await colleaguePage.request.post('/graphql', {
        data: {
          query:
            'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }',
          variables: { e: colleague.email, p: colleague.password },
        },
      });
      expect(await response.json()).toEqual({ data: { signIn: { __typename: 'Viewer' } } });
    }
    await page.getByLabel('Action').selectOption('signIn.succeeded');
    const counter = page.getByRole('status').filter({ hasText: 'entries' });
    await eventually(() => counter.textContent()).toBe('25 of 27 entries');
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(() => counter.textContent()).toBe('27 of 27 entries');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  }, 150_000);

  it('shows an admin which users they may change (not a super admin) and no Add a colleague form', async () => {
    await page.goto('/team');
    await row(page, colleague.email).getByLabel(`Role of ${colleague.name}`).selectOption('ADMIN');
    await eventually(() => status(page).textContent()).toBe(`${colleague.name} is now Admin.`);

    // The colleague's context holds the session of their last sign-in above; their new role applies at once.
    await colleaguePage!.goto('/team');
    await colleaguePage!.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    const ownerRole = row(colleaguePage!, superAdmin.email).getByRole('combobox', {
      name: /^Role of /,
    });
    expect(await ownerRole.isDisabled()).toBe(true);
    expect(await descriptionOf(ownerRole)).toContain(
      'Only a super admin may change a super admin.',
    );
    const ownRole = row(colleaguePage!, colleague.email).getByLabel(`Role of ${colleague.name}`);
    expect(await ownRole.locator('option').allTextContents()).toEqual(['Admin', 'User']);
    expect(await colleaguePage!.getByRole('form', { name: 'Add a colleague' }).count()).toBe(0);
    await colleaguePage!.getByText('Only a super admin adds colleagues.').waitFor();
    await screenshot(colleaguePage!, 'team-05-admin-view');
  });

  it('deactivates the colleague: their open console goes to sign-in, which refuses them, until reactivated', async () => {
    await page.goto('/team');
    const cleo = row(page, colleague.email);
    expect(
      await row(page, superAdmin.email)
        .getByRole('button', { name: /^Deactivate/ })
        .count(),
    ).toBe(0);
    await cleo.getByRole('button', { name: `Deactivate ${colleague.name}` }).click();
    await eventually(() => status(page).textContent(), { timeout: 15_000 }).toContain(
      `${colleague.name} is deactivated`,
    );
    await cleo.getByText('Deactivated', { exact: true }).waitFor();
    await screenshot(page, 'team-06-deactivated');
    const shown = page.getByRole('status').filter({ hasText: / users?( match)?$/ });
    await page.getByLabel('Status').selectOption('DEACTIVATED');
    await eventually(() => shown.textContent()).toBe('1 of 2 users match');
    expect(await page.getByRole('rowheader').allTextContents()).toEqual([
      expect.stringContaining(colleague.name),
    ]);
    await page.getByLabel('Status').selectOption('ALL');
    await page.getByLabel('Search users').fill('OWNER@');
    await eventually(() => page.getByRole('rowheader').allTextContents()).toEqual([
      expect.stringContaining(superAdmin.email),
    ]);
    await page.getByLabel('Search users').fill('');
    await eventually(() => shown.textContent()).toBe('2 users');

    // The colleague's open console ends at once, without a click or a reload, and says why.
    await colleaguePage!.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
    await eventually(() =>
      colleaguePage!.getByRole('status').filter({ hasText: 'signed out' }).textContent(),
    ).toContain('An admin deactivated your account.');
    await screenshot(colleaguePage!, 'team-06b-deactivated-session-ended');
    await colleaguePage!.getByLabel('Email').fill(colleague.email);
    await colleaguePage!.getByLabel('Password').fill(colleague.password);
    await colleaguePage!.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => colleaguePage!.getByRole('alert').textContent()).toContain(
      'Your account is deactivated. Ask an admin to reactivate it.',
    );

    await cleo.getByRole('button', { name: `Reactivate ${colleague.name}` }).click();
    // Reactivating resumes the colleague's inboxes too: seconds on a busy machine.
    await eventually(() => status(page).textContent(), { timeout: 15_000 }).toBe(
      `${colleague.name} is active again and may sign in.`,
    );
    await colleaguePage!.getByRole('button', { name: 'Sign in' }).click();
    await colleaguePage!.getByRole('button', { name: 'Sign out' }).waitFor();
    await eventually(() => colleaguePage!.getByRole('banner').textContent()).toContain(
      'View only seat',
    );

    await page.goto('/audit-log');
    await page.getByLabel('Action').selectOption('user.deactivate');
    await eventually(() => page.getByRole('table').textContent()).toContain('Deactivated a user');
  });

  it('invites a colleague with a one-time link instead of a password, which sets their password once', async () => {
    const invitee = { name: 'Ivo Invitee', email: 'ivo@example.com', password: 'ivo-password-12' };
    await page.goto('/team');
    const form = page.getByRole('form', { name: 'Add a colleague' });
    await form.getByLabel('Name').fill(invitee.name);
    await form.getByLabel('Email').fill(invitee.email);
    await form.getByRole('button', { name: 'Add colleague' }).click();
    const notice = page
      .getByRole('status')
      .filter({ hasText: `Password link for ${invitee.name}` });
    await notice.waitFor();
    const link = (await notice.getByText(/\/set-password#/).textContent())!;
    expect(link).toMatch(new RegExp(`^${gateway!.url}/set-password#pl_`));
    await screenshotFromTop(page, 'team-07-password-link');

    const invitePage = await openConsolePage(browser!, gateway!.url, pageErrors);
    try {
      await invitePage.goto(link);
      await invitePage.getByRole('heading', { name: 'Set your password' }).waitFor();
      await invitePage.getByLabel('New password').fill(invitee.password);
      await invitePage.getByLabel('Repeat the password').fill(invitee.password);
      await invitePage.getByRole('button', { name: 'Set password' }).click();
      await invitePage.getByRole('status').filter({ hasText: 'Your password is set' }).waitFor();
      await invitePage.getByRole('link', { name: 'Sign in' }).click();
      await invitePage.getByLabel('Email').fill(invitee.email);
      await invitePage.getByLabel('Password').fill(invitee.password);
      await invitePage.getByRole('button', { name: 'Sign in' }).click();
      await invitePage.getByRole('heading', { level: 1, name: 'My email' }).waitFor();

      // Signed out everywhere by the owner: the invitee's open console goes to sign-in at once.
      await page.reload();
      await row(page, invitee.email)
        .getByRole('button', { name: `Sign out ${invitee.name} everywhere` })
        .click();
      await eventually(() => status(page).textContent()).toBe(
        `${invitee.name} is signed out everywhere.`,
      );
      await invitePage.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
      await invitePage
        .getByRole('status')
        .filter({ hasText: 'An admin signed you out everywhere.' })
        .waitFor();

      // Used once: the same link again is refused with the reason.
      await invitePage.goto(link);
      await invitePage.getByLabel('New password').fill('another-password-1');
      await invitePage.getByLabel('Repeat the password').fill('another-password-1');
      await invitePage.getByRole('button', { name: 'Set password' }).click();
      await eventually(() => invitePage.getByRole('alert').textContent()).toContain(
        'This link was used already',
      );
      await screenshot(invitePage, 'team-08-link-used');
    } finally {
      await invitePage.context().close();
    }
  });

  it('creates an API token on My account, shown once: it works with curl until revoked, then is refused', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: gateway!.url,
    });
    await page.goto('/account');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByRole('button', { name: 'Create token' }).click();
    const name = form.getByLabel('Token name');
    await eventually(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(name)).toContain('Enter a name of 1 to 100 characters.');

    await name.fill('CRM sync');
    await form.getByLabel('Access').selectOption('READ_WRITE');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'The secret of CRM sync' });
    const secret = (await shown
      .locator('code')
      .filter({ hasText: /^inlet_/ })
      .textContent())!;
    await shown.getByRole('button', { name: 'Copy the secret of CRM sync' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const token = row(page, 'CRM sync');
    await eventually(() => token.textContent()).toContain('Read and write');
    expect(await token.textContent()).toContain('Never');
    expect(await token.textContent()).toContain(secret.slice(0, 12));
    expect(await token.textContent()).not.toContain(secret);
    await screenshotFromTop(page, 'team-09-api-token-created');

    // What docs/api.md shows: a plain POST with the token, no cookie.
    const asTool = async () => {
      const response = await fetch(`${gateway!.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { user { email } tokenScope } }' }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await asTool()).toEqual({
      status: 200,
      body: { data: { viewer: { user: { email: superAdmin.email }, tokenScope: 'READ_WRITE' } } },
    });

    // Shown once: after a reload the secret is gone, and the use is listed.
    await page.reload();
    await eventually(() => row(page, 'CRM sync').textContent()).not.toContain('Never');
    expect(await page.getByText(secret).count()).toBe(0);

    await row(page, 'CRM sync')
      .getByRole('button', { name: 'Revoke the API token CRM sync' })
      .click();
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'Revoked' }).textContent(),
    ).toBe('Revoked the API token CRM sync.');
    await row(page, 'CRM sync').getByText('Revoked', { exact: true }).waitFor();
    const refused = await asTool();
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      errors: [
        {
          message: 'The API token is unknown or has been revoked.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    await screenshot(page, 'team-10-api-token-revoked');
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
