import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A daily send window in local time, "HH:MM". */
export interface SendWindow {
  from: string;
  until: string;
}

/**
 * Opens the new-sequence editor (its button is enabled once the viewer has a connected inbox) and
 * fills its settings: `name`, sending every day in `window`, UTC. The steps are the caller's.
 */
export async function openNewSequence(
  page: Page,
  name: string,
  window: SendWindow,
): Promise<Locator> {
  const newSequence = page.getByRole('button', { name: 'New sequence' });
  await expect.poll(() => newSequence.isEnabled(), { timeout: 30_000 }).toBe(true);
  await newSequence.click();
  const editor = page.getByRole('region', { name: 'New sequence' });
  await editor.getByLabel('Name', { exact: true }).fill(name);
  await editor.getByLabel('Time zone', { exact: true }).fill('UTC');
  await editor.getByLabel('Send from (local time)', { exact: true }).fill(window.from);
  await editor.getByLabel('Send until (local time)', { exact: true }).fill(window.until);
  await editor.getByLabel('Business days only', { exact: true }).uncheck();
  return editor;
}

/** Enrolls `addresses` from the sequence's Enrollments region; returns the region once it says so. */
export async function enrollByAddress(
  page: Page,
  sequence: string,
  addresses: string[],
): Promise<Locator> {
  const region = page.getByRole('region', { name: `Enrollments of ${sequence}` });
  await region
    .getByLabel('Enroll contacts (email addresses, one per line)', { exact: true })
    .fill(addresses.join('\n'));
  await region.getByRole('button', { name: 'Enroll', exact: true }).click();
  await region
    .getByRole('status')
    .filter({ hasText: `${addresses.length} enrolled.` })
    .waitFor();
  return region;
}
