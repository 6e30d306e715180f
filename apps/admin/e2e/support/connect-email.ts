import type { Dialog, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

// Shared by the "Connect personal email" browser tests: getting to the address step, reading the live
// "Connection check" list, and the inbox's card on My email afterwards (by role and name, like every locator here).

/** My email -> Connect personal email -> the address step, then Continue with `email`. */
export async function enterAddress(page: Page, email: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'My email' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
  await page
    .getByRole('main')
    .getByRole('link', { name: 'Connect personal email' })
    .first()
    .click();
  await page.getByRole('heading', { level: 1, name: 'Connect personal email' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/my-email/connect');
  expect(await page.title()).toBe('Connect personal email · Inlet');
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Runs `leave`, answering "Leave" if the page asks before discarding what was typed (the connect
 * forms' leave guard; the browser's own question for a reload too).
 */
export async function leaveDiscarding(page: Page, leave: () => Promise<void>): Promise<void> {
  const accept = (dialog: Dialog) => void dialog.accept();
  page.on('dialog', accept);
  try {
    await leave();
  } finally {
    page.off('dialog', accept);
  }
}

/** The connect form's "Go to My email", once connected: My email opens. */
export async function goToMyEmail(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Go to My email' }).click();
  await page.getByRole('heading', { level: 1, name: 'My email' }).waitFor();
}

/** The card of the inbox `email` on My email. */
export function myEmailCard(page: Page, email: string): Locator {
  return page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 2, name: email }) });
}

export function checklist(page: Page): Locator {
  return page.getByRole('list', { name: 'Connection check' });
}

export function stepRow(page: Page, name: string): Locator {
  return checklist(page).getByRole('listitem').filter({ hasText: name });
}

/** Each row's text, e.g. "Reach the server: Passed 127.0.0.1:993 ...". */
export async function stepStates(page: Page): Promise<string[]> {
  return checklist(page).getByRole('listitem').allTextContents();
}

/** The live region's sentence about the check, e.g. "Connection check: every step passed.". */
export async function checkAnnouncement(page: Page): Promise<string | null> {
  return page.getByRole('status').filter({ hasText: 'Connection check' }).textContent();
}
