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

/** Records who changed what, with before/after snapshots; call inside the change's transaction. */
export async function recordAudit(db: Kysely<Database>, viewer: ViewerModel, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: new Date().toISOString(),
      actor_user_id: viewer.user.id,
      actor_token_id: viewer.tokenId,
      action: record.action,
      target_type: record.targetType,
      target_id: record.targetId,
      before_json: toAuditJson(record.before),
      after_json: toAuditJson(record.after),
    })
    .execute();
}
