import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { artifactsDir } from './paths.js';

// Headless Chromium for the browser tests. Locators are by role and label only: if a control cannot
// be found that way, it is not accessible.

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
}

/**
 * A page of the console at `baseURL`, in a browser context of its own (its own session); the page's
 * uncaught errors and Content-Security-Policy violations (the gateway's CSP) go to `pageErrors`.
 */
export async function openConsolePage(
  browser: Browser,
  baseURL: string,
  pageErrors: string[],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      pageErrors.push(message.text());
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** A full-page screenshot from the top (the sticky header would otherwise sit mid-page). */
export async function screenshotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A file name for a failed test's screenshot. */
export function failureName(testName: string): string {
  return `failed-${testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

/** The text of everything the element's aria-describedby points to (its hint and error). */
export async function descriptionOf(locator: Locator): Promise<string> {
  return locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** `path` of the console, signed in with `credentials` on the sign-in page it sends a signed-out visitor to. */
export async function signInAt(
  page: Page,
  path: string,
  credentials: { email: string; password: string },
): Promise<void> {
  await page.goto(path);
  await signIn(page, credentials);
}

export async function signIn(
  page: Page,
  credentials: { email: string; password: string },
): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor();
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A GraphQL request with the page's session (the same API the console uses); returns the parsed body. */
export async function graphqlRequest(
  page: Page,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<unknown> {
  const response = await page.request.post('/graphql', { data: { query, variables } });
  return response.json();
}
