import { randomUUID } from 'node:crypto';
import { withTestMailbox } from '@inlet/providers/testing';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectMailboxOnLoopback } from './support/api.js';
import { openConsolePage, screenshotFromTop, signInAt } from './support/browser.js';
import { loopbackAllowed, type RunningGateway } from './support/gateway.js';
import { reportFailures } from './support/lifecycle.js';
import { trustedMailFile } from './support/trusted-mail-file.js';
import { enrollByAddress, openNewSequence, type SendWindow } from './support/sequences.js';

// Sequences after their creation, from the console: editing a saved sequence, pausing, resuming and
// unenrolling an enrollment, and enrolling several contacts at once from the contacts list, where a
// contact who replied recently is enrolled only after "Enroll anyway".

const admin = { email: 'admin@example.com', password: 'correct-horse-1' };
const mailbox = { user: 'ada@trusted-mail.example', password: 'ada-mailbox-pass-1' };
const [carol, dan, erin] = ['carol@customer.test', 'dan@customer.test', 'erin@customer.test'];
const run = randomUUID().slice(0, 8);
const slow = `Slow ${run}`;
const renamed = `Nurture ${run}`;
const quick = `Quick ${run}`;

const mail = trustedMailFile('sequences-editing', [mailbox]);
let gateway: RunningGateway | undefined;
let page: Page;
const pageErrors: string[] = [];

const shot = (label: string) => screenshotFromTop(page, `sequences-editing-${label}`);

beforeAll(async () => {
  gateway = await mail.startGateway({ admin, settings: loopbackAllowed });
  page = await openConsolePage(mail.browser, gateway.url, pageErrors);
});

reportFailures(
  () => ({ 'sequences-editing': page }),
  () => gateway,
);

const pad = (n: number) => String(n).padStart(2, '0');
// A half-hour send window two hours from now (UTC): steps of that sequence wait, ACTIVE, while this runs.
const closedHour = pad((new Date().getUTCHours() + 2) % 24);
const closed = { from: `${closedHour}:00`, until: `${closedHour}:30` };
const always = { from: '00:00', until: '23:59' };

/** A saved sequence: every day in `window`, one step due at enrollment. */
async function createSequence(name: string, window: SendWindow) {
  const editor = await openNewSequence(page, name, window);
  await editor.getByLabel('Step 1 subject', { exact: true }).fill(`Hello {{email}} ${run}`);
  await editor.getByLabel('Step 1 body', { exact: true }).fill('Hi, this is {{sender.email}}.');
  await editor.getByLabel('Wait before sending', { exact: true }).fill('2');
  await editor.getByRole('button', { name: 'Save sequence' }).click();
  await editor.waitFor({ state: 'detached' });
}

const rowOf = (region: Locator, email: string) =>
  region.getByRole('row').filter({ hasText: email });

describe('editing sequences and enrollments from the console', () => {
  it('edits a saved sequence: its name, settings and steps', async () => {
    await signInAt(page, '/sequences', admin);
    await page.getByRole('heading', { level: 1, name: 'Sequences' }).waitFor();
    await connectMailboxOnLoopback(page, mailbox, mail);
    await page.reload();
    // Its window opens later: nothing is sent while this file runs.
    await createSequence(slow, closed);

    await page.getByRole('button', { name: `Edit ${slow}` }).click();
    let editor = page.getByRole('region', { name: 'Edit sequence', exact: true });
    // The editor opens with what was saved.
    expect(await editor.getByLabel('Name', { exact: true }).inputValue()).toBe(slow);
    expect(await editor.getByLabel('Wait before sending', { exact: true }).inputValue()).toBe('2');
    expect(await editor.getByLabel('Send from (local time)', { exact: true }).inputValue()).toBe(
      closed.from,
    );
    expect(await editor.getByLabel('Business days only', { exact: true }).isChecked()).toBe(false);
    await editor.getByLabel('Name', { exact: true }).fill(renamed);
    await editor.getByLabel('Send until (local time)', { exact: true }).fill(`${closedHour}:45`);
    await editor.getByLabel('Stop on an out-of-office auto-reply', { exact: true }).check();
    await editor.getByLabel('Step 1 subject', { exact: true }).fill(`Checking in ${run}`);
    await editor.getByRole('button', { name: 'Add a step' }).click();
    await editor.getByLabel('Step 2 body', { exact: true }).fill('Following up, {{first_name}}?');
    await shot('01-edit');
    await editor.getByRole('button', { name: 'Save sequence' }).click();
    await editor.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: renamed }).first();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain(renamed);
    expect(await row.getByRole('cell').first().textContent()).toBe('2');
    await expect.poll(() => page.getByRole('row').filter({ hasText: slow }).count()).toBe(0);

    // Opened again, it shows the saved changes.
    await page.getByRole('button', { name: `Edit ${renamed}` }).click();
    editor = page.getByRole('region', { name: 'Edit sequence', exact: true });
    expect(await editor.getByLabel('Step 1 subject', { exact: true }).inputValue()).toBe(
      `Checking in ${run}`,
    );
    expect(await editor.getByLabel('Step 2 body', { exact: true }).inputValue()).toBe(
      'Following up, {{first_name}}?',
    );
    expect(await editor.getByLabel('Send until (local time)', { exact: true }).inputValue()).toBe(
      `${closedHour}:45`,
    );
    expect(
      await editor.getByLabel('Stop on an out-of-office auto-reply', { exact: true }).isChecked(),
    ).toBe(true);
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await editor.waitFor({ state: 'detached' });
  });

  it('pauses, resumes and unenrolls an enrollment', async () => {
    await page.getByRole('button', { name: renamed, exact: true }).click();
    const region = await enrollByAddress(page, renamed, [dan, erin]);

    await region.getByRole('button', { name: `Pause ${dan}` }).click();
    await expect.poll(() => rowOf(region, dan).textContent()).toContain('paused');
    expect(await rowOf(region, dan).textContent()).toContain('Paused by');
    await region.getByRole('button', { name: `Resume ${dan}` }).click();
    await expect.poll(() => rowOf(region, dan).textContent()).toContain('active');

    await region.getByRole('button', { name: `Unenroll ${erin}` }).click();
    // Asked twice: an unenrolled contact gets nothing more.
    expect(await rowOf(region, erin).textContent()).toContain('active');
    await region.getByRole('button', { name: `Confirm: unenroll ${erin}` }).click();
    await expect.poll(() => rowOf(region, erin).textContent()).toContain('unenrolled');
    expect(await rowOf(region, erin).getByRole('button').count()).toBe(0);
    await shot('02-actions');
  });

  it('enrolls several contacts from the contacts list, asking before enrolling one who replied recently', async () => {
    // Carol replies to a sequence email: she "replied in the last days".
    await createSequence(quick, always);
    await page.getByRole('button', { name: quick, exact: true }).click();
    await enrollByAddress(page, quick, [carol]);
    const toCarol = () => mail.smtp.messages.filter((m) => m.envelope.to.includes(carol));
    await expect.poll(() => toCarol().length, { timeout: 45_000 }).toBe(1);
    const [first] = toCarol();
    await withTestMailbox(mail.imap, mailbox, (client) =>
      client.append(
        'INBOX',
        `From: Carol <${carol}>\r\nTo: ${mailbox.user}\r\nSubject: Re: ${first!.parsed.subject}\r\n` +
          `Message-ID: <${randomUUID()}@customer.test>\r\nIn-Reply-To: ${first!.parsed.messageId}\r\n` +
          `Date: ${new Date().toUTCString()}\r\n\r\nNot now.\r\n`,
      ),
    );
    const quickRegion = page.getByRole('region', { name: `Enrollments of ${quick}` });
    await expect
      .poll(() => rowOf(quickRegion, carol).textContent(), { timeout: 45_000 })
      .toContain('replied');

    await page.getByRole('link', { name: 'Contacts', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    for (const email of [carol, erin])
      await page.getByRole('checkbox', { name: `Select ${email}` }).check();
    const bar = page.getByRole('region', { name: 'Enroll selected contacts' });
    await bar.getByLabel('Sequence for the 2 selected', { exact: true }).selectOption({
      label: renamed,
    });
    await bar.getByRole('button', { name: 'Enroll in sequence' }).click();
    // Erin (unenrolled before) is enrolled again; Carol waits for a confirmation.
    await bar.getByRole('status').filter({ hasText: '1 enrolled.' }).waitFor();
    const ask = bar.getByRole('alert').filter({ hasText: 'Replied recently: enroll anyway?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain(carol);
    await shot('03-confirm');
    await ask.getByRole('button', { name: 'Enroll anyway' }).click();
    await ask.waitFor({ state: 'detached' });
    await bar.getByRole('status').filter({ hasText: '1 enrolled.' }).waitFor();

    await page.getByRole('link', { name: 'Sequences', exact: true }).first().click();
    await page.getByRole('button', { name: renamed, exact: true }).click();
    const region = page.getByRole('region', { name: `Enrollments of ${renamed}` });
    for (const email of [carol, erin])
      await expect
        .poll(() => region.getByRole('row').filter({ hasText: email }).allTextContents())
        .toEqual(expect.arrayContaining([expect.stringContaining('active')]));
    expect(pageErrors).toEqual([]);
  });
});
