import { randomUUID } from 'node:crypto';
import { withTestMailbox } from '@inlet/providers/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMailboxOnLoopback } from './support/api.js';
import { openConsolePage, screenshotFromTop, signInAt } from './support/browser.js';
import { loopbackAllowed, testEngines, type RunningGateway } from './support/gateway.js';
import { reportFailures } from './support/lifecycle.js';
import { trustedMailFile } from './support/trusted-mail-file.js';
import { enrollByAddress, openNewSequence } from './support/sequences.js';

// A sequence end to end: the built console, a gateway whose embedded sync runs the sequence scheduler,
// the outbox and IMAP sync (real clock), a real Dovecot (where the reply arrives) and SMTP server.
// On SQLite and on PostgreSQL: one gateway each, the mail servers and Chromium shared.

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
const mailbox = { user: 'ada@trusted-mail.example', password: 'ada-mailbox-pass-1' };
const run = randomUUID().slice(0, 8);

const mail = trustedMailFile('sequences', [mailbox]);
let gateway: RunningGateway | undefined;
let page: Page;
const pageErrors: string[] = [];

reportFailures(
  () => ({ sequences: page }),
  () => gateway,
);

describe.each(await testEngines())('a sequence from the console on %s', (engine) => {
  // Each engine's contact, so the shared SMTP server's messages and Dovecot's reply are this run's.
  const bob = `bob-${engine}@customer.test`;
  const name = `Intro ${run} ${engine}`;
  const shot = (label: string) => screenshotFromTop(page, `sequences-${engine}-${label}`);
  const toBob = () => mail.smtp.messages.filter((m) => m.envelope.to.includes(bob));

  beforeAll(async () => {
    gateway = await mail.startGateway({
      admin,
      settings: loopbackAllowed,
      engine,
      name: engine,
    });
    page = await openConsolePage(mail.browser, gateway.url, pageErrors);
  });

  afterAll(async () => {
    await page?.context().close();
    await gateway?.stop();
    gateway = undefined;
  });

  it('creates a sequence, enrolls a contact, sends the first email and ends with "replied" on a reply', async () => {
    await signInAt(page, '/sequences', admin);
    await page.getByRole('heading', { level: 1, name: 'Sequences' }).waitFor();
    await connectMailboxOnLoopback(page, mailbox, mail);
    await page.reload();

    // Any time of any day, so the first step goes out now whenever this test runs.
    const editor = await openNewSequence(page, name, { from: '00:00', until: '23:59' });
    await editor.getByLabel('Step 1 subject', { exact: true }).fill(`Hello {{email}} ${run}`);
    await editor
      .getByLabel('Step 1 body', { exact: true })
      .fill('Hi, this is {{sender.email}} with a quick question.');
    // A follow-up in the same thread, days later: the reply must stop it.
    await editor.getByRole('button', { name: 'Add a step' }).click();
    await editor.getByLabel('Step 2 body', { exact: true }).waitFor();
    await shot('01-editor');
    await editor.getByRole('button', { name: 'Save sequence' }).click();
    await editor.waitFor({ state: 'detached' });

    const enrollments = await enrollByAddress(page, name, [bob]);

    // The embedded scheduler queues the step and the outbox sends it through Ada's own server.
    await expect.poll(() => toBob().length, { timeout: 45_000 }).toBe(1);
    const [first] = toBob();
    expect(first!.parsed.subject).toBe(`Hello ${bob} ${run}`);
    expect(first!.parsed.text).toContain(`this is ${mailbox.user}`);

    // Bob answers; sync sees it in the inbox and the enrollment ends, live on the page.
    await withTestMailbox(mail.imap, mailbox, (client) =>
      client.append(
        'INBOX',
        `From: Bob <${bob}>\r\nTo: ${mailbox.user}\r\nSubject: Re: ${first!.parsed.subject}\r\n` +
          `Message-ID: <${randomUUID()}@customer.test>\r\nIn-Reply-To: ${first!.parsed.messageId}\r\n` +
          `Date: ${new Date().toUTCString()}\r\n\r\nSounds good.\r\n`,
      ),
    );
    const row = enrollments.getByRole('row').filter({ hasText: bob });
    await expect.poll(() => row.textContent(), { timeout: 45_000 }).toContain('replied');
    const figures = page.getByRole('row').filter({ hasText: name }).first();
    await expect.poll(() => figures.textContent(), { timeout: 15_000 }).toContain('100%');
    await shot('02-replied');
    expect(toBob()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });
});
