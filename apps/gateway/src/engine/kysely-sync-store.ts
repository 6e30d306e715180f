import type { FolderState, KnownMessage, SyncBatch, SyncStore } from '@inlet/providers';
import { CompiledQuery, sql, type Kysely, type QueryResult } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import type { GatewayServices } from '../gateway-services.js';
import { engineOf } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import type { EmailActivityRow, MessageRow } from '../db/tables/sync.table.js';
import { readUpserted, UPSERT_CHUNK, upsertQueries } from './messages-upsert.js';
import { executeTogether } from '../db/execute-together.js';
import { logReplies } from './reply-logging.js';
import { answeredQueries, parentsOf, readAnswered } from './answered-emails.js';
import { activityLoggedEvent, messageSyncedEvent } from './webhooks/webhook-events.js';
import {
  webhookDeliveries,
  webhookEndpointsQuery,
  type EndpointFilter,
} from './webhooks/webhook-recorder.js';
import { publishEnrollmentChanges } from './sequences/enrollment-events.js';
import { stopEnrollmentsOnBounce, stopEnrollmentsOnReplies } from './sequences/reply-stops.js';

/**
 * The database side of IMAP sync for one connection. Each batch is one transaction: rows, folder state
 * and reply activities move together, so a crash never leaves state ahead of data; the unique keys
 * (connection, folder, uid) and (contact, REPLY, message-id) make re-reads harmless.
 */
export class KyselySyncStore implements SyncStore {
  constructor(
    private readonly services: Pick<GatewayServices, 'db' | 'pubsub'>,
    private readonly connection: Pick<ConnectionRow, 'id' | 'user_id' | 'email'>,
  ) {}

  /**
   * On SQLite a batch commits with synchronous=NORMAL: WAL mode then skips the fsync per commit, and a
   * power loss or OS crash (not a process crash) may roll back the last such commits, never corrupting
   * the file. What a batch writes is re-derived from the server by the next sync (rows, folder state,
   * reply activities and enrollment stops by their unique keys), and any later commit at the
   * connection's synchronous=FULL (outbox, sends, webhook claims: see openDatabase) fsyncs the WAL and
   * with it every batch before it, so nothing acted on outside the process is ever lost. PostgreSQL's
   * batches commit with synchronous_commit=off for the same reason and with the same guarantee: a later
   * synchronous commit flushes the WAL up to itself, every batch before it included.
   */
  protected relaxedSync = true;

  /**
   * One transaction on one connection, its first statements (`opening`) issued with its BEGIN and its
   * last (what `body` returns) with its COMMIT (executeTogether): on PostgreSQL a batch with nothing to
   * follow up costs two round trips, where awaiting each statement cost five. While the main thread
   * parses IMAP, every round trip waits for it (5-12 ms each, measured). `body` gets the opening's
   * results, in order.
   */
  private async inTransaction(
    opening: readonly CompiledQuery[],
    body: (
      db: Kysely<Database>,
      results: QueryResult<Record<string, unknown>>[],
    ) => Promise<CompiledQuery[]>,
  ): Promise<void> {
    const db = this.services.db;
    const sqlite = engineOf(db) === 'SQLITE';
    const relaxed = this.relaxedSync;
    await db.connection().execute(async (conn) => {
      // Set outside the transaction (SQLite refuses inside), on the connection held for it alone.
      if (relaxed && sqlite) await sql`pragma synchronous = NORMAL`.execute(conn);
      try {
        const begin = [CompiledQuery.raw('begin')];
        if (relaxed && !sqlite) begin.push(CompiledQuery.raw('set local synchronous_commit = off'));
        const results = await executeTogether(conn, [...begin, ...opening]);
        const closing = await body(conn, results.slice(begin.length));
        await executeTogether(conn, [...closing, CompiledQuery.raw('commit')]);
      } catch (err) {
        // PostgreSQL answers a COMMIT after a failed statement with a rollback, and a ROLLBACK outside
        // a transaction with a warning; SQLite refuses one: either way the transaction is over.
        await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
        throw err;
      } finally {
        if (relaxed && sqlite) await sql`pragma synchronous = FULL`.execute(conn);
      }
    });
  }

  async getFolderState(path: string): Promise<FolderState | null> {
    const row = await this.services.db
      .selectFrom('folder_state')
      .select(['path', 'uid_validity', 'uid_next', 'highest_modseq'])
      .where('connection_id', '=', this.connection.id)
      .where('path', '=', path)
      .executeTakeFirst();
    return row
      ? {
          path: row.path,
          uidValidity: row.uid_validity,
          uidNext: Number(row.uid_next),
          highestModseq: row.highest_modseq,
        }
      : null;
  }

  async knownMessages(path: string): Promise<KnownMessage[]> {
    const rows = await this.services.db
      .selectFrom('messages')
      .select(['uid', 'flags_json'])
      .where('connection_id', '=', this.connection.id)
      .where('folder', '=', path)
      .execute();
    return rows.map((r) => ({ uid: Number(r.uid), flags: JSON.parse(r.flags_json) as string[] }));
  }

  async saveBatch(batch: SyncBatch): Promise<void> {
    const connectionId = this.connection.id;
    const userId = this.connection.user_id;
    const now = new Date().toISOString();
    // Later wins when a UID comes twice: one statement may not update the same row twice.
    const upserts = [...new Map(batch.upserts.map((m) => [`${m.folder}\n${m.uid}`, m])).values()];
    const inserted: MessageRow[] = upserts.map((m) => ({
      // Time-ordered (UUIDv7): new rows go to the right end of the primary key's index, not to random
      // pages of it (SQLite's store alone: 100,000 messages in 2.1 s instead of 4.3 s).
      id: timeOrderedUuid(),
      connection_id: connectionId,
      folder: m.folder,
      uid: m.uid,
      message_id: m.messageId,
      in_reply_to: m.inReplyTo,
      references_json: JSON.stringify(m.references),
      from_json: m.from ? JSON.stringify(m.from) : null,
      to_json: JSON.stringify(m.to),
      cc_json: JSON.stringify(m.cc),
      subject: m.subject,
      date: m.date,
      flags_json: JSON.stringify(m.flags),
      snippet: m.snippet,
      synced_at: now,
    }));
    // Replies are what the account received: its own messages (Sent, or copies) are never a reply to
    // log, nor a reply that ends an enrollment.
    const received = upserts.filter((m) => m.from?.address.toLowerCase() !== this.connection.email);
    const quarantined = [
      ...new Map(batch.quarantined.map((q) => [`${q.folder}\n${q.uid}`, q])).values(),
    ];
    const activities: EmailActivityRow[] = [];
    const enrollments: string[] = [];
    let clearedError = false;
    const db = this.services.db;
    // Rows of this folder deleted by this batch (expunged; a rebuild starts the count over).
    const messageDeletes = deleteQueries(db, 'messages', connectionId, batch);
    const quarantineDeletes = deleteQueries(db, 'quarantined_messages', connectionId, batch);
    const upsert = upsertQueries(db, inserted);
    // What the batch answers, for reply logging and for enrollment stops alike.
    const lookup = answeredQueries(db, received.flatMap(parentsOf));
    // Events come of new rows (a rebuild re-reads, it is not news) and of replies, which need a lookup.
    const mayHaveEvents = (inserted.length > 0 && !batch.rebuild) || lookup.length > 0;
    // The statements that open the transaction, in order; none needs another's answer.
    const opening = [
      ...messageDeletes,
      ...quarantineDeletes,
      ...upsert,
      ...lookup,
      // The folder synced again: whatever kept it from syncing is over.
      db
        .deleteFrom('folder_errors')
        .where('connection_id', '=', connectionId)
        .where('path', '=', batch.folder)
        .compile(),
      // Where this batch's events go: webhook deliveries commit with the rows they are about.
      ...(mayHaveEvents ? [webhookEndpointsQuery(db)] : []),
      ...batch.flagUpdates.map((update) =>
        db
          .updateTable('messages')
          .set({ flags_json: JSON.stringify(update.flags) })
          .where('connection_id', '=', connectionId)
          .where('folder', '=', batch.folder)
          .where('uid', '=', update.uid)
          .compile(),
      ),
      ...quarantineQueries(db, connectionId, quarantined, now),
    ];
    await this.inTransaction(opening, async (trx, results) => {
      // The opening's results, read in its order.
      let at = 0;
      const next = (n: number) => results.slice(at, (at += n));
      const deletedRows = next(messageDeletes.length).reduce(
        (sum, r) => sum + Number(r.numAffectedRows ?? 0),
        0,
      );
      // A rebuild's count starts over from what it inserts (folderStateQuery).
      const deleted = batch.rebuild ? 0 : deletedRows;
      next(quarantineDeletes.length); // nothing the batch needs to know
      const insertedIds = readUpserted(inserted, next(upsert.length));
      const answered = readAnswered(next(lookup.length));
      clearedError = Number(next(1)[0]!.numAffectedRows ?? 0) > 0;
      const endpoints = mayHaveEvents ? (next(1)[0]!.rows as EndpointFilter[]) : [];
      const added = inserted.filter((m) => m.folder === batch.folder && insertedIds.has(m.id));
      activities.push(
        ...(await logReplies(
          trx,
          connectionId,
          received.filter((m) => m.from),
          answered,
        )),
      );
      // Sequences: a reply from an enrolled contact, or a bounce of a sequence email, ends the enrollment.
      enrollments.push(...(await stopEnrollmentsOnReplies(trx, received, answered)));
      // A bounce may come with no usable From (the null sender).
      for (const m of received) {
        if (m.failedRecipients?.length)
          enrollments.push(
            ...(await stopEnrollmentsOnBounce(trx, connectionId, m, m.failedRecipients)),
          );
      }
      const deliveries = webhookDeliveries(trx, endpoints, () => [
        ...(batch.rebuild
          ? []
          : inserted.map((message) => messageSyncedEvent({ connectionId, userId, message }))),
        ...activities.map((activity) => activityLoggedEvent({ userId, activity })),
      ]);
      const delta = added.length - deleted;
      return [folderStateQuery(trx, connectionId, batch, now, delta), ...deliveries.queries];
    });
    if (clearedError)
      this.services.pubsub.publish('connectionChanged', {
        connectionId,
        userId: this.connection.user_id,
      });
    // After commit: subscribers only ever hear about data that is stored.
    if (!batch.rebuild) {
      for (const message of inserted)
        this.services.pubsub.publish('messageSynced', {
          connectionId,
          userId: this.connection.user_id,
          message,
        });
    }
    for (const activity of activities)
      this.services.pubsub.publish('activityLogged', { userId: this.connection.user_id, activity });
    await publishEnrollmentChanges(this.services, enrollments);
  }
}

/** The rows of `table` in the batch's folder that it deletes: all on a rebuild, else the expunged. */
function deleteQueries(
  db: Kysely<Database>,
  table: 'messages' | 'quarantined_messages',
  connectionId: string,
  batch: SyncBatch,
): CompiledQuery[] {
  const inFolder = db
    .deleteFrom(table)
    .where('connection_id', '=', connectionId)
    .where('folder', '=', batch.folder);
  if (batch.rebuild) return [inFolder.compile()];
  // In chunks: SQLite caps the number of parameters of one statement.
  const chunks: CompiledQuery[] = [];
  for (let i = 0; i < batch.expunged.length; i += 500)
    chunks.push(inFolder.where('uid', 'in', batch.expunged.slice(i, i + 500)).compile());
  return chunks;
}

function quarantineQueries(
  db: Kysely<Database>,
  connectionId: string,
  quarantined: SyncBatch['quarantined'],
  now: string,
): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  for (let i = 0; i < quarantined.length; i += UPSERT_CHUNK)
    queries.push(
      db
        .insertInto('quarantined_messages')
        .values(
          quarantined.slice(i, i + UPSERT_CHUNK).map((q) => ({
            connection_id: connectionId,
            folder: q.folder,
            uid: q.uid,
            reason: q.reason,
            at: now,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['connection_id', 'folder', 'uid'])
            .doUpdateSet((eb) => ({ reason: eb.ref('excluded.reason'), at: now })),
        )
        .compile(),
    );
  return queries;
}

/**
 * The folder's state after a batch. Its row count moves by what the batch inserted and deleted
 * (`delta`), instead of counting the folder's rows after every batch (which made an initial sync
 * quadratic in the folder's size). The store is the only writer of a folder's rows; a resync deletes
 * them with the folder state.
 */
function folderStateQuery(
  db: Kysely<Database>,
  connectionId: string,
  batch: SyncBatch,
  now: string,
  delta: number,
): CompiledQuery {
  const state = {
    uid_validity: batch.state.uidValidity,
    uid_next: batch.state.uidNext,
    highest_modseq: batch.state.highestModseq,
    last_synced_at: now,
    ...(batch.role ? { role: batch.role } : {}),
  };
  return db
    .insertInto('folder_state')
    .values({
      connection_id: connectionId,
      path: batch.folder,
      ...state,
      message_count: delta,
    })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'path']).doUpdateSet((eb) => ({
        ...state,
        message_count: batch.rebuild
          ? eb.ref('excluded.message_count')
          : sql<number>`${eb.ref('folder_state.message_count')} + ${delta}`,
      })),
    )
    .compile();
}
