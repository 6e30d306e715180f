import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from './support/api.js';
import {
  graphqlRequest,
  launchChromium,
  openConsolePage,
  screenshot,
  signInAt,
} from './support/browser.js';
import { freePort, startGateway, type RunningGateway } from './support/gateway.js';
import { makeTestDir, reportFailures, tearDown } from './support/lifecycle.js';

// Webhooks in the console (issue 18): an admin adds an endpoint, copies the secret shown once,
// sends a test event, reads the delivery in the history and redelivers it; the receiver is real.

const admin = { email: 'owner@example.com', password: 'correct-horse-1' };

let tempDir: string;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let page: Page;
let receiver: Server;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  tempDir = await makeTestDir('webhooks');
  gateway = await startGateway(tempDir, 'main', {
    INLET_ADMIN_EMAIL: admin.email,
    INLET_ADMIN_PASSWORD: admin.password,
    INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${(receiver.address() as AddressInfo).port}`,
  });
  browser = await launchChromium();
  page = await openConsolePage(browser, gateway.url, pageErrors);
});

afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await tearDown({ browser, dir: tempDir });
});

reportFailures(
  () => ({ admin: page }),
  () => gateway,
);

describe('webhooks page', () => {
  it('adds an endpoint, sends a test event, shows the delivery and redelivers it', async () => {
    await signInAt(page, '/webhooks', admin);
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const form = page.getByRole('form', { name: 'Add a webhook endpoint' });
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Activity logged').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = page.getByText(/whsec_[A-Za-z0-9_-]{20,}/);
    await secret.waitFor();
    await screenshot(page, 'webhooks-01-secret-shown-once');

    const card = page.getByRole('region', { name: `Webhook endpoint ${url}` });
    await card.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'TEST' });
    expect(String(received[0]!.headers['inlet-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    // The history shows the delivery with the receiver's answer.
    await expect
      .poll(
        async () => {
          await page.reload();
          // The page is its own lazy chunk: wait for it (and its history) before reading the rows.
          await card.getByRole('button', { name: 'Send test event' }).waitFor();
          const row = card.getByRole('row').filter({ hasText: 'TEST' });
          return (await row.count()) > 0 ? row.first().textContent() : '';
        },
        { timeout: 20_000 },
      )
      .toMatch(/DELIVERED.*200/);
    await screenshot(page, 'webhooks-02-delivered');

    await card.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
    expect(received[1]!.headers['inlet-event-id']).toBe(received[0]!.headers['inlet-event-id']);

    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText('New signing secret:').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("limits an endpoint to one user's events with the optional filter, and says so on its card", async () => {
    const fay = { name: 'Fay Filter', email: 'fay@example.com', password: 'fay-password-12' };
    await createUser(page, { ...fay, role: 'USER' });
    await page.reload();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fay`;
    const form = page.getByRole('form', { name: 'Add a webhook endpoint' });
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Message synced').check();
    const user = form.getByLabel('Only events of this user (optional)');
    await expect
      .poll(() => user.locator('option').allTextContents())
      .toEqual(['Any user', `${fay.name} (${fay.email})`, `owner (${admin.email})`]);
    await user.selectOption({ label: `${fay.name} (${fay.email})` });
    // No inbox is connected yet: the connection filter offers none.
    expect(
      await form
        .getByLabel('Only events of this connection (optional)')
        .locator('option')
        .allTextContents(),
    ).toEqual(['Any connection']);
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const card = page.getByRole('region', { name: `Webhook endpoint ${url}` });
    await card.getByText(`Only events of user ${fay.name} (${fay.email}).`).waitFor();
    expect(await user.inputValue()).toBe('');
    await screenshot(page, 'webhooks-03-user-filter');

    // The filter is the endpoint's, as the API (and so the recorder) sees it.
    const saved = (await graphqlRequest(
      page,
      '{ webhookEndpoints { url userId connectionId } users { id email } }',
    )) as {
      data: {
        webhookEndpoints: { url: string; userId: string | null; connectionId: string | null }[];
        users: { id: string; email: string }[];
      };
    };
    const fayId = saved.data.users.find((u) => u.email === fay.email)!.id;
    expect(saved.data.webhookEndpoints.find((e) => e.url === url)).toEqual({
      url,
      userId: fayId,
      connectionId: null,
    });
    expect(pageErrors).toEqual([]);
  });
});
