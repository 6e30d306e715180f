import { randomUUID } from 'node:crypto';
import type { GatewayServices } from '../../gateway-services.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../db/tables/webhook.table.js';
import { webhookBody, webhookEventFor, type WebhookEvent } from './webhook-events.js';

/** How long a process trusts its list of endpoints without a webhooksChanged event. */
const ENDPOINTS_TTL_MS = 30_000;

type RecorderServices = Pick<GatewayServices, 'db' | 'pubsub' | 'logger'>;

/**
 * Turns the events this process publishes into webhook deliveries: one webhook_deliveries row per
 * matching endpoint, written before the workers are woken, so a delivery survives any restart from then
 * on. Runs in the process that produced the event (observePublishes), so a fleet of replicas records
 * each event once; rows are unique per (endpoint, event id) besides.
 */
export class WebhookRecorder {
  private endpoints: { rows: Promise<WebhookEndpointRow[]>; at: number } | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopped = new AbortController();

  constructor(private readonly services: RecorderServices) {}

  /** Hooks the recorder to the process's publishes, and its endpoint list to webhooksChanged. */
  attach(): void {
    const { pubsub } = this.services;
    pubsub.observePublishes((topic, payload) => {
      if (topic === 'webhookWake' || topic === 'webhooksChanged' || this.stopped.signal.aborted)
        return;
      const work = this.observe(topic, payload);
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    });
    void (async () => {
      for await (const _ of pubsub.subscribe('webhooksChanged', { signal: this.stopped.signal }))
        this.endpoints = undefined;
    })();
  }

  /** Stops listening for endpoint changes and waits for what is being recorded. */
  async close(): Promise<void> {
    this.stopped.abort();
    await this.flush();
  }

  /** Resolves once every event observed so far is recorded (shutdown, tests). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async observe(topic: string, payload: unknown): Promise<void> {
    try {
      if ((await this.endpointRows()).length === 0) return;
      const event = await webhookEventFor(this.services.db, topic, payload);
      if (event) await this.record(event);
    } catch (err) {
      this.services.logger.error({ err, topic }, 'could not record a webhook event');
    }
  }

  /** Stores one delivery per endpoint that wants the event (or only for `endpoint`), then wakes the workers. */
  async record(event: WebhookEvent, endpoint?: WebhookEndpointRow): Promise<WebhookDeliveryRow[]> {
    const targets = endpoint
      ? [endpoint]
      : (await this.endpointRows()).filter((e) => wants(e, event));
    if (targets.length === 0) return [];
    const now = new Date().toISOString();
    const rows: WebhookDeliveryRow[] = targets.map((e) => ({
      id: randomUUID(),
      endpoint_id: e.id,
      event_id: event.id,
      event_type: event.type,
      body: webhookBody(event),
      status: 'PENDING',
      attempts: 0,
      next_attempt_at: now,
      lease_owner: null,
      lease_until: null,
      response_status: null,
      last_error: null,
      created_at: now,
      delivered_at: null,
    }));
    await this.services.db
      .insertInto('webhook_deliveries')
      .values(rows)
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .execute();
    this.services.pubsub.publish('webhookWake', {});
    return rows;
  }

  private endpointRows(): Promise<WebhookEndpointRow[]> {
    if (!this.endpoints || Date.now() - this.endpoints.at > ENDPOINTS_TTL_MS) {
      const rows = this.services.db.selectFrom('webhook_endpoints').selectAll().execute();
      this.endpoints = { rows, at: Date.now() };
      rows.catch(() => (this.endpoints = undefined));
    }
    return this.endpoints.rows;
  }
}

function wants(endpoint: WebhookEndpointRow, event: WebhookEvent): boolean {
  const types = JSON.parse(endpoint.event_types_json) as string[];
  if (!types.includes(event.type)) return false;
  if (endpoint.connection_id && endpoint.connection_id !== event.connectionId) return false;
  if (endpoint.user_id && endpoint.user_id !== event.userId) return false;
  return true;
}
