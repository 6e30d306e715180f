import { randomUUID } from 'node:crypto';
import {
  newMessageId,
  parseEmailAddress,
  providerFor,
  type OutgoingMessage,
  type ProviderRegistry,
} from '@inlet/providers';
import type { ResolversTypes, SendEmailInput } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { OutboxRow } from '../../db/tables/outbox.table.js';
import { notFound, validationFailed, type FieldProblem } from '../../validation.js';
import { refused } from '../connection/connect-refusals.js';
import { ownConnection } from '../sync/connection-access.js';
import type { ViewerModel } from '../identity/viewer.js';
import { visibleActivities } from './timeline-access.js';

type Result = ResolversTypes['SendEmailResult'];

/** The From addresses a connection may use: its own address, and for Gmail its verified send-as aliases. */
export function fromAddressesOf(
  providers: ProviderRegistry,
  connection: Pick<ConnectionRow, 'email' | 'provider' | 'settings_json'>,
): string[] {
  if (!providerFor(providers, connection.provider).capabilities.sendAsAliases)
    return [connection.email];
  const aliases = (JSON.parse(connection.settings_json) as { aliases?: string[] }).aliases ?? [];
  return [connection.email, ...aliases.filter((a) => a !== connection.email)];
}

function checkRecipients(
  field: string,
  list: readonly { address: string }[] | null | undefined,
  problems: FieldProblem[],
): void {
  for (const [i, r] of (list ?? []).entries()) {
    if (!parseEmailAddress(r.address).ok)
      problems.push({ field: `${field}.${i}`, message: `"${r.address}" is not an email address.` });
  }
}

/** The viewer's outbox email sent with this idempotency key, if any. */
function sentWithKey(services: GatewayServices, viewer: ViewerModel, key: string) {
  return services.db
    .selectFrom('outbox')
    .selectAll()
    .where('user_id', '=', viewer.user.id)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Validates and persists the email in the outbox (the idempotency key makes a retried call return the
 * first row), enforcing the connection's sending limits. The outbox worker does the network work.
 */
export async function sendEmail(
  services: GatewayServices,
  viewer: ViewerModel,
  input: SendEmailInput,
): Promise<Result> {
  const existing = await sentWithKey(services, viewer, input.idempotencyKey);
  if (existing) return { __typename: 'OutboxEmail', ...existing };

  if (viewer.user.seat === 'VIEW_ONLY') {
    return refused('VIEW_ONLY_SEAT', { cannot: 'send email' });
  }
  const connection = await ownConnection(services.db, viewer.user.id, input.connectionId)
    .selectAll()
    .executeTakeFirst();
  if (!connection) return notFound('This connection');

  const problems: FieldProblem[] = [];
  if (input.idempotencyKey.length < 8 || input.idempotencyKey.length > 200)
    problems.push({
      field: 'idempotencyKey',
      message: 'Use a unique key of 8 to 200 characters, such as a UUID.',
    });
  const fromAddresses = fromAddressesOf(services.providers, connection);
  if (!fromAddresses.includes(input.from.trim().toLowerCase()))
    problems.push({ field: 'from', message: `Send from ${fromAddresses.join(' or ')}.` });
  if (input.to.length + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0) === 0)
    problems.push({ field: 'to', message: 'Add at least one recipient.' });
  if (input.to.length + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0) > 100)
    problems.push({ field: 'to', message: 'One-to-one email goes to at most 100 recipients.' });
  checkRecipients('to', input.to, problems);
  checkRecipients('cc', input.cc, problems);
  checkRecipients('bcc', input.bcc, problems);
  if (input.subject.trim() === '' || input.subject.length > 998 || /[\r\n]/.test(input.subject))
    problems.push({
      field: 'subject',
      message: 'Enter a one-line subject of at most 998 characters.',
    });
  if (!input.text?.trim() && !input.html?.trim())
    problems.push({ field: 'text', message: 'Write a message.' });
  if (problems.length > 0) return validationFailed(problems);

  let threading: Pick<OutgoingMessage, 'inReplyTo' | 'references'> = {};
  if (input.replyToActivityId) {
    // Only onto an activity the sender may read: another user's is "not found", as an unknown id is.
    const activity = await visibleActivities(services.db, viewer)
      .select(['message_id', 'connection_id'])
      .where('id', '=', input.replyToActivityId)
      .executeTakeFirst();
    if (!activity)
      return validationFailed([
        { field: 'replyToActivityId', message: 'The email to reply to was not found.' },
      ]);
    let originals = services.db
      .selectFrom('messages')
      .select('references_json')
      .where('message_id', '=', activity.message_id);
    if (activity.connection_id)
      originals = originals.where('connection_id', '=', activity.connection_id);
    const original = await originals.executeTakeFirst();
    threading = {
      inReplyTo: activity.message_id,
      references: original ? (JSON.parse(original.references_json) as string[]) : [],
    };
  }

  const limit = await sendingLimit(services, connection.id);
  if (limit) return limit;

  const now = new Date().toISOString();
  const message: OutgoingMessage = {
    from: { address: input.from.trim().toLowerCase(), name: viewer.user.name },
    to: input.to.map((r) => ({ address: r.address.trim(), name: r.name ?? null })),
    cc: (input.cc ?? []).map((r) => ({ address: r.address.trim(), name: r.name ?? null })),
    bcc: (input.bcc ?? []).map((r) => ({ address: r.address.trim(), name: r.name ?? null })),
    subject: input.subject,
    text: input.text ?? null,
    html: input.html ?? null,
    ...threading,
  };
  const row: OutboxRow = {
    id: randomUUID(),
    user_id: viewer.user.id,
    connection_id: connection.id,
    idempotency_key: input.idempotencyKey,
    status: 'QUEUED',
    message_json: JSON.stringify(message),
    message_id: newMessageId(message.from.address),
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    last_error_json: null,
    refused_json: null,
    created_at: now,
    sent_at: null,
  };
  try {
    await services.db.insertInto('outbox').values(row).execute();
  } catch (err) {
    // The same key arrived twice at once: the unique index let one in; answer with it.
    if (!isUniqueViolation(err)) throw err;
    const winner = await sentWithKey(services, viewer, input.idempotencyKey);
    if (!winner) throw err;
    return { __typename: 'OutboxEmail', ...winner };
  }
  services.pubsub.publish('outboxWake', {});
  return { __typename: 'OutboxEmail', ...row };
}

async function sendingLimit(
  services: GatewayServices,
  connectionId: string,
): Promise<Result | undefined> {
  const { perMinute, perDay } = services.config.sendLimits;
  const now = Date.now();
  const since = (ms: number) => new Date(now - ms).toISOString();
  const count = async (ms: number) =>
    Number(
      (
        await services.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('connection_id', '=', connectionId)
          .where('created_at', '>', since(ms))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const oldestIn = async (ms: number) =>
    (
      await services.db
        .selectFrom('outbox')
        .select('created_at')
        .where('connection_id', '=', connectionId)
        .where('created_at', '>', since(ms))
        .orderBy('created_at')
        .executeTakeFirstOrThrow()
    ).created_at;
  for (const [ms, max, label] of [
    [60_000, perMinute, 'minute'],
    [86_400_000, perDay, '24 hours'],
  ] as const) {
    if ((await count(ms)) >= max) {
      const retryAfter = new Date(Date.parse(await oldestIn(ms)) + ms).toISOString();
      return {
        __typename: 'SendingLimitReached',
        code: 'SENDING_LIMIT_REACHED',
        message: `This inbox may send ${max} emails per ${label}; you can send again at ${retryAfter}.`,
        retryAfter,
      };
    }
  }
  return undefined;
}
