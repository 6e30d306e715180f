import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsolePage, signIn, signInAt } from './support/browser.js';
import { freePort, startGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown } from './support/lifecycle.js';
import { adminDir, consoleDir } from './support/paths.js';

// The GraphQL explorer (issue 18 item 2): GraphiQL from npm, in the console's development build only.
// The production build the gateway serves has neither the page nor GraphiQL; the `vite` dev server
// (proxying /graphql to a real gateway) serves it, and it runs queries with the console's session.

const admin = { email: 'owner@example.com', password: 'correct-horse-1' };

let tempDir: string;
let gateway: RunningGateway | undefined;
let vite: ViteDevServer | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  tempDir = await makeTestDir('explorer');
  gateway = await startGateway(tempDir, 'main', {
    INLET_ADMIN_EMAIL: admin.email,
    INLET_ADMIN_PASSWORD: admin.password,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await vite?.close();
  await tearDown({ browser, dir: tempDir });
});

reportFailures(
  () => ({ explorer: page }),
  () => gateway,
);

describe('GraphQL explorer', () => {
  it('is not in the production build: /explorer is not found, and no asset holds GraphiQL', async () => {
    page = await openConsolePage(browser!, gateway!.url, pageErrors);
    await signInAt(page, '/explorer', admin);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();

    const assets = join(consoleDir, 'assets');
    // The code and styles shipped (source maps quote the sources, comments included).
    const files = (await readdir(assets)).filter((f) => /\.(js|css)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(await readFile(join(assets, file), 'utf8'), file).not.toMatch(/graphiql/i);
    }
    await page.context().close();
  });

  it('runs a query as the signed-in user in development, with nothing loaded from elsewhere', async () => {
    const port = await freePort();
    vite = await createServer({
      root: adminDir,
      configFile: join(adminDir, 'vite.config.ts'),
      logLevel: 'error',
      server: { port, proxy: { '/graphql': { target: gateway!.url, ws: true } } },
    });
    await vite.listen();
    const origin = `http://127.0.0.1:${port}`;
    page = await openConsolePage(browser!, origin, pageErrors);
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:'))
        elsewhere.push(request.url());
    });

    // The first request of a dev server bundles the dependencies: give it time.
    await page.goto('/explorer', { timeout: 90_000 });
    await page.getByRole('heading', { name: 'Sign in to Inlet' }).waitFor({ timeout: 90_000 });
    const introspected = page.waitForResponse(
      (r) =>
        r.url() === `${origin}/graphql` &&
        Boolean(r.request().postData()?.includes('IntrospectionQuery')),
      { timeout: 60_000 },
    );
    await signIn(page, admin);
    await page.getByRole('heading', { level: 1, name: 'GraphQL explorer' }).waitFor();
    // GraphiQL runs nothing before it has the schema (introspection is on outside production).
    await introspected;
    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
    const result = page.getByRole('region', { name: 'Result Window' });
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toContain(`"email": "${admin.email}"`);
    expect(await result.textContent()).toContain('"role": "SUPER_ADMIN"');
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
