import { randomUUID } from 'node:crypto';
import { activityLoggedEvent } from '../src/engine/webhooks/webhook-events.js';
import { recordWebhookEvents } from '../src/engine/webhooks/webhook-recorder.js';
import { WebhookWorker } from '../src/engine/webhooks/webhook-worker.js';
import type { Engine } from '../test/testkit/databases.js';
import { startTestGateway } from '../test/testkit/gateway.js';
import { startWebhookReceiver } from '../test/testkit/webhook-receiver.js';
import { log, type BenchResult } from './lib/report.js';
import { latencyCells, ms, sleep, summarize, withTimeout } from './lib/stats.js';

export const SAMPLES = 200;
/** Between events, so each measures one delivery rather than a queue. */
const GAP_MS = 20;

/**
 * Per event: the source transaction that records it (start -> commit), and its commit -> the receiver has
 * the whole signed POST; one event at a time.
 */
async function measure(engine: Engine): Promise<{ recording: number[]; delivery: number[] }> {
  const receiver = await startWebhookReceiver();
  const gw = await startTestGateway(engine, {
    env: { INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${receiver.port}` },
  });
  // Production settings (the worker's defaults): woken by the recorder, polling only as a fallback.
  const worker = new WebhookWorker(gw.services);
  try {
    const cookie = await gw.signIn();
    const created = await gw.request(
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename } }`,
      { input: { url: receiver.url, eventTypes: ['ACTIVITY_LOGGED'] } },
      { cookie },
    );
    if (created.data?.createWebhookEndpoint.__typename !== 'WebhookEndpointCreated')
      throw new Error(`could not register the endpoint: ${JSON.stringify(created)}`);
    worker.start();
    const recording: number[] = [];
    const delivery: number[] = [];
    for (let i = 0; i < SAMPLES + 5; i++) {
      const now = new Date().toISOString();
      const arrived = new Promise<number>(
        (resolve) => (receiver.onRequest = () => resolve(performance.now())),
      );
      const userId = randomUUID();
      const activity = {
        id: randomUUID(),
        contact_id: randomUUID(),
        connection_id: randomUUID(),
        type: 'SENT_ONE_TO_ONE' as const,
        message_id: `<${randomUUID()}@bench.test>`,
        subject: `Bench ${i}`,
        snippet: 'Hello',
        occurred_at: now,
        created_at: now,
      };
      const t0 = performance.now();
      // As the outbox worker after a send: the event recorded in the source transaction, published after it.
      await gw.services.db
        .transaction()
        .execute((trx) => recordWebhookEvents(trx, [activityLoggedEvent({ userId, activity })]));
      const committed = performance.now();
      gw.services.pubsub.publish('activityLogged', { userId, activity });
      const t1 = await withTimeout(arrived, 30_000, 'webhook delivery');
      // The first few warm up the connection pool and JIT.
      if (i >= 5) {
        recording.push(committed - t0);
        delivery.push(t1 - committed);
      }
      await sleep(GAP_MS);
    }
    return { recording, delivery };
  } finally {
    await worker.stop();
    await gw.close();
    await receiver.close();
  }
}

export async function runWebhookLatency(engines: Engine[]): Promise<BenchResult> {
  const started = performance.now();
  const rows: string[][] = [];
  const headline: [string, string][] = [];
  for (const engine of engines) {
    log(`webhook latency on ${engine}`);
    const measured = await measure(engine);
    const s = summarize(measured.delivery);
    const r = summarize(measured.recording);
    rows.push([engine, 'commit -> receiver', ...latencyCells(s, 1)]);
    rows.push([engine, 'source transaction (records the event)', ...latencyCells(r, 1)]);
    headline.push([
      `event (source commit) -> webhook receiver, ${engine}, N=${s.n} (p50 / p95 / p99 / max)`,
      `${ms(s.p50, 1)} / ${ms(s.p95, 1)} / ${ms(s.p99, 1)} / ${ms(s.max, 1)}`,
    ]);
  }
  return {
    id: 'webhook-latency',
    title: 'Event to webhook receiver',
    method: [
      `A real gateway (\`test/testkit/gateway.ts\`) on a fresh database of each engine, a \`WebhookWorker\` with its production settings (woken through pubsub when a delivery is recorded; a 1 s poll only as a fallback), and a plain-HTTP receiver on 127.0.0.1 (\`test/testkit/webhook-receiver.ts\`, on the operator allow-list). One endpoint for ACTIVITY_LOGGED, registered through the \`createWebhookEndpoint\` mutation.`,
      `${SAMPLES} events, one at a time (${GAP_MS} ms apart, after 5 warm-up events): the bench does what the outbox worker does after a send (a transaction that records the event, \`recordWebhookEvents\`, then \`activityLogged\` published after the commit) and measures from its commit (the moment the event is a fact) until the receiver has read the whole POST (\`performance.now()\` in the bench process); the transaction itself (BEGIN, read the endpoints, insert the webhook_deliveries row, COMMIT) is timed apart, as the cost the event adds to the change that causes it. After the commit: the publish wakes the worker (one \`webhookWake\` per event-loop turn), which claims the row (conditional UPDATE), vets the URL (SSRF guard), signs (HMAC-SHA256), POSTs on a fresh socket, and the receiver reads the body.`,
    ],
    tables: [{ headers: ['engine', 'span', 'n', 'p50', 'p95', 'p99', 'max'], rows }],
    headline,
    notes: ['The target in issue #18 is p99 <= 100 ms on loopback.'],
    seconds: (performance.now() - started) / 1000,
  };
}
