import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { failureName, screenshot } from './browser.js';
import { stopAllGateways, type RunningGateway } from './gateway.js';
import { artifactsDir, assertConsoleBuilt } from './paths.js';

// The set-up and tear-down every browser test file shares.

/** Checks that the console is built, then makes a temp dir for this test file (`inlet-<name>-e2e-…`). */
export async function makeTestDir(name: string): Promise<string> {
  assertConsoleBuilt();
  await mkdir(artifactsDir, { recursive: true });
  return mkdtemp(join(tmpdir(), `inlet-${name}-e2e-`));
}

/** The test servers' CAs in one file for INLET_EXTRA_CA_FILE: the gateway trusts them, as a company adds its own CA. */
export async function writeCaFile(dir: string, cas: string[]): Promise<string> {
  const file = join(dir, 'test-ca.pem');
  await writeFile(file, cas.map((pem) => `${pem.trim()}\n`).join(''));
  return file;
}

/** For afterAll: closes the browser, stops the gateways, then `stop` (the test servers), and removes the temp dir. */
export async function tearDown({
  browser,
  stop,
  dir,
}: {
  browser?: Browser;
  stop?: () => Promise<unknown>;
  dir?: string;
}): Promise<void> {
  // Each in turn, whatever happened to the others.
  await browser?.close().catch(() => {});
  await stopAllGateways().catch(() => {});
  await stop?.().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * When a test fails: a screenshot of each page (named `failed-<key>-<test>`) and the gateway's last
 * lines. Call at the top level of a test file; the getters are read at failure time.
 */
export function reportFailures(
  pages: () => Record<string, Page | undefined>,
  gateway: () => RunningGateway | undefined,
): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      for (const [name, page] of Object.entries(pages())) {
        if (page) await screenshot(page, failureName(`${name}-${task.name}`)).catch(() => {});
      }
      const running = gateway();
      if (running) console.error(`Gateway output (last lines):\n${running.log()}`);
    });
  });
}
