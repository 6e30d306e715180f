import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import {
  nextStoredError,
  readStoredError,
  type ErrorToStore,
  type ReadError,
  type StoredError,
} from '../stored-error.js';

/**
 * The last "Check now" of a connection (connections.last_check_json). The mutation stores it running;
 * the process that runs the connection stores how it ended. Kept until the next check, so "checked at
 * 14:02, 3 new messages" stays on screen (and reaches every console through connectionStatusChanged).
 */
interface StoredCheck {
  requestedAt: string;
  /** Absent while it runs. */
  finishedAt?: string;
  newMessages?: number;
  error?: StoredError;
}

/** A check nobody reported back on within this long (its worker stopped) is shown as failed. */
export const CHECK_UNANSWERED_MS = 5 * 60_000;

export interface ConnectionCheckView {
  state: 'RUNNING' | 'DONE' | 'FAILED';
  requestedAt: string;
  finishedAt: string | null;
  newMessages: number | null;
  error: ReadError | null;
}

function parse(json: string | null): StoredCheck | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<StoredCheck> | null;
    return value && typeof value.requestedAt === 'string' ? (value as StoredCheck) : null;
  } catch {
    return null;
  }
}

function publish(
  services: Pick<GatewayServices, 'pubsub'>,
  connection: Pick<ConnectionRow, 'id' | 'user_id'>,
): void {
  services.pubsub.publish('connectionChanged', {
    connectionId: connection.id,
    userId: connection.user_id,
  });
}

/**
 * A check was asked for: it shows as running (a second click while one runs keeps the first's time).
 * updated_at moves with the check, so consoles take the pushed copy over an older one.
 */
export async function recordCheckRequested(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connection: Pick<ConnectionRow, 'id' | 'user_id' | 'last_check_json'>,
  now = new Date(),
): Promise<Pick<ConnectionRow, 'last_check_json' | 'updated_at'>> {
  const current = parse(connection.last_check_json);
  const running =
    current &&
    !current.finishedAt &&
    now.getTime() - Date.parse(current.requestedAt) < CHECK_UNANSWERED_MS;
  const json = running
    ? connection.last_check_json!
    : JSON.stringify({ requestedAt: now.toISOString() } satisfies StoredCheck);
  await services.db
    .updateTable('connections')
    .set({ last_check_json: json, updated_at: now.toISOString() })
    .where('id', '=', connection.id)
    .execute();
  publish(services, connection);
  return { last_check_json: json, updated_at: now.toISOString() };
}

/** How a check ended: the new messages it synced, or why it failed. */
export async function recordCheckOutcome(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connection: Pick<ConnectionRow, 'id' | 'user_id'>,
  outcome: { startedAt: string } & ({ newMessages: number } | { error: ErrorToStore }),
): Promise<void> {
  const row = await services.db
    .selectFrom('connections')
    .select('last_check_json')
    .where('id', '=', connection.id)
    .executeTakeFirst();
  if (!row) return; // disconnected meanwhile
  const current = parse(row.last_check_json);
  const now = new Date().toISOString();
  const check: StoredCheck = {
    // The time the user asked (a check started by the supervisor API alone has only the runner's).
    requestedAt: current && !current.finishedAt ? current.requestedAt : outcome.startedAt,
    finishedAt: now,
    ...('error' in outcome
      ? { error: nextStoredError(null, outcome.error, now) }
      : { newMessages: outcome.newMessages }),
  };
  await services.db
    .updateTable('connections')
    .set({ last_check_json: JSON.stringify(check), updated_at: now })
    .where('id', '=', connection.id)
    .execute();
  publish(services, connection);
}

/** The stored check as the API shows it (ConnectionCheck). */
export function readLastCheck(json: string | null, now = Date.now()): ConnectionCheckView | null {
  const check = parse(json);
  if (!check) return null;
  if (!check.finishedAt) {
    if (now - Date.parse(check.requestedAt) < CHECK_UNANSWERED_MS)
      return {
        state: 'RUNNING',
        requestedAt: check.requestedAt,
        finishedAt: null,
        newMessages: null,
        error: null,
      };
    const error = nextStoredError(
      null,
      { code: 'CHECK_UNANSWERED', step: 'sync' },
      new Date(now).toISOString(),
    );
    return {
      state: 'FAILED',
      requestedAt: check.requestedAt,
      finishedAt: null,
      newMessages: null,
      error: readStoredError(JSON.stringify(error)),
    };
  }
  if (check.error)
    return {
      state: 'FAILED',
      requestedAt: check.requestedAt,
      finishedAt: check.finishedAt,
      newMessages: null,
      error: readStoredError(JSON.stringify(check.error)),
    };
  return {
    state: 'DONE',
    requestedAt: check.requestedAt,
    finishedAt: check.finishedAt,
    newMessages: check.newMessages ?? 0,
    error: null,
  };
}
