import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmailActivityRow } from '../src/db/tables/sync.table.js';
import { recordHealth } from '../src/engine/connection-health.js';
import { activityLoggedEvent } from '../src/engine/webhooks/webhook-events.js';
import {
  recordSyncFinished,
  recordWebhookEvents,
} from '../src/engine/webhooks/webhook-recorder.js';
import { WebhookWorker, type WebhookWorkerOptions } from '../src/engine/webhooks/webhook-worker.js';
import { engines } from './testkit/databases.js';
import { insertConnection } from './testkit/seed.js';
import { startTestGateway, TEST_KEY_ENTRY, type TestGateway } from './testkit/gateway.js';
import { until } from './testkit/wait.js';
import {
  eventIds,
  signatureValid,
  startWebhookReceiver,
  type WebhookReceiver,
} from './testkit/webhook-receiver.js';

const gatewayDir = fileURLToPath(new URL('..', import.meta.url));

const CreateEndpoint = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointCreated { secret endpoint { id url eventTypes } }
    ... on ValidationFailed { code fields { field message } }
  }
}`;
const Deliveries = `query { webhookEndpoints { id deliveries(first: 50) {
  id eventId eventType status attempts responseStatus lastError deliveredAt } } }`;

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
}

/** An activity as the outbox worker publishes it after a send. */
function activity(connectionId = randomUUID()): EmailActivityRow {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    contact_id: randomUUID(),
    connection_id: connectionId,
    type: 'SENT_ONE_TO_ONE',
    message_id: `<${randomUUID()}@example.com>`,
    subject: 'Hello',
    snippet: 'Hi there',
    occurred_at: now,
    created_at: now,
  };
}

/**
 * What the outbox worker does after a send: the activity's webhook event recorded in the transaction
 * that logs it, and the activity published once that committed.
 */
async function logActivity(gw: TestGateway, userId: string, logged: EmailActivityRow) {
  await gw.services.db
    .transaction()
    .execute((trx) =>
      recordWebhookEvents(trx, [activityLoggedEvent({ userId, activity: logged })]),
    );
  gw.services.pubsub.publish('activityLogged', { userId, activity: logged });
}

/** Runs a test/testkit process on the gateway's database; resolves with how it ended. */
async function runProcess(gw: TestGateway, script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=@inlet/source', '--import', 'tsx', script], {
    cwd: gatewayDir,
    env: {
      ...process.env,
      DATABASE_URL: gw.services.config.databaseUrl,
      INLET_ENCRYPTION_KEYS: TEST_KEY_ENTRY,
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return { code, signal, stderr };
}

async function createEndpoint(
  gw: TestGateway,
  cookie: string,
  input: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const res = await gw.request(CreateEndpoint, { input }, { cookie });
  const result = res.data?.createWebhookEndpoint;
  if (result?.__typename !== 'WebhookEndpointCreated')
    throw new Error(`endpoint not created: ${JSON.stringify(res)}`);
  return { id: result.endpoint.id, secret: result.secret };
}

async function deliveriesOf(gw: TestGateway, cookie: string, endpointId: string) {
  const res = await gw.request(Deliveries, {}, { cookie });
  const endpoints = res.data.webhookEndpoints as { id: string; deliveries: Delivery[] }[];
  return endpoints.find((e) => e.id === endpointId)?.deliveries ?? [];
}

// Short waits; the timeout stays well above a loaded machine's loopback round trip (a spurious timeout is a retry).
const fast: WebhookWorkerOptions = { pollMs: 100, retryBaseMs: 100, timeoutMs: 5_000 };

describe.each(engines)('webhooks on %s', (engine) => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;
  let cookie: string;
  let worker: WebhookWorker | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    gw = await startTestGateway(engine, {
      env: { INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${receiver.port}` },
    });
    cookie = await gw.signIn();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    receiver.received.length = 0;
    receiver.answers.length = 0;
    await gw.services.db.deleteFrom('webhook_endpoints').execute();
  });
  afterAll(async () => {
    await gw?.close();
    await receiver?.close();
  });

  function startWorker(options: WebhookWorkerOptions = {}): WebhookWorker {
    worker = new WebhookWorker(gw.services, { ...fast, ...options });
    worker.start();
    return worker;
  }

  it('delivers an event signed over timestamp.body, with its event id, verifiable with the documented recipe', async () => {
    const { id, secret } = await createEndpoint(gw, cookie, {
      url: receiver.url,
      eventTypes: ['ACTIVITY_LOGGED'],
    });
    expect(secret).toMatch(/^whsec_/);
    startWorker();
    const logged = activity();
    await logActivity(gw, randomUUID(), logged);
    // An event type the endpoint did not ask for is not sent.
    await recordSyncFinished(gw.services.db, {
      connectionId: randomUUID(),
      userId: randomUUID(),
      folder: 'INBOX',
      done: 3,
      total: 3,
    });
    await until(
      async () => receiver.received.length,
      (n) => n >= 1,
    );
    const [request] = receiver.received;
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      type: 'ACTIVITY_LOGGED',
      data: { activity: { id: logged.id, subject: 'Hello', type: 'SENT_ONE_TO_ONE' } },
    });
    expect(request!.headers['inlet-event-id']).toBe(body.id);
    expect(request!.headers['content-type']).toBe('application/json');
    const signature = String(request!.headers['inlet-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signatureValid(secret, signature, request!.body)).toBe(true);
    expect(signatureValid(secret, signature, request!.body.replace('Hello', 'Hellp'))).toBe(false);
    expect(signatureValid(`${secret}x`, signature, request!.body)).toBe(false);

    const deliveries = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d[0]?.status === 'DELIVERED',
    );
    expect(deliveries).toEqual([
      expect.objectContaining({
        eventId: body.id,
        eventType: 'ACTIVITY_LOGGED',
        status: 'DELIVERED',
        attempts: 1,
        responseStatus: 200,
        lastError: null,
      }),
    ]);
    expect(receiver.received).toHaveLength(1);
  });

  /** Sends endpoint `id` a test event and returns the one request the receiver gets for it. */
  async function testDelivery(id: string) {
    receiver.received.length = 0;
    await gw.request(
      `mutation ($id: ID!) { sendTestWebhook(id: $id) { __typename } }`,
      { id },
      { cookie },
    );
    await until(
      async () => receiver.received.length,
      (n) => n >= 1,
    );
    return receiver.received[0]!;
  }

  it('filters by user, sends a test event, and rotates the secret with an overlap', async () => {
    const user = await gw.userSession('USER');
    const userId = user.id;
    const { id, secret } = await createEndpoint(gw, cookie, {
      url: receiver.url,
      eventTypes: ['ACTIVITY_LOGGED'],
      userId,
      description: 'CRM sync',
    });
    startWorker();
    const theirs = activity();
    await logActivity(gw, randomUUID(), activity());
    await logActivity(gw, userId, theirs);
    const test = await gw.request(
      `mutation ($id: ID!) { sendTestWebhook(id: $id) { __typename ... on WebhookDelivery { eventType status } } }`,
      { id },
      { cookie },
    );
    expect(test.data.sendTestWebhook).toEqual({
      __typename: 'WebhookDelivery',
      eventType: 'TEST',
      status: 'PENDING',
    });
    await until(
      async () => receiver.received.length,
      (n) => n >= 2,
    );
    const types = receiver.received.map(
      (r) => JSON.parse(r.body) as { type: string; data: { activity: { id: string } } },
    );
    expect(types.map((t) => t.type).sort()).toEqual(['ACTIVITY_LOGGED', 'TEST']);
    expect(types.find((t) => t.type === 'ACTIVITY_LOGGED')!.data.activity.id).toBe(theirs.id);

    const rotated = await gw.request(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 1) {
        __typename ... on WebhookSecretRotated { secret endpoint { previousSecretExpiresAt } } } }`,
      { id },
      { cookie },
    );
    const next = rotated.data.rotateWebhookSecret;
    expect(next.secret).toMatch(/^whsec_/);
    expect(next.secret).not.toBe(secret);
    expect(Date.parse(next.endpoint.previousSecretExpiresAt)).toBeGreaterThan(Date.now());
    const during = await testDelivery(id);
    const header = String(during.headers['inlet-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(signatureValid(secret, header, during.body)).toBe(true);
    expect(signatureValid(next.secret, header, during.body)).toBe(true);

    // Without overlap the old secret stops signing at once.
    const again = await gw.request(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 0) { ... on WebhookSecretRotated { secret } } }`,
      { id },
      { cookie },
    );
    const after = await testDelivery(id);
    const single = String(after.headers['inlet-signature']);
    expect(signatureValid(again.data.rotateWebhookSecret.secret, single, after.body)).toBe(true);
    expect(signatureValid(next.secret, single, after.body)).toBe(false);
  });

  /** A connection of the admin's and an endpoint for its status changes. */
  async function statusEndpoint() {
    const adminId = await gw.userId();
    const connection = await insertConnection(
      gw.services,
      adminId,
      `jane-${randomUUID()}@example.com`,
    );
    const { id } = await createEndpoint(gw, cookie, {
      url: receiver.url,
      eventTypes: ['CONNECTION_STATUS_CHANGED'],
      connectionId: connection.id,
    });
    return { adminId, connection, id };
  }

  it('sends a connection status change once per change, however often the connection is published', async () => {
    const { adminId, connection, id } = await statusEndpoint();
    startWorker();
    // What the sync runner does: CONNECTED, the same again (no change), then an authentication failure.
    await recordHealth(gw.services, connection, 'CONNECTED');
    await recordHealth(gw.services, connection, 'CONNECTED');
    gw.services.pubsub.publish('connectionChanged', {
      connectionId: connection.id,
      userId: adminId,
    });
    await recordHealth(gw.services, connection, 'NEEDS_REAUTH', {
      code: 'AUTHENTICATION_FAILED',
      step: 'login',
    });
    const delivered = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d.length === 2 && d.every((x) => x.status === 'DELIVERED'),
    );
    expect(delivered).toHaveLength(2);
    const bodies = receiver.received.map(
      (r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> },
    );
    // Sent concurrently: in either order (receivers order by data.at).
    expect(bodies.map((b) => [b.type, b.data.status, b.data.errorCode]).sort()).toEqual([
      ['CONNECTION_STATUS_CHANGED', 'CONNECTED', null],
      ['CONNECTION_STATUS_CHANGED', 'NEEDS_REAUTH', 'AUTHENTICATION_FAILED'],
    ]);
    for (const body of bodies)
      expect(body.data).toMatchObject({ connectionId: connection.id, email: connection.email });
  });

  it('delivers a status change committed by a process killed (SIGKILL) right after the commit', async () => {
    const { adminId, connection, id } = await statusEndpoint();
    // No worker runs meanwhile: the child's commit is all there is when it dies.
    const child = await runProcess(gw, 'test/testkit/webhook-source-process.ts', {
      CONNECTION_ID: connection.id,
      USER_ID: adminId,
    });
    expect(child, child.stderr).toMatchObject({ signal: 'SIGKILL' });
    const stored = await gw.services.db
      .selectFrom('connections')
      .select('status')
      .where('id', '=', connection.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('NEEDS_REAUTH');
    startWorker();
    const delivered = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d[0]?.status === 'DELIVERED',
    );
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: 'CONNECTION_STATUS_CHANGED',
      data: { connectionId: connection.id, status: 'NEEDS_REAUTH' },
    });
  }, 120_000);

  it('sends nothing for a change that rolled back', async () => {
    const { id } = await createEndpoint(gw, cookie, {
      url: receiver.url,
      eventTypes: ['ACTIVITY_LOGGED'],
    });
    startWorker();
    const undone = activity();
    await expect(
      gw.services.db.transaction().execute(async (trx) => {
        await recordWebhookEvents(trx, [activityLoggedEvent({ userId: 'u', activity: undone })]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // A later committed event is delivered, and it alone.
    const kept = activity();
    await logActivity(gw, 'u', kept);
    const delivered = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d[0]?.status === 'DELIVERED',
    );
    expect(delivered).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      receiver.received.map(
        (r) => (JSON.parse(r.body) as { data: { activity: { id: string } } }).data.activity.id,
      ),
    ).toEqual([kept.id]);
  });

  it('retries after 500s and a timeout with backoff, then parks; redeliver sends the same event again', async () => {
    const { id } = await createEndpoint(gw, cookie, {
      url: receiver.url,
      eventTypes: ['ACTIVITY_LOGGED'],
    });
    receiver.answers.push(500, 'hang', 503);
    startWorker({ timeoutMs: 1_500 });
    await logActivity(gw, 'u', activity());
    const delivered = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d[0]?.status === 'DELIVERED',
    );
    expect(delivered[0]).toMatchObject({ attempts: 4, responseStatus: 200, lastError: null });
    const ids = eventIds(receiver);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
    // Exponential: the waits between attempts grow (100 ms, 200 ms, 400 ms; the hang adds its timeout).
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[2]).toBeGreaterThanOrEqual(390);

    await worker!.stop();
    receiver.received.length = 0;
    receiver.answers.push(500, 500);
    startWorker({ maxAttempts: 2 });
    await logActivity(gw, 'u', activity());
    const parked = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d[0]?.status === 'PARKED',
    );
    expect(parked[0]).toMatchObject({ attempts: 2, responseStatus: 500, lastError: 'HTTP_STATUS' });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(2);

    const redelivered = await gw.request(
      `mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { __typename ... on WebhookDelivery { status } } }`,
      { id: parked[0]!.id },
      { cookie },
    );
    expect(redelivered.data.redeliverWebhook).toEqual({
      __typename: 'WebhookDelivery',
      status: 'PENDING',
    });
    const after = await until(
      () => deliveriesOf(gw, cookie, id),
      (d) => d[0]?.status === 'DELIVERED',
    );
    expect(after[0]).toMatchObject({ eventId: parked[0]!.eventId, responseStatus: 200 });
    expect(new Set(eventIds(receiver)).size).toBe(1);
  });

  it('refuses a private address the operator did not allow, at registration and at delivery', async () => {
    const elsewhere = await startWebhookReceiver();
    try {
      const refused = await gw.request(
        CreateEndpoint,
        { input: { url: elsewhere.url, eventTypes: ['ACTIVITY_LOGGED'] } },
        { cookie },
      );
      expect(refused.data.createWebhookEndpoint).toMatchObject({
        __typename: 'ValidationFailed',
        fields: [{ field: 'url', message: expect.stringMatching(/allow-list/) }],
      });
      for (const url of [
        'ftp://example.com/x',
        'http://example.com/hook',
        'https://u:p@example.com/',
      ]) {
        const res = await gw.request(
          CreateEndpoint,
          { input: { url, eventTypes: ['TEST'] } },
          { cookie },
        );
        expect(res.data.createWebhookEndpoint.__typename).toBe('ValidationFailed');
      }
      // Registered while allowed (or written before the allow-list changed): the worker still refuses it.
      const { id } = await createEndpoint(gw, cookie, {
        url: receiver.url,
        eventTypes: ['ACTIVITY_LOGGED'],
      });
      await gw.services.db
        .updateTable('webhook_endpoints')
        .set({ url: elsewhere.url })
        .where('id', '=', id)
        .execute();
      startWorker();
      await logActivity(gw, 'u', activity());
      const parked = await until(
        () => deliveriesOf(gw, cookie, id),
        (d) => d[0]?.status === 'PARKED',
      );
      expect(parked[0]).toMatchObject({
        attempts: 1,
        lastError: 'ADDRESS_REFUSED',
        responseStatus: null,
      });
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('lets only SUPER_ADMIN and ADMIN manage endpoints, on HTTP and graphql-ws, and no read-only token', async () => {
    const user = await gw.userSession('USER');
    const http = await gw.request(Deliveries, {}, { cookie: user.cookie });
    expect(http.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ws = gw.wsClient({ cookie: user.cookie });
    const overWs = await new Promise<unknown>((resolve) => {
      ws.subscribe(
        { query: Deliveries },
        { next: resolve, error: resolve, complete: () => undefined },
      );
    });
    expect(JSON.stringify(overWs)).toContain('FORBIDDEN');
    const token = await gw.request(
      'mutation { createApiToken(input: { name: "ro", scope: READ }) { ... on ApiTokenCreated { secret } } }',
      {},
      { cookie },
    );
    const readOnly = await gw.request(
      CreateEndpoint,
      { input: { url: receiver.url, eventTypes: ['TEST'] } },
      { token: token.data.createApiToken.secret },
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('READ_ONLY_TOKEN');
  });
});

describe.runIf(engines.includes('postgres'))('webhook workers on one PostgreSQL database', () => {
  let first: TestGateway;
  let second: TestGateway;
  let receiver: WebhookReceiver;
  let cookie: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const env = { INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${receiver.port}` };
    first = await startTestGateway('postgres', { env });
    second = await startTestGateway('postgres', {
      env,
      databaseUrl: first.services.config.databaseUrl,
    });
    cookie = await first.signIn();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await receiver?.close();
  });

  it('sends each delivery once with two workers', async () => {
    const { id } = await createEndpoint(first, cookie, {
      url: receiver.url,
      eventTypes: ['ACTIVITY_LOGGED'],
    });
    const workers = [first, second].map(
      (gw) => new WebhookWorker(gw.services, { ...fast, concurrency: 4 }),
    );
    for (const w of workers) w.start();
    try {
      const EVENTS = 40;
      for (let i = 0; i < EVENTS; i++) await logActivity(i % 2 ? first : second, 'u', activity());
      const delivered = await until(
        () => deliveriesOf(first, cookie, id),
        (d) => d.length === EVENTS && d.every((x) => x.status === 'DELIVERED'),
      );
      expect(delivered.filter((d) => d.status === 'DELIVERED')).toHaveLength(EVENTS);
      await new Promise((r) => setTimeout(r, 300));
      const ids = eventIds(receiver);
      expect(ids).toHaveLength(EVENTS);
      expect(new Set(ids).size).toBe(EVENTS);
      expect(delivered.every((d) => d.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('holds an endpoint read for an event until that transaction ends: deleting it waits instead of failing the change', async () => {
    const { id } = await createEndpoint(first, cookie, {
      url: receiver.url,
      eventTypes: ['SYNC_FINISHED'],
    });
    let read!: () => void;
    const wasRead = new Promise<void>((resolve) => (read = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A change that records an event (one this endpoint does not want: only the read happens).
    const change = first.services.db.transaction().execute(async (trx) => {
      await recordWebhookEvents(trx, [activityLoggedEvent({ userId: 'u', activity: activity() })]);
      read();
      await released;
    });
    await wasRead;
    const deleteEndpoint = (lockTimeout: string) =>
      second.services.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = ${sql.lit(lockTimeout)}`.execute(trx);
        return trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      });
    await expect(deleteEndpoint('200ms')).rejects.toThrow(/lock timeout/);
    release();
    await change;
    expect(Number((await deleteEndpoint('5s')).numDeletedRows)).toBe(1);
  });

  it('loses none when a worker process is killed with SIGKILL mid-delivery', async () => {
    await first.services.db.deleteFrom('webhook_endpoints').execute();
    receiver.received.length = 0;
    const { id } = await createEndpoint(first, cookie, {
      url: receiver.url,
      eventTypes: ['ACTIVITY_LOGGED'],
    });
    receiver.answers.push('hang');
    const child = spawn(
      process.execPath,
      ['--conditions=@inlet/source', '--import', 'tsx', 'test/testkit/webhook-worker-process.ts'],
      {
        cwd: gatewayDir,
        env: {
          ...process.env,
          DATABASE_URL: first.services.config.databaseUrl,
          INLET_ENCRYPTION_KEYS: TEST_KEY_ENTRY,
          INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${receiver.port}`,
          INLET_WEBHOOK_LEASE_SECONDS: '2',
          INLET_WEBHOOK_TIMEOUT_MS: '60000',
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      // Recorded before any worker runs, in another process: persisted, so the child finds it.
      await logActivity(first, 'u', activity());
      await until(
        async () => receiver.received.length,
        (n) => n >= 1,
        90_000, // a tsx child starts slowly on a loaded machine
      );
      const [claimed] = await deliveriesOf(first, cookie, id);
      expect(claimed, JSON.stringify(receiver.received)).toMatchObject({
        status: 'SENDING',
        attempts: 1,
      });
      child.kill('SIGKILL');
      await exited;
      const survivor = new WebhookWorker(second.services, fast);
      survivor.start();
      try {
        const done = await until(
          () => deliveriesOf(first, cookie, id),
          (d) => d[0]?.status === 'DELIVERED',
        );
        expect(done[0]).toMatchObject({ attempts: 2, responseStatus: 200 });
        const ids = eventIds(receiver);
        expect(ids).toHaveLength(2);
        expect(new Set(ids).size).toBe(1); // the same event again: the receiver de-duplicates on its id
      } finally {
        await survivor.stop();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  }, 180_000);
});
