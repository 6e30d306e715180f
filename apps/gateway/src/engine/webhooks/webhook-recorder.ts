import { randomUUID } from 'node:crypto';
import type { CompiledQuery, Kysely, Selectable } from 'kysely';
import type { GatewayServices } from '../../gateway-services.js';
import { engineOf } from '../../db/database.js';
import { executeTogether } from '../../db/execute-together.js';
import type { Database } from '../../db/schema.js';
import type { ConnectionEventTable, ConnectionTable } from '../../db/tables/connection.table.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../db/tables/webhook.table.js';
import type { GatewayTopics } from '../../pubsub.js';
import {
  connectionStatusEvent,
  syncFinishedEvent,
  webhookBody,
  type WebhookEvent,
} from './webhook-events.js';

/** What a connection's events name. */
type ConnectionIdentity = Pick<Selectable<ConnectionTable>, 'id' | 'user_id' | 'email'>;

/** What an endpoint filters on. */
export type EndpointFilter = Pick<
  WebhookEndpointRow,
  'id' | 'event_types_json' | 'connection_id' | 'user_id'
>;

/**
 * Stores the deliveries of `events` (or of what the function returns, called only when there is an
 * endpoint at all), one PENDING row per endpoint that wants each (or only for
 * `endpoint`), with `db` the transaction that changes the state the events are about: the event commits
 * with its cause or not at all, so a process killed right after the commit loses none, and a rolled-back
 * change sends nothing. Rows are unique per (endpoint, event id), so a replay adds none; the delivery
 * workers claim them under their lease rules. Waking the workers is the caller's publish after commit
 * (see WebhookRecorder.attach); their poll picks up the rest.
 */
export async function recordWebhookEvents(
  db: Kysely<Database>,
  eventsOrBuild: readonly WebhookEvent[] | (() => readonly WebhookEvent[]),
  endpoint?: EndpointFilter,
): Promise<WebhookDeliveryRow[]> {
  if (Array.isArray(eventsOrBuild) && eventsOrBuild.length === 0) return [];
  const endpoints = endpoint
    ? [endpoint]
    : ((await db.executeQuery(webhookEndpointsQuery(db))).rows as EndpointFilter[]);
  const { rows, queries } = webhookDeliveries(db, endpoints, eventsOrBuild, endpoint !== undefined);
  await executeTogether(db, queries);
  return rows;
}

/**
 * The endpoints events may go to, read in the caller's transaction: the endpoints as they are when the
 * event happens. On PostgreSQL the rows are key-share locked (what the deliveries' foreign key check
 * takes anyway), so an endpoint deleted meanwhile waits for this transaction instead of failing it, and
 * with it the change the events are about (a send's outcome, a sync batch). SQLite runs one write
 * transaction at a time. Its rows are EndpointFilter's.
 */
export function webhookEndpointsQuery(db: Kysely<Database>): CompiledQuery {
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types_json', 'connection_id', 'user_id'])
    .$if(engineOf(db) === 'POSTGRES', (q) => q.forKeyShare())
    .compile();
}

/**
 * The delivery rows of `eventsOrBuild` for `endpoints` (all of them when `toEach`, else those that want
 * each event) and the statements that store them. The events are built only when there is an endpoint:
 * with none, a sync batch builds no events (a hash and a body per message).
 */
export function webhookDeliveries(
  db: Kysely<Database>,
  endpoints: readonly EndpointFilter[],
  eventsOrBuild: readonly WebhookEvent[] | (() => readonly WebhookEvent[]),
  toEach = false,
): { rows: WebhookDeliveryRow[]; queries: CompiledQuery[] } {
  if (endpoints.length === 0) return { rows: [], queries: [] };
  const events = typeof eventsOrBuild === 'function' ? eventsOrBuild() : eventsOrBuild;
  const now = new Date().toISOString();
  const rows: WebhookDeliveryRow[] = [];
  for (const event of events) {
    const body = webhookBody(event);
    for (const e of endpoints)
      if (toEach || wants(e, event))
        rows.push({
          id: randomUUID(),
          endpoint_id: e.id,
          event_id: event.id,
          event_type: event.type,
          body,
          status: 'PENDING',
          attempts: 0,
          next_attempt_at: now,
          lease_owner: null,
          lease_until: null,
          response_status: null,
          last_error: null,
          created_at: now,
          delivered_at: null,
        });
  }
  const queries: CompiledQuery[] = [];
  // In chunks: SQLite caps the number of parameters of one statement (14 a row).
  for (let i = 0; i < rows.length; i += 500)
    queries.push(
      db
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
        .compile(),
    );
  return { rows, queries };
}

/**
 * CONNECTION_STATUS_CHANGED for new connection_events rows, in the transaction that inserts them.
 * `connections`: the rows' connections when the caller has read them already (else one read here).
 */
export async function recordConnectionEvents(
  db: Kysely<Database>,
  rows: readonly Pick<
    Selectable<ConnectionEventTable>,
    'id' | 'connection_id' | 'at' | 'status' | 'code' | 'step'
  >[],
  connections?: readonly ConnectionIdentity[],
): Promise<void> {
  if (rows.length === 0) return;
  connections ??= await db
    .selectFrom('connections')
    .select(['id', 'user_id', 'email'])
    .where('id', 'in', [...new Set(rows.map((r) => r.connection_id))])
    .execute();
  const byId = new Map(connections.map((c) => [c.id, c]));
  await recordWebhookEvents(
    db,
    rows.flatMap((row) => {
      const connection = byId.get(row.connection_id);
      return connection ? [connectionStatusEvent(connection, row)] : [];
    }),
  );
}

/**
 * SYNC_FINISHED when a folder's progress reaches its total. Nothing is written when a sync finishes (its
 * batches were), so this is recorded on its own, keyed by the folder's stored state: a restart that
 * syncs to the same state reports the same event, which its deliveries' unique key keeps to one.
 */
export async function recordSyncFinished(
  db: Kysely<Database>,
  progress: GatewayTopics['syncProgress'],
): Promise<void> {
  if (progress.total <= 0 || progress.done < progress.total) return;
  const state = await db
    .selectFrom('folder_state')
    .select(['uid_validity', 'uid_next', 'highest_modseq'])
    .where('connection_id', '=', progress.connectionId)
    .where('path', '=', progress.folder)
    .executeTakeFirst();
  const key = state ? `${state.uid_validity}:${state.uid_next}:${state.highest_modseq}` : 'none';
  const event = syncFinishedEvent(progress, key);
  if (event) await recordWebhookEvents(db, [event]);
}

/** The topics published after a commit that may have recorded webhook deliveries. */
const EVENT_TOPICS: ReadonlySet<string> = new Set([
  'connectionChanged',
  'syncProgress',
  'messageSynced',
  'activityLogged',
  'emailSettled',
]);

type RecorderServices = Pick<GatewayServices, 'db' | 'pubsub'>;

/**
 * Wakes the delivery workers after the commits that record deliveries (the publishes that follow them,
 * one wake per turn of the event loop however many there were), and records the console's test events.
 */
export class WebhookRecorder {
  private wakePending = false;
  private closed = false;

  constructor(private readonly services: RecorderServices) {}

  attach(): void {
    this.services.pubsub.observePublishes((topic) => {
      if (!EVENT_TOPICS.has(topic) || this.wakePending || this.closed) return;
      this.wakePending = true;
      setImmediate(() => {
        this.wakePending = false;
        if (!this.closed) this.services.pubsub.publish('webhookWake', {});
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Stores one delivery per endpoint that wants `event` (or only for `endpoint`), then wakes the workers. */
  async record(event: WebhookEvent, endpoint?: EndpointFilter): Promise<WebhookDeliveryRow[]> {
    const rows = await recordWebhookEvents(this.services.db, [event], endpoint);
    if (rows.length > 0) this.services.pubsub.publish('webhookWake', {});
    return rows;
  }
}

function wants(endpoint: EndpointFilter, event: WebhookEvent): boolean {
  const types = JSON.parse(endpoint.event_types_json) as string[];
  if (!types.includes(event.type)) return false;
  if (endpoint.connection_id && endpoint.connection_id !== event.connectionId) return false;
  if (endpoint.user_id && endpoint.user_id !== event.userId) return false;
  return true;
}
