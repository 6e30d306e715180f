import type { Resolvers } from '../../__generated__/resolvers-types.js';
import type { WebhookEventType } from '../../engine/webhooks/webhook-events.js';
import { pageSize } from '../../pagination.js';
import { requireWorkspaceAdmin } from '../identity/guards.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveries,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
} from './webhooks.service.js';

/** Webhook endpoints and deliveries: SUPER_ADMIN and ADMIN only, on HTTP and graphql-ws alike. */
export const webhookResolvers: Resolvers = {
  Query: {
    webhookEndpoints: async (_p, _a, ctx) => {
      requireWorkspaceAdmin(ctx);
      return ctx.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
  },
  Mutation: {
    createWebhookEndpoint: async (_p, { input }, ctx) =>
      createWebhookEndpoint(ctx, requireWorkspaceAdmin(ctx), input),
    rotateWebhookSecret: async (_p, { id, overlapHours }, ctx) =>
      rotateWebhookSecret(ctx, requireWorkspaceAdmin(ctx), id, overlapHours ?? 24),
    deleteWebhookEndpoint: async (_p, { id }, ctx) =>
      deleteWebhookEndpoint(ctx, requireWorkspaceAdmin(ctx), id),
    sendTestWebhook: async (_p, { id }, ctx) =>
      sendTestWebhook(ctx, requireWorkspaceAdmin(ctx), id),
    redeliverWebhook: async (_p, { deliveryId }, ctx) => {
      requireWorkspaceAdmin(ctx);
      return redeliverWebhook(ctx, deliveryId);
    },
  },
  WebhookEndpoint: {
    eventTypes: (row) => JSON.parse(row.event_types_json) as WebhookEventType[],
    connectionId: (row) => row.connection_id,
    userId: (row) => row.user_id,
    previousSecretExpiresAt: (row) =>
      row.previous_secret_expires_at && row.previous_secret_expires_at > new Date().toISOString()
        ? row.previous_secret_expires_at
        : null,
    createdAt: (row) => row.created_at,
    deliveries: (row, { first }, ctx) => listDeliveries(ctx, row.id, pageSize(first ?? 20)),
  },
  WebhookDelivery: {
    eventId: (row) => row.event_id,
    eventType: (row) => row.event_type as WebhookEventType,
    responseStatus: (row) => row.response_status,
    lastError: (row) => row.last_error,
    nextAttemptAt: (row) => (row.status === 'PENDING' ? row.next_attempt_at : null),
    createdAt: (row) => row.created_at,
    deliveredAt: (row) => row.delivered_at,
  },
};
