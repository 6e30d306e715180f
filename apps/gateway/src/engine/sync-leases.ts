import type { Kysely } from 'kysely';
import type { ProviderKind } from '@inlet/providers';
import type { Database } from '../db/schema.js';

/**
 * The lease table's statements. Exactly one owner per connection follows from the primary key on
 * sync_leases.connection_id plus a conditional upsert: a claim only replaces a lease that has expired,
 * and concurrent claimers of the same row are serialised by the database (the loser's upsert sees the
 * winner's fresh lease and skips the row). Times are the workers' clocks (ISO strings, like every
 * timestamp here); hosts running workers should keep them in sync (NTP), as lease times are seconds.
 */

/** Statuses that wait for the user: nobody claims them until the user acts (Check now, reconnect). */
export const PARKED_STATUSES = ['DISABLED', 'NEEDS_REAUTH', 'ERROR'] as const;

type Db = Kysely<Database>;

const iso = (ms: number) => new Date(ms).toISOString();

export interface WorkerIdentity {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
}

export async function unregisterWorker(db: Db, workerId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sync_leases').where('worker_id', '=', workerId).execute();
    await trx.deleteFrom('sync_workers').where('id', '=', workerId).execute();
  });
}

/**
 * Renews the worker and every lease it still holds; returns the connections it holds. A lease another
 * worker took over (after this one missed its renewals) is not renewed and not returned.
 */
export async function renewLeases(
  db: Db,
  worker: WorkerIdentity,
  ttlMs: number,
  now = Date.now(),
): Promise<string[]> {
  // An upsert also registers the worker on its first heartbeat (and again if it was pruned meanwhile).
  await db
    .insertInto('sync_workers')
    .values({
      id: worker.id,
      host: worker.host,
      pid: worker.pid,
      started_at: iso(worker.startedAt),
      heartbeat_at: iso(now),
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: iso(now) }))
    .execute();
  const rows = await db
    .updateTable('sync_leases')
    .set({ expires_at: iso(now + ttlMs) })
    .where('worker_id', '=', worker.id)
    .returning('connection_id')
    .execute();
  return rows.map((r) => r.connection_id);
}

/** Workers that renewed within the lease time (this one included). */
export async function liveWorkerCount(db: Db, ttlMs: number, now = Date.now()): Promise<number> {
  const row = await db
    .selectFrom('sync_workers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('heartbeat_at', '>', iso(now - ttlMs))
    .executeTakeFirstOrThrow();
  return Math.max(1, Number(row.n));
}

/** Connections some worker should be running: not parked, of a provider this worker can sync. */
export async function activeConnectionCount(db: Db, providers: ProviderKind[]): Promise<number> {
  if (providers.length === 0) return 0;
  const row = await db
    .selectFrom('connections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'not in', [...PARKED_STATUSES])
    .where('provider', 'in', providers)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type ClaimTarget = { limit: number; providers: ProviderKind[] } | { connectionId: string };

/**
 * Takes unowned (or expired) connections: up to `limit` active ones, oldest first, or the one named
 * (whatever its status: the user asked for it). Returns the ids this worker now owns.
 */
export async function claimLeases(
  db: Db,
  workerId: string,
  ttlMs: number,
  target: ClaimTarget,
  now = Date.now(),
): Promise<string[]> {
  if ('limit' in target && (target.limit <= 0 || target.providers.length === 0)) return [];
  const expires = iso(now + ttlMs);
  let candidates = db
    .selectFrom('connections as c')
    .leftJoin('sync_leases as l', 'l.connection_id', 'c.id')
    .select((eb) => ['c.id', eb.val(workerId).as('worker_id'), eb.val(expires).as('expires_at')])
    .where((eb) => eb.or([eb('l.connection_id', 'is', null), eb('l.expires_at', '<', iso(now))]));
  candidates =
    'connectionId' in target
      ? candidates.where('c.id', '=', target.connectionId)
      : candidates
          .where('c.status', 'not in', [...PARKED_STATUSES])
          .where('c.provider', 'in', target.providers)
          .orderBy('c.created_at')
          .orderBy('c.id')
          .limit(target.limit);
  const rows = await db
    .insertInto('sync_leases')
    .columns(['connection_id', 'worker_id', 'expires_at'])
    .expression(candidates)
    .onConflict((oc) =>
      oc
        .column('connection_id')
        .doUpdateSet({
          worker_id: workerId,
          expires_at: expires,
          sessions_in_use: 0,
          progress_json: null,
        })
        .where('sync_leases.expires_at', '<', iso(now)),
    )
    .returning('connection_id')
    .execute();
  return rows.map((r) => r.connection_id);
}

/** Gives back every lease held under an identity (a restarted process, before it claims anew). */
export async function releaseAllLeases(db: Db, workerId: string): Promise<void> {
  await db.deleteFrom('sync_leases').where('worker_id', '=', workerId).execute();
}

/** Gives leases back (after their sessions stopped), so another worker can take them at once. */
export async function releaseLeases(
  db: Db,
  workerId: string,
  connectionIds: string[],
): Promise<void> {
  if (connectionIds.length === 0) return;
  await db
    .deleteFrom('sync_leases')
    .where('worker_id', '=', workerId)
    .where('connection_id', 'in', connectionIds)
    .execute();
}

export interface LeaseReport {
  sessionsInUse: number;
  progress: { folder: string; done: number; total: number } | null;
}

/** What the owner reports about a session, for health views in any process. */
export async function writeLeaseReport(
  db: Db,
  workerId: string,
  connectionId: string,
  report: LeaseReport,
): Promise<void> {
  await db
    .updateTable('sync_leases')
    .set({
      sessions_in_use: report.sessionsInUse,
      progress_json: report.progress ? JSON.stringify(report.progress) : null,
    })
    .where('connection_id', '=', connectionId)
    .where('worker_id', '=', workerId)
    .execute();
}

/** The owner's latest report, or null when no live worker runs the connection. */
export async function readLeaseReport(
  db: Db,
  connectionId: string,
  now = Date.now(),
): Promise<LeaseReport | null> {
  const row = await db
    .selectFrom('sync_leases')
    .select(['sessions_in_use', 'progress_json'])
    .where('connection_id', '=', connectionId)
    .where('expires_at', '>', iso(now))
    .executeTakeFirst();
  if (!row) return null;
  return {
    sessionsInUse: Number(row.sessions_in_use),
    progress: row.progress_json ? (JSON.parse(row.progress_json) as LeaseReport['progress']) : null,
  };
}

/** The worker holding a live lease on the connection, if any. */
export async function readLeaseOwner(
  db: Db,
  connectionId: string,
  now = Date.now(),
): Promise<string | null> {
  const row = await db
    .selectFrom('sync_leases')
    .select('worker_id')
    .where('connection_id', '=', connectionId)
    .where('expires_at', '>', iso(now))
    .executeTakeFirst();
  return row?.worker_id ?? null;
}

/** Forgets workers silent for a long time (their leases expired long ago). */
export async function pruneWorkers(db: Db, olderThanMs: number, now = Date.now()): Promise<void> {
  await db
    .deleteFrom('sync_workers')
    .where('heartbeat_at', '<', iso(now - olderThanMs))
    .execute();
}
