import type { Selectable } from 'kysely';
import type { ConnectionEventTable } from '../../db/tables/connection.table.js';
import type { GatewayTopics } from '../../pubsub.js';
import { derivedEventId } from './signature.js';

type ConnectionEventRow = Selectable<ConnectionEventTable>;

/** The SDL's WebhookEventType. */
export type WebhookEventType =
  | 'CONNECTION_STATUS_CHANGED'
  | 'SYNC_FINISHED'
  | 'MESSAGE_SYNCED'
  | 'ACTIVITY_LOGGED'
  | 'EMAIL_SENT'
  | 'EMAIL_FAILED'
  | 'TEST';

/** One event as a receiver gets it (the JSON body), with what endpoint filters match on. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  /** For filters: whose and which connection's event it is. */
  userId: string | null;
  connectionId: string | null;
  data: Record<string, unknown>;
}

/** An event about one connection: its data names the connection and its owner first. */
function connectionEvent(
  id: string,
  type: WebhookEventType,
  createdAt: string,
  { connectionId, userId }: { connectionId: string; userId: string },
  data: Record<string, unknown>,
): WebhookEvent {
  return { id, type, createdAt, userId, connectionId, data: { connectionId, userId, ...data } };
}

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const now = () => new Date().toISOString();

// Ids derive from the row the event is about, so the same fact is one event however often it is
// recorded (a replayed transaction, a restart): deliveries are unique per (endpoint, event id).

/** A new connection_events row: the connection's status changed (or a note in its history). */
export function connectionStatusEvent(
  connection: { id: string; user_id: string; email: string },
  row: Pick<ConnectionEventRow, 'id' | 'at' | 'status' | 'code' | 'step'>,
): WebhookEvent {
  return connectionEvent(
    derivedEventId(`connection_event:${row.id}`),
    'CONNECTION_STATUS_CHANGED',
    now(),
    { connectionId: connection.id, userId: connection.user_id },
    {
      email: connection.email,
      status: row.status,
      errorCode: row.code,
      step: row.step,
      at: row.at,
    },
  );
}

/**
 * A folder's sync reached its total; undefined before. `state` is the folder's stored state then
 * (validity, next UID, mod-sequence): the same finish reported again after a restart is the same event.
 */
export function syncFinishedEvent(
  p: GatewayTopics['syncProgress'],
  state: string,
): WebhookEvent | undefined {
  if (p.total <= 0 || p.done < p.total) return undefined;
  return connectionEvent(
    derivedEventId(`sync_finished:${p.connectionId}:${p.folder}:${state}`),
    'SYNC_FINISHED',
    now(),
    p,
    { folder: p.folder, total: p.total },
  );
}

export function messageSyncedEvent({
  connectionId,
  userId,
  message: m,
}: GatewayTopics['messageSynced']): WebhookEvent {
  return connectionEvent(
    derivedEventId(`message:${m.id}`),
    'MESSAGE_SYNCED',
    now(),
    { connectionId, userId },
    {
      message: {
        id: m.id,
        messageId: m.message_id,
        inReplyTo: m.in_reply_to,
        folder: m.folder,
        from: json(m.from_json),
        to: json(m.to_json),
        cc: json(m.cc_json),
        subject: m.subject,
        date: m.date,
        snippet: m.snippet,
      },
    },
  );
}

export function activityLoggedEvent({
  userId,
  activity: a,
}: GatewayTopics['activityLogged']): WebhookEvent {
  return {
    id: derivedEventId(`activity:${a.id}`),
    type: 'ACTIVITY_LOGGED',
    createdAt: now(),
    userId,
    connectionId: a.connection_id,
    data: {
      userId,
      activity: {
        id: a.id,
        type: a.type,
        contactId: a.contact_id,
        connectionId: a.connection_id,
        messageId: a.message_id,
        subject: a.subject,
        snippet: a.snippet,
        occurredAt: a.occurred_at,
      },
    },
  };
}

export function emailSettledEvent(e: GatewayTopics['emailSettled']): WebhookEvent {
  return {
    id: derivedEventId(`outbox:${e.outboxId}:${e.status}`),
    type: e.status === 'SENT' ? 'EMAIL_SENT' : 'EMAIL_FAILED',
    createdAt: now(),
    userId: e.userId,
    connectionId: e.connectionId,
    data: {
      outboxId: e.outboxId,
      connectionId: e.connectionId,
      userId: e.userId,
      messageId: e.messageId,
      errorCode: e.errorCode,
    },
  };
}

/** The body POSTed for an event: the same bytes on every attempt. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    data: event.data,
  });
}
