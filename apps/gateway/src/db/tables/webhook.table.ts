import type { Selectable } from 'kysely';

/** Where events are POSTed; registered by SUPER_ADMIN and ADMIN. */
export interface WebhookEndpointTable {
  id: string;
  url: string;
  description: string | null;
  /** JSON array of WebhookEventType values. */
  event_types_json: string;
  /** Only this connection's events, when set. */
  connection_id: string | null;
  /** Only this user's events, when set. */
  user_id: string | null;
  /** The signing secret, encrypted by the vault. */
  secret_enc: string;
  /** After a rotation: the old secret, still signing until previous_secret_expires_at. */
  previous_secret_enc: string | null;
  previous_secret_expires_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;

export type WebhookDeliveryStatus = 'PENDING' | 'SENDING' | 'DELIVERED' | 'PARKED';

/** One event for one endpoint: the outbox the delivery workers claim from. */
export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  /** The same for every attempt and redelivery: receivers de-duplicate on it. */
  event_id: string;
  event_type: string;
  /** The JSON body, fixed when the event was recorded. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  /** While SENDING: the worker that claimed it and until when. */
  lease_owner: string | null;
  lease_until: string | null;
  /** The HTTP status of the last attempt, when one came back. */
  response_status: number | null;
  /** A WebhookErrorCode for the last failed attempt. */
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
