import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The sending limits' windows: length, most emails in one, and the start of the one ending now. */
function limitWindows(limits: { perMinute: number; perDay: number }, now: Date) {
  return [
    { ms: 60_000, max: limits.perMinute },
    { ms: 86_400_000, max: limits.perDay },
  ].map((w) => ({ ...w, since: new Date(now.getTime() - w.ms).toISOString() }));
}

/**
 * The connection's sending limits as the outbox counts them (emails queued in the last minute and
 * 24 hours): null when one more may go now, otherwise when the next slot opens. `planned` emails
 * about to be queued at `now` (a scheduler pass writes its steps at its end) count as the newest.
 */
export async function nextSendingSlot(
  db: Kysely<Database>,
  limits: { perMinute: number; perDay: number },
  connectionId: string,
  now: Date,
  planned = 0,
): Promise<Date | null> {
  let slot: Date | null = null;
  for (const { ms, max, since } of limitWindows(limits, now)) {
    // The max-th newest email in the window: once it leaves the window, one more may be queued.
    let boundary: string | undefined;
    if (planned >= max) boundary = now.toISOString();
    else
      boundary = (
        await db
          .selectFrom('outbox')
          .select('created_at')
          .where('connection_id', '=', connectionId)
          .where('created_at', '>', since)
          .orderBy('created_at', 'desc')
          .limit(1)
          .offset(max - planned - 1)
          .execute()
      )[0]?.created_at;
    if (boundary) {
      const opens = new Date(Date.parse(boundary) + ms);
      if (!slot || opens > slot) slot = opens;
    }
  }
  return slot;
}

/**
 * How many more emails each connection may queue now under its sending limits (the same windows as
 * nextSendingSlot), for all of a scheduler pass's connections in one query; counted down locally.
 */
export async function sendingAllowances(
  db: Kysely<Database>,
  limits: { perMinute: number; perDay: number },
  connectionIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  const windows = limitWindows(limits, now);
  const allowances = new Map(
    connectionIds.map((id) => [id, Math.min(...windows.map((w) => w.max))]),
  );
  if (connectionIds.length === 0) return allowances;
  const oldest = windows.reduce((a, b) => (a.since < b.since ? a : b)).since;
  const rows = await db
    .selectFrom('outbox')
    .select('connection_id')
    .select((eb) =>
      windows.map((w, i) =>
        eb.fn
          .sum<number | string>(eb.case().when('created_at', '>', w.since).then(1).else(0).end())
          .as(`w${i}`),
      ),
    )
    .where('connection_id', 'in', [...connectionIds])
    .where('created_at', '>', oldest)
    .groupBy('connection_id')
    .execute();
  for (const row of rows) {
    const counts = row as unknown as Record<string, number | string | null>;
    allowances.set(
      row.connection_id,
      Math.min(...windows.map((w, i) => Math.max(0, w.max - Number(counts[`w${i}`] ?? 0)))),
    );
  }
  return allowances;
}
