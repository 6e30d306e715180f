import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/** The sending limits' windows: length, most emails in one, and the start of the one ending now. */
function limitWindows(limits: { perMinute: number; perDay: number }, now: Date) {
  return [
    { ms: 60_000, max: limits.perMinute },
    { ms: 86_400_000, max: limits.perDay },
  ].map((w) => ({ ...w, since: new Date(now.getTime() - w.ms).toISOString() }));
}

/**
 * The connection's sending limits as the outbox counts them (emails queued in the last minute and
 * 24 hours): null when one more may go now, otherwise when the next slot opens.
 */
export async function nextSendingSlot(
  db: Kysely<Database>,
  limits: { perMinute: number; perDay: number },
  connectionId: string,
  now: Date,
): Promise<Date | null> {
  let slot: Date | null = null;
  for (const { ms, max, since } of limitWindows(limits, now)) {
    // The max-th newest row in the window: once it leaves the window, one more may be queued.
    const rows = await db
      .selectFrom('outbox')
      .select('created_at')
      .where('connection_id', '=', connectionId)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .limit(1)
      .offset(max - 1)
      .execute();
    const boundary = rows[0];
    if (boundary) {
      const opens = new Date(Date.parse(boundary.created_at) + ms);
      if (!slot || opens > slot) slot = opens;
    }
  }
  return slot;
}

/**
 * How many more emails the connection may queue now under its sending limits (the same windows as
 * nextSendingSlot): read once per scheduler pass and counted down locally.
 */
export async function sendingAllowance(
  db: Kysely<Database>,
  limits: { perMinute: number; perDay: number },
  connectionId: string,
  now: Date,
): Promise<number> {
  let allowance = Infinity;
  for (const { ms, max, since } of limitWindows(limits, now)) {
    const row = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('queued'))
      .where('connection_id', '=', connectionId)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    allowance = Math.min(allowance, Math.max(0, max - Number(row.queued)));
  }
  return allowance;
}
