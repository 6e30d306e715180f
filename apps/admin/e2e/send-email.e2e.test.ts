import { randomUUID } from 'node:crypto';
import { withTestMailbox } from '@inlet/providers/testing';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectMailboxOnLoopback, createUser } from './support/api.js';
import {
  descriptionOf,
  isFocused,
  openConsolePage,
  screenshotFromTop,
  signIn,
  signInAt,
} from './support/browser.js';
import { loopbackAllowed, type RunningGateway } from './support/gateway.js';
import { reportFailures } from './support/lifecycle.js';
import { trustedMailFile } from './support/trusted-mail-file.js';

// Contacts, timeline and compose end to end: the built console, a real gateway whose outbox worker sends
// for real (it runs in the gateway's own process), a real Dovecot (the Sent copy) and a real SMTP
// submission server, all on 127.0.0.1.

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
/** The admin's own mailbox, connected through GraphQL (the connect form has its own e2e test). */
const mailbox = { user: 'ada@trusted-mail.example', password: 'ada-mailbox-pass-1' };
const bob = 'bob@customer.test';
/** Unique per run, so IMAP SEARCH SUBJECT (a substring match) finds only this run's emails. */
const run = randomUUID().slice(0, 8);
const subject = `Your quote ${run}`;
const replySubject = `Re: ${subject}`;
const lostSubject = `Lost answer ${run}`;
/** Three emails are sent (new, reply, lost answer); the fourth meets the 24-hour limit. */
const SEND_LIMIT_PER_DAY = 3;
/** Bob's contact page, opened later by users who may not see it. */
let bobContactUrl = '';

const mail = trustedMailFile('send', [mailbox]);
let gateway: RunningGateway | undefined;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshotFromTop(page, `send-${name}`);

function smtpMessagesWithSubject(text: string) {
  return mail.smtp.messages.filter((m) => m.parsed.subject === text);
}

/** How many messages in the mailbox's Sent folder have `text` in their subject (IMAP SEARCH, trusting the test CA). */
function sentFolderCount(text: string): Promise<number> {
  return withTestMailbox(mail.imap, mailbox, async (client) => {
    const lock = await client.getMailboxLock('Sent');
    try {
      const found = await client.search({ subject: text }, { uid: true });
      return Array.isArray(found) ? found.length : 0;
    } finally {
      lock.release();
    }
  });
}

function composeDialog(name: 'New email' | 'Reply'): Locator {
  return page.getByRole('dialog', { name });
}

/** The polite live region that follows the outbox, once it says `text`. */
async function waitForAnnouncement(text: string): Promise<void> {
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: text }).count(), { timeout: 30_000 })
    .toBe(1);
}

function timelineEntries(): Locator {
  return page
    .getByRole('list', { name: 'Emails with this contact, newest first' })
    .getByRole('listitem');
}

/** Every sendEmail request the console made: its idempotency key and subject. */
const sendRequests: { idempotencyKey: string; subject: string }[] = [];

beforeAll(async () => {
  gateway = await mail.startGateway({
    admin,
    settings: { ...loopbackAllowed, INLET_SEND_LIMIT_PER_DAY: String(SEND_LIMIT_PER_DAY) },
  });
  page = await openConsolePage(mail.browser, gateway.url, pageErrors);
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as {
      query?: string;
      variables?: { input?: { idempotencyKey?: string; subject?: string } };
    } | null;
    const input = body?.variables?.input;
    if (body?.query?.includes('sendEmail') && input?.idempotencyKey)
      sendRequests.push({ idempotencyKey: input.idempotencyKey, subject: input.subject ?? '' });
  });
});

reportFailures(
  () => ({ send: page }),
  () => gateway,
);

describe('send one-to-one email and log it to the CRM', () => {
  it('signs the admin in and connects their mailbox through GraphQL; Contacts is empty', async () => {
    await signInAt(page, '/contacts', admin);
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    expect(await page.title()).toBe('Contacts · Inlet');
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Contacts' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await page.getByRole('heading', { name: 'No contacts yet' }).waitFor();

    await connectMailboxOnLoopback(page, mailbox, mail);
    await shot('01-contacts-empty');
  });

  it('sends a new email from Contacts: fields are checked first, then the status goes live to Sent', async () => {
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    const dialog = composeDialog('New email');
    await dialog.waitFor();
    const from = dialog.getByLabel('From', { exact: true });
    const to = dialog.getByLabel('To', { exact: true });
    const subjectField = dialog.getByLabel('Subject', { exact: true });
    const message = dialog.getByLabel('Message', { exact: true });
    // An empty To is where writing starts.
    await expect.poll(() => isFocused(to)).toBe(true);
    await expect.poll(() => from.locator('option').allTextContents()).toEqual([mailbox.user]);
    await from.selectOption({ label: mailbox.user });

    // Cc/Bcc stay out of the way until asked for.
    const copies = dialog.getByRole('button', { name: 'Cc/Bcc' });
    expect(await copies.getAttribute('aria-expanded')).toBe('false');
    expect(await dialog.getByLabel('Cc', { exact: true }).isVisible()).toBe(false);
    await copies.click();
    expect(await copies.getAttribute('aria-expanded')).toBe('true');
    await dialog.getByLabel('Bcc', { exact: true }).waitFor();
    await copies.click();

    // What the form can check itself is shown at the field, linked to it, and the first one takes focus.
    await to.fill(bob);
    await message.fill('Hello Bob,\n\nhere is the quote we talked about.\n\nAda');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => subjectField.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(subjectField)).toContain('Enter a subject.');
    await expect.poll(() => isFocused(subjectField)).toBe(true);
    expect(sendRequests).toHaveLength(0);

    await subjectField.fill(subject);
    expect(await subjectField.getAttribute('aria-invalid')).toBeNull();
    await shot('02-compose');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // The outbox status, polled every second, is announced politely until it is Sent.
    await waitForAnnouncement(`Sent “${subject}” to ${bob}.`);
    const sent = page
      .getByRole('list', { name: 'Emails you sent' })
      .getByRole('listitem')
      .filter({ hasText: subject });
    expect(await sent.textContent()).toContain('Status: Sent');
    await shot('03-sent');

    // Exactly one message reached the SMTP server, from the connected address, signed in as its owner.
    expect(smtpMessagesWithSubject(subject)).toHaveLength(1);
    const [received] = smtpMessagesWithSubject(subject);
    expect(received?.envelope.to).toEqual([bob]);
    expect(received?.envelope.from).toBe(mailbox.user);
    expect(received?.user).toBe(mailbox.user);
    expect(received?.parsed.text).toContain('here is the quote we talked about.');
    // ...and the copy is in the mailbox's Sent folder (the worker appends it right after sending).
    await expect.poll(() => sentFolderCount(subject), { timeout: 15_000 }).toBe(1);
    expect(sendRequests).toHaveLength(1);
  });

  it('lists Bob under Contacts as soon as the email is logged, and his timeline shows it', async () => {
    // The list refreshed itself when the activity was logged (no reload).
    const bobLink = page.getByRole('main').getByRole('link', { name: bob });
    await bobLink.waitFor();
    expect(
      await page.getByRole('table').getByRole('row').filter({ hasText: bob }).textContent(),
    ).toContain('Not known');

    // Search narrows the list.
    const search = page.getByLabel('Search contacts');
    await search.fill('nobody-here');
    await page.getByRole('heading', { name: 'No contacts match “nobody-here”' }).waitFor();
    await search.fill('customer');
    await bobLink.waitFor();

    await bobLink.click();
    await page.getByRole('heading', { level: 1, name: bob }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/contacts/contact');
    bobContactUrl = page.url();
    expect(await page.title()).toBe(`${bob} · Inlet`);
    await expect.poll(() => timelineEntries().count()).toBe(1);
    const entry = timelineEntries().first();
    expect(await entry.getByRole('heading', { level: 3 }).textContent()).toBe(subject);
    const text = await entry.textContent();
    expect(text).toContain('Sent');
    expect(text).toContain(`to ${bob}`);
    expect(text).toContain('Hello Bob, here is the quote we talked about.');
    expect(await page.getByRole('main').textContent()).toContain('1 email, newest first');
    await shot('04-contact-timeline');
  });

  it('replies from the timeline: "Re:" subject, threaded with the original, and the reply appears on the timeline live', async () => {
    await timelineEntries()
      .first()
      .getByRole('button', { name: `Reply to “${subject}”` })
      .click();
    const dialog = composeDialog('Reply');
    await dialog.waitFor();
    expect(await dialog.getByLabel('To', { exact: true }).inputValue()).toBe(bob);
    expect(await dialog.getByLabel('Subject', { exact: true }).inputValue()).toBe(replySubject);
    expect(await dialog.textContent()).toContain(`Replying to “${subject}”`);
    const message = dialog.getByLabel('Message', { exact: true });
    // To and subject are filled in: writing starts in the message.
    await expect.poll(() => isFocused(message)).toBe(true);
    await message.fill('Bob, one more thing: the quote is valid for 30 days.');
    await shot('05-reply');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await waitForAnnouncement(`Sent “${replySubject}” to ${bob}.`);
    // activityLogged brought the new entry: newest first, marked new, without reloading.
    await expect.poll(() => timelineEntries().count()).toBe(2);
    const newest = timelineEntries().first();
    expect(await newest.getByRole('heading', { level: 3 }).textContent()).toBe(replySubject);
    expect(await newest.textContent()).toContain('New');
    expect(await page.getByRole('main').textContent()).toContain('2 emails, newest first');
    await shot('06-reply-sent-live');

    const [original] = smtpMessagesWithSubject(subject);
    expect(smtpMessagesWithSubject(replySubject)).toHaveLength(1);
    expect(smtpMessagesWithSubject(replySubject)[0]?.parsed.inReplyTo).toBe(
      original?.parsed.messageId,
    );
    await expect.poll(() => sentFolderCount(replySubject), { timeout: 15_000 }).toBe(1);
  });

  it('sends again with the same idempotency key after a lost answer, and the email goes out once', async () => {
    // The gateway gets the first sendEmail and queues it, but its answer never reaches the console.
    let dropped = false;
    await page.route('**/graphql', async (route) => {
      if (!dropped && route.request().postData()?.includes('sendEmail')) {
        dropped = true;
        await route.fetch();
        await route.abort('failed');
        return;
      }
      await route.continue();
    });
    try {
      await page.getByRole('main').getByRole('button', { name: 'Compose' }).click();
      const dialog = composeDialog('New email');
      await dialog.waitFor();
      expect(await dialog.getByLabel('To', { exact: true }).inputValue()).toBe(bob);
      await expect.poll(() => isFocused(dialog.getByLabel('Subject', { exact: true }))).toBe(true);
      await dialog.getByLabel('Subject', { exact: true }).fill(lostSubject);
      await dialog.getByLabel('Message', { exact: true }).fill('Did this arrive?');
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Inlet could not be reached' }).waitFor();
      expect(await dialog.getByRole('alert').textContent()).toContain('only once');
      await shot('07-lost-answer');

      // Closing and reopening keeps the draft, and with it the key.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('main').getByRole('button', { name: 'Compose' }).click();
      await dialog.waitFor();
      expect(await dialog.getByLabel('Subject', { exact: true }).inputValue()).toBe(lostSubject);
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await page.unroute('**/graphql');
    }

    await waitForAnnouncement(`Sent “${lostSubject}” to ${bob}.`);
    const attempts = sendRequests.filter((r) => r.subject === lostSubject);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.idempotencyKey).toBe(attempts[0]?.idempotencyKey);
    // Every composed email had its own key.
    expect(new Set(sendRequests.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(smtpMessagesWithSubject(lostSubject)).toHaveLength(1);
    await expect.poll(() => timelineEntries().count()).toBe(3);
  });

  it('shows the sending limit with the time sending is possible again, keeping the draft', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Compose' }).click();
    const dialog = composeDialog('New email');
    await dialog.waitFor();
    await dialog.getByLabel('Subject', { exact: true }).fill(`Over the limit ${run}`);
    await dialog.getByLabel('Message', { exact: true }).fill('One too many.');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = dialog.getByRole('alert').filter({ hasText: 'Sending limit reached' });
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain(`This inbox may send ${SEND_LIMIT_PER_DAY} emails per 24 hours.`);
    expect(text).toContain('You can send again at');
    // The time is the gateway's retryAfter, shown in the reader's time zone (no raw timestamp).
    expect(
      Date.parse((await alert.locator('time').getAttribute('datetime')) ?? ''),
    ).toBeGreaterThan(Date.now());
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(await dialog.getByLabel('Subject', { exact: true }).inputValue()).toBe(
      `Over the limit ${run}`,
    );
    await shot('08-sending-limit');
    await dialog.getByRole('button', { name: 'Discard this email' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(smtpMessagesWithSubject(`Over the limit ${run}`)).toHaveLength(0);
  });

  it('explains why sending is not possible: no inbox connected, or a view-only seat', async () => {
    const users = [
      {
        email: 'uma@example.com',
        name: 'Uma User',
        password: 'user-password-1',
        role: 'USER',
        seat: 'FULL',
      },
      {
        email: 'vic@example.com',
        name: 'Vic Viewer',
        password: 'viewer-password-1',
        role: 'USER',
        seat: 'VIEW_ONLY',
      },
    ];
    for (const input of users) await createUser(page, input);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, users[0]!);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Contacts' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    // A user sees the contacts of their own inboxes only: the admin's Bob is not Uma's.
    await page.getByRole('heading', { name: 'No contacts yet' }).waitFor();
    expect(await page.getByRole('main').getByRole('link', { name: bob }).count()).toBe(0);
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    let dialog = composeDialog('New email');
    await dialog.waitFor();
    const from = dialog.getByLabel('From', { exact: true });
    await from.waitFor();
    expect(await from.isDisabled()).toBe(true);
    expect(await descriptionOf(from)).toContain('No inbox connected yet');
    await dialog.getByRole('link', { name: 'Connect personal email' }).waitFor();
    const send = dialog.getByRole('button', { name: 'Send', exact: true });
    expect(await send.isDisabled()).toBe(true);
    expect(await descriptionOf(send)).toContain('No inbox connected yet');
    await shot('09-no-inbox');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, users[1]!);
    // Nor may a view-only seat open the admin's timeline with Bob by its address.
    await page.goto(bobContactUrl);
    await page.getByRole('heading', { level: 1, name: 'Contact not found' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Contacts' })
      .click();
    await page.getByRole('heading', { name: 'No contacts yet' }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    dialog = composeDialog('New email');
    await dialog.getByText('Your seat is view-only').waitFor();
    expect(await dialog.textContent()).toContain('cannot send email');
    expect(await dialog.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await shot('10-view-only');
    await page.keyboard.press('Escape');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
