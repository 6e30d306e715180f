import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GatewayTopics } from '../../pubsub.js';
import { derivedEventId } from './signature.js';

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

/**
 * The webhook event a published topic stands for, or undefined (not one webhooks carry, or nothing
 * changed). Ids derive from the row the event is about where there is one, so the same fact is one
 * event however often it is published.
 */
export async function webhookEventFor(
  db: Kysely<Database>,
  topic: string,
  payload: unknown,
): Promise<WebhookEvent | undefined> {
  const createdAt = new Date().toISOString();
  switch (topic) {
    case 'connectionChanged': {
      // Published for any change; a status change is a new connection_events row.
      const { connectionId, userId } = payload as GatewayTopics['connectionChanged'];
      const latest = await db
        .selectFrom('connection_events')
        .innerJoin('connections', 'connections.id', 'connection_events.connection_id')
        .select([
          'connection_events.id',
          'connection_events.at',
          'connection_events.status',
          'connection_events.code',
          'connection_events.step',
          'connections.email',
        ])
        .where('connection_events.connection_id', '=', connectionId)
        .orderBy('connection_events.at', 'desc')
        .orderBy('connection_events.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!latest) return undefined;
      return connectionEvent(
        derivedEventId(`connection_event:${latest.id}`),
        'CONNECTION_STATUS_CHANGED',
        createdAt,
        { connectionId, userId },
        {
          email: latest.email,
          status: latest.status,
          errorCode: latest.code,
          step: latest.step,
          at: latest.at,
        },
      );
    }
    case 'syncProgress': {
      const p = payload as GatewayTopics['syncProgress'];
      if (p.total <= 0 || p.done < p.total) return undefined;
      return connectionEvent(randomUUID(), 'SYNC_FINISHED', createdAt, p, {
        folder: p.folder,
        total: p.total,
      });
    }
    case 'messageSynced': {
      const { connectionId, userId, message: m } = payload as GatewayTopics['messageSynced'];
      return connectionEvent(
        derivedEventId(`message:${m.id}`),
        'MESSAGE_SYNCED',
        createdAt,
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
    case 'activityLogged': {
      const { userId, activity: a } = payload as GatewayTopics['activityLogged'];
      return {
        id: derivedEventId(`activity:${a.id}`),
        type: 'ACTIVITY_LOGGED',
        createdAt,
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
    case 'emailSettled': {
      const e = payload as GatewayTopics['emailSettled'];
      return {
        id: derivedEventId(`outbox:${e.outboxId}:${e.status}`),
        type: e.status === 'SENT' ? 'EMAIL_SENT' : 'EMAIL_FAILED',
        createdAt,
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
    default:
      return undefined;
  }
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
