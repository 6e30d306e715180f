import { randomUUID } from 'node:crypto';
import type { GatewayContext } from '../../context.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../db/tables/webhook.table.js';
import { newWebhookSecret } from '../../engine/webhooks/signature.js';
import type { WebhookEventType } from '../../engine/webhooks/webhook-events.js';
import { vetWebhookUrl } from '../../engine/webhooks/webhook-target.js';
import { notFound, validationFailed, type FieldProblem } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import type { ViewerModel } from '../identity/viewer.js';

export interface CreateWebhookInput {
  url: string;
  eventTypes: readonly WebhookEventType[];
  connectionId?: string | null;
  userId?: string | null;
  description?: string | null;
}

const MAX_OVERLAP_HOURS = 168;

const secretAt = (id: string, column: 'secret_enc' | 'previous_secret_enc') => ({
  table: 'webhook_endpoints',
  column,
  rowId: id,
});

/** What the audit log keeps of an endpoint: never a secret. */
const auditView = (row: WebhookEndpointRow) => ({
  url: row.url,
  eventTypes: JSON.parse(row.event_types_json) as unknown,
  connectionId: row.connection_id,
  userId: row.user_id,
});

export async function createWebhookEndpoint(
  ctx: GatewayContext,
  viewer: ViewerModel,
  input: CreateWebhookInput,
) {
  const problems: FieldProblem[] = [];
  const url = input.url.trim();
  if (url.length > 2000) problems.push({ field: 'url', message: 'The URL is too long.' });
  else {
    const verdict = await vetWebhookUrl(url, ctx.mailNetwork);
    if (!verdict.ok) problems.push({ field: 'url', message: verdict.message });
  }
  const eventTypes = [...new Set(input.eventTypes)].filter((t) => t !== 'TEST');
  if (eventTypes.length === 0)
    problems.push({ field: 'eventTypes', message: 'Choose at least one event.' });
  if (input.connectionId) {
    const found = await ctx.db
      .selectFrom('connections')
      .select('id')
      .where('id', '=', input.connectionId)
      .executeTakeFirst();
    if (!found) problems.push({ field: 'connectionId', message: 'No such connection.' });
  }
  if (input.userId) {
    const found = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!found) problems.push({ field: 'userId', message: 'No such user.' });
  }
  if ((input.description ?? '').length > 500)
    problems.push({ field: 'description', message: 'Keep the description under 500 characters.' });
  if (problems.length > 0) return validationFailed(problems);

  const id = randomUUID();
  const secret = newWebhookSecret();
  const now = new Date().toISOString();
  const row: WebhookEndpointRow = {
    id,
    url,
    description: input.description?.trim() || null,
    event_types_json: JSON.stringify(eventTypes),
    connection_id: input.connectionId ?? null,
    user_id: input.userId ?? null,
    secret_enc: ctx.vault.encrypt(secret, secretAt(id, 'secret_enc')),
    previous_secret_enc: null,
    previous_secret_expires_at: null,
    created_by: viewer.user.id,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_endpoints').values(row).execute();
    await recordAudit(trx, viewer, {
      action: 'webhook.create',
      targetType: 'WebhookEndpoint',
      targetId: id,
      before: null,
      after: auditView(row),
    });
  });
  return { __typename: 'WebhookEndpointCreated' as const, endpoint: row, secret };
}

export async function rotateWebhookSecret(
  ctx: GatewayContext,
  viewer: ViewerModel,
  id: string,
  overlapHours: number,
) {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS)
    return validationFailed([
      { field: 'overlapHours', message: `Between 0 and ${MAX_OVERLAP_HOURS} hours.` },
    ]);
  const row = await findEndpoint(ctx, id);
  if (!row) return notFound('webhook endpoint');
  const secret = newWebhookSecret();
  const current = ctx.vault.decrypt(row.secret_enc, secretAt(id, 'secret_enc'));
  const updated: WebhookEndpointRow = {
    ...row,
    secret_enc: ctx.vault.encrypt(secret, secretAt(id, 'secret_enc')),
    previous_secret_enc:
      overlapHours > 0 ? ctx.vault.encrypt(current, secretAt(id, 'previous_secret_enc')) : null,
    previous_secret_expires_at:
      overlapHours > 0 ? new Date(Date.now() + overlapHours * 3600_000).toISOString() : null,
    updated_at: new Date().toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_endpoints')
      .set({
        secret_enc: updated.secret_enc,
        previous_secret_enc: updated.previous_secret_enc,
        previous_secret_expires_at: updated.previous_secret_expires_at,
        updated_at: updated.updated_at,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, viewer, {
      action: 'webhook.rotateSecret',
      targetType: 'WebhookEndpoint',
      targetId: id,
      before: null,
      after: { previousSecretExpiresAt: updated.previous_secret_expires_at },
    });
  });
  return { __typename: 'WebhookSecretRotated' as const, endpoint: updated, secret };
}

export async function deleteWebhookEndpoint(ctx: GatewayContext, viewer: ViewerModel, id: string) {
  const row = await findEndpoint(ctx, id);
  if (!row) return notFound('webhook endpoint');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    await recordAudit(trx, viewer, {
      action: 'webhook.delete',
      targetType: 'WebhookEndpoint',
      targetId: id,
      before: auditView(row),
      after: null,
    });
  });
  return { __typename: 'WebhookEndpoint' as const, ...row };
}

export async function sendTestWebhook(ctx: GatewayContext, viewer: ViewerModel, id: string) {
  const row = await findEndpoint(ctx, id);
  if (!row) return notFound('webhook endpoint');
  const [delivery] = await ctx.webhooks.record(
    {
      id: randomUUID(),
      type: 'TEST',
      createdAt: new Date().toISOString(),
      userId: viewer.user.id,
      connectionId: null,
      data: { endpointId: id, message: 'A test event from Inlet.' },
    },
    row,
  );
  return { __typename: 'WebhookDelivery' as const, ...delivery! };
}

export async function redeliverWebhook(ctx: GatewayContext, deliveryId: string) {
  const now = new Date().toISOString();
  // Not while a worker holds it: the attempt in flight decides, then a redelivery may follow. The row as
  // this update left it: a worker may claim it the moment it is PENDING.
  const row =
    (await ctx.db
      .updateTable('webhook_deliveries')
      .set({ status: 'PENDING', next_attempt_at: now, attempts: 0, delivered_at: null })
      .where('id', '=', deliveryId)
      .where('status', '!=', 'SENDING')
      .returningAll()
      .executeTakeFirst()) ??
    (await ctx.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirst());
  if (!row) return notFound('webhook delivery');
  ctx.pubsub.publish('webhookWake', {});
  return { __typename: 'WebhookDelivery' as const, ...row };
}

export function findEndpoint(ctx: GatewayContext, id: string) {
  return ctx.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listDeliveries(
  ctx: GatewayContext,
  endpointId: string,
  first: number,
): Promise<WebhookDeliveryRow[]> {
  return ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(first)
    .execute();
}
