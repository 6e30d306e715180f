import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ViewerModel } from '../identity/viewer.js';

/** Keys never written to the audit log, whatever object is recorded. */
const secretKeys = /pass(word)?|secret|token|hash|key/i;

function toAuditJson(value: object | null): string | null {
  if (!value) return null;
  return JSON.stringify(value, (key, v) => (key !== '' && secretKeys.test(key) ? undefined : v));
}

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  before: object | null;
  after: object | null;
}

/**
 * Records who changed what, with before/after snapshots; call inside the change's transaction.
 * `viewer` is null when nobody is signed in (a failed sign-in) or the system acts.
 */
export async function recordAudit(
  db: Kysely<Database>,
  viewer: ViewerModel | null,
  record: AuditRecord,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: new Date().toISOString(),
      actor_user_id: viewer?.user.id ?? null,
      actor_token_id: viewer?.tokenId ?? null,
      action: record.action,
      target_type: record.targetType,
      target_id: record.targetId,
      before_json: toAuditJson(record.before),
      after_json: toAuditJson(record.after),
    })
    .execute();
}

/** Repeats within this long of an entry's first occurrence are counted on it. */
export const REPEAT_WINDOW_MS = 15 * 60_000;

/**
 * Records an action people repeat (resync, check now): a repeat by the same actor (user and token) on
 * the same target within REPEAT_WINDOW_MS of the entry's first occurrence is counted on that entry
 * (count, last time, latest `after`) instead of adding one, so the button cannot flood the log. Two
 * repeats at the same instant may each add an entry; nothing is lost either way.
 */
export async function recordRepeatableAudit(
  db: Kysely<Database>,
  viewer: ViewerModel,
  record: AuditRecord,
): Promise<void> {
  const now = new Date();
  const recent = await db
    .selectFrom('audit_log')
    .select('id')
    .where('target_type', '=', record.targetType)
    .where('target_id', '=', record.targetId)
    .where('action', '=', record.action)
    .where('actor_user_id', '=', viewer.user.id)
    .where('actor_token_id', viewer.tokenId === null ? 'is' : '=', viewer.tokenId)
    .where('at', '>', new Date(now.getTime() - REPEAT_WINDOW_MS).toISOString())
    .orderBy('at', 'desc')
    .executeTakeFirst();
  if (!recent) return recordAudit(db, viewer, record);
  await db
    .updateTable('audit_log')
    .set((eb) => ({
      repeat_count: eb('repeat_count', '+', 1),
      last_at: now.toISOString(),
      after_json: toAuditJson(record.after),
    }))
    .where('id', '=', recent.id)
    .execute();
}
