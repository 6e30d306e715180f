import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookWorker } from '../src/engine/webhooks/webhook-worker.js';
import { ADMIN, startTestGateway, type TestGateway } from './testkit/gateway.js';
import { waitFor } from './testkit/wait.js';

/*
 * docs/api.md, executed: every ```sh and ```js block runs, in order, against a real gateway, and its
 * fence says what must come out (expect=...), what later blocks reuse (capture=VAR:json.path), and
 * whether it keeps running (background: a subscriber, a webhook receiver).
 */
const GUIDE = fileURLToPath(new URL('../../../docs/api.md', import.meta.url));
// Node resolves a script's imports (graphql-ws, ws) from the folders above it: inside the repository.
const SCRIPTS_ROOT = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));

interface Block {
  lang: string;
  name: string;
  file?: string;
  background: boolean;
  captures: { variable: string; path: string }[];
  expect?: string;
  code: string;
}

export function guideBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const m of markdown.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [, lang, meta, code] = m as unknown as [string, string, string, string];
    if (lang !== 'sh' && lang !== 'js') continue;
    const expectAt = meta.indexOf(' expect=');
    const tokens = (expectAt >= 0 ? meta.slice(0, expectAt) : meta).trim().split(/\s+/);
    const value = (key: string) =>
      tokens.find((t) => t.startsWith(`${key}=`))?.slice(key.length + 1);
    const file = value('file');
    blocks.push({
      lang,
      name: value('test') ?? file ?? `block ${blocks.length + 1}`,
      ...(file ? { file } : {}),
      background: tokens.includes('background'),
      captures: tokens
        .filter((t) => t.startsWith('capture='))
        .map((t) => {
          const [variable, path] = t.slice(8).split(':') as [string, string];
          return { variable, path };
        }),
      ...(expectAt >= 0 ? { expect: meta.slice(expectAt + 8).trim() } : {}),
      code,
    });
  }
  return blocks;
}

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key], value);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('docs/api.md', () => {
  const blocks = guideBlocks(readFileSync(GUIDE, 'utf8'));
  let gw: TestGateway;
  let worker: WebhookWorker;
  let work: string;
  let scripts: string;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const background: { block: Block; child: ChildProcess; output: () => string }[] = [];

  beforeAll(async () => {
    const port = await freePort();
    gw = await startTestGateway('sqlite', {
      env: { INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${port}` },
    });
    worker = new WebhookWorker(gw.services, { pollMs: 100, retryBaseMs: 100 });
    worker.start();
    // Seven contacts, for the paging example.
    const now = new Date().toISOString();
    await gw.services.db
      .insertInto('contacts')
      .values(
        Array.from({ length: 7 }, (_, i) => ({
          id: randomUUID(),
          email: `contact${i}@customer.test`,
          name: `Contact ${i}`,
          created_at: now,
        })),
      )
      .execute();
    work = mkdtempSync(join(tmpdir(), 'inlet-api-guide-'));
    mkdirSync(SCRIPTS_ROOT, { recursive: true });
    scripts = mkdtempSync(join(SCRIPTS_ROOT, 'api-guide-'));
    Object.assign(env, {
      INLET_URL: gw.url,
      INLET_EMAIL: ADMIN.email,
      INLET_PASSWORD: ADMIN.password,
      PORT: String(port),
      WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/inlet`,
    });
  });
  afterAll(async () => {
    for (const { child } of background) child.kill('SIGKILL');
    await worker?.stop();
    await gw?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    if (scripts) rmSync(scripts, { recursive: true, force: true });
  });

  it('has examples of every kind the guide promises', () => {
    const names = blocks.map((b) => b.name);
    for (const name of [
      'create-token',
      'first-query',
      'first-query.mjs',
      'all-contacts.mjs',
      'union',
      'read-only',
      'subscribe.mjs',
      'cost',
      'webhook-create',
      'receiver.mjs',
      'webhook-test',
    ])
      expect(names).toContain(name);
  });

  it('runs every example, in order, as a reader would', async () => {
    for (const block of blocks) {
      const what = `${block.name} in docs/api.md`;
      if (block.lang === 'js') {
        const path = join(scripts, block.file ?? `${block.name}.mjs`);
        writeFileSync(path, block.code);
        if (block.background) {
          const child = spawn(process.execPath, [path], { cwd: work, env: { ...env } });
          let output = '';
          child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
          child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
          background.push({ block, child, output: () => output });
          if (block.file === 'receiver.mjs') await waitForPort(Number(env.PORT), 10_000);
          continue;
        }
        const ran = await run(process.execPath, [path], work, env);
        expect(ran.code, `${what}: ${ran.stderr}`).toBe(0);
        if (block.expect?.startsWith('stdout:'))
          expect(ran.stdout, what).toMatch(new RegExp(block.expect.slice(7), 'm'));
        continue;
      }
      const ran = await run('bash', ['-o', 'pipefail', '-c', block.code], work, env);
      expect(ran.code, `${what}: ${ran.stderr}`).toBe(0);
      const last = ran.stdout.trim().split('\n').at(-1) ?? '';
      const answer = block.expect || block.captures.length > 0 ? JSON.parse(last) : undefined;
      if (block.expect === 'data') {
        expect(answer.errors, what).toBeUndefined();
        expect(answer.data, what).toBeTruthy();
      } else if (block.expect?.startsWith('data:')) {
        const [path, value] = block.expect.slice(5).split('=') as [string, string];
        expect(answer.errors, what).toBeUndefined();
        expect(at(answer.data, path), what).toBe(value);
      } else if (block.expect?.startsWith('error:')) {
        expect(answer.data ?? null, what).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code, what).toBe(block.expect.slice(6));
      } else if (!block.expect) {
        expect(ran.stdout.trim(), what).not.toBe('');
      }
      for (const { variable, path } of block.captures) {
        const value = at(answer, path);
        expect(typeof value, `${what}: ${variable} from ${last}`).toBe('string');
        env[variable] = value as string;
      }
    }

    // The subscriber waits for an activity: log some (as the outbox worker does after a send).
    for (const { block, output } of background) {
      const expected = new RegExp(block.expect!.slice(7), 'm');
      await waitFor(
        () => {
          if (block.file === 'subscribe.mjs') {
            const now = new Date().toISOString();
            gw.services.pubsub.publish('activityLogged', {
              userId: randomUUID(),
              activity: {
                id: randomUUID(),
                contact_id: randomUUID(),
                connection_id: randomUUID(),
                type: 'REPLY',
                message_id: `<${randomUUID()}@customer.test>`,
                subject: 'Re: proposal',
                snippet: 'Sounds good',
                occurred_at: now,
                created_at: now,
              },
            });
          }
          return expected.test(output());
        },
        `${block.name} to print ${expected}`,
        20_000,
        300,
      );
    }

    // The documented receiver refuses what Inlet did not sign.
    const forged = await fetch(env.WEBHOOK_URL!, {
      method: 'POST',
      headers: { 'inlet-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      body: JSON.stringify({ id: randomUUID(), type: 'TEST', data: {} }),
    });
    expect(forged.status).toBe(400);
  });
});
