import type { Generated, Selectable } from 'kysely';

export interface AuditLogTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  /** Set when the change came through an API token. */
  actor_token_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  before_json: string | null;
  after_json: string | null;
  /** Times it happened: repeats of a repeatable action (resync, check now) are counted on one entry. */
  repeat_count: Generated<number>;
  /** When it last happened, once repeated. */
  last_at: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
