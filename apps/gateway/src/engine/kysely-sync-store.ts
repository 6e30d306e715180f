import { randomUUID } from 'node:crypto';
import type { FolderState, KnownMessage, SyncBatch, SyncStore } from '@inlet/providers';
import { sql, type Transaction } from 'kysely';
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
import { recordWebhookEvents } from './webhooks/webhook-recorder.js';
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
   * with it every batch before it, so nothing acted on outside the process is ever lost.
   */
  protected relaxedSync = true;

  private async inTransaction(fn: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
    const db = this.services.db;
    if (!this.relaxedSync || engineOf(db) !== 'SQLITE') return db.transaction().execute(fn);
    // Set outside the transaction (SQLite refuses inside), on the connection held for it alone.
    await db.connection().execute(async (conn) => {
      await sql`pragma synchronous = NORMAL`.execute(conn);
      try {
        await conn.transaction().execute(fn);
      } finally {
        await sql`pragma synchronous = FULL`.execute(conn);
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
    const now = new Date().toISOString();
    const inserted: MessageRow[] = [];
    const activities: EmailActivityRow[] = [];
    const enrollments: string[] = [];
    let clearedError = false;
    await this.inTransaction(async (trx) => {
      /** Rows of this folder deleted by this batch (expunged; a rebuild starts the count over). */
      let deleted = 0;
      for (const table of ['messages', 'quarantined_messages'] as const) {
        const inFolder = trx
          .deleteFrom(table)
          .where('connection_id', '=', connectionId)
          .where('folder', '=', batch.folder);
        if (batch.rebuild) await inFolder.execute();
        // In chunks: SQLite caps the number of parameters of one statement.
        else
          for (let i = 0; i < batch.expunged.length; i += 500) {
            const result = await inFolder
              .where('uid', 'in', batch.expunged.slice(i, i + 500))
              .executeTakeFirst();
            if (table === 'messages') deleted += Number(result.numDeletedRows);
          }
      }
      // Later wins when a UID comes twice: one statement may not update the same row twice.
      const upserts = [...new Map(batch.upserts.map((m) => [`${m.folder}\n${m.uid}`, m])).values()];
      for (const m of upserts) {
        inserted.push({
          id: randomUUID(),
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
        });
      }
      // Replies are what the account received: its own messages (Sent, or copies) are never a reply to
      // log, nor a reply that ends an enrollment.
      const received = upserts.filter(
        (m) => m.from?.address.toLowerCase() !== this.connection.email,
      );
      // Issued together, as none needs another's answer: one round trip on PostgreSQL.
      const upsert = upsertQueries(trx, inserted);
      // What the batch answers, for reply logging and for enrollment stops alike.
      const lookup = answeredQueries(trx, received.flatMap(parentsOf));
      const results = await executeTogether(trx, [
        ...upsert,
        ...lookup,
        // The folder synced again: whatever kept it from syncing is over.
        trx
          .deleteFrom('folder_errors')
          .where('connection_id', '=', connectionId)
          .where('path', '=', batch.folder)
          .compile(),
      ]);
      const insertedIds = readUpserted(inserted, results.slice(0, upsert.length));
      const answered = readAnswered(results.slice(upsert.length, -1));
      clearedError = Number(results.at(-1)!.numAffectedRows ?? 0) > 0;
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
      // Together as well: one round trip for every flag change of the batch.
      await executeTogether(
        trx,
        batch.flagUpdates.map((update) =>
          trx
            .updateTable('messages')
            .set({ flags_json: JSON.stringify(update.flags) })
            .where('connection_id', '=', connectionId)
            .where('folder', '=', batch.folder)
            .where('uid', '=', update.uid)
            .compile(),
        ),
      );
      const quarantined = [
        ...new Map(batch.quarantined.map((q) => [`${q.folder}\n${q.uid}`, q])).values(),
      ];
      for (let i = 0; i < quarantined.length; i += UPSERT_CHUNK) {
        await trx
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
          .execute();
      }
      const state = {
        uid_validity: batch.state.uidValidity,
        uid_next: batch.state.uidNext,
        highest_modseq: batch.state.highestModseq,
        last_synced_at: now,
        ...(batch.role ? { role: batch.role } : {}),
      };
      // The folder's row count moves by what this batch inserted and deleted, instead of counting the
      // folder's rows after every batch (which made an initial sync quadratic in the folder's size). The
      // store is the only writer of a folder's rows; a resync deletes them with the folder state.
      const delta = added.length - deleted;
      await trx
        .insertInto('folder_state')
        .values({ connection_id: connectionId, path: batch.folder, ...state, message_count: delta })
        .onConflict((oc) =>
          oc.columns(['connection_id', 'path']).doUpdateSet((eb) => ({
            ...state,
            message_count: batch.rebuild
              ? eb.ref('excluded.message_count')
              : sql<number>`${eb.ref('folder_state.message_count')} + ${delta}`,
          })),
        )
        .execute();
      // Webhook deliveries commit with the rows they are about (a rebuild re-reads, it is not news).
      const userId = this.connection.user_id;
      if ((inserted.length > 0 && !batch.rebuild) || activities.length > 0)
        await recordWebhookEvents(trx, () => [
          ...(batch.rebuild
            ? []
            : inserted.map((message) => messageSyncedEvent({ connectionId, userId, message }))),
          ...activities.map((activity) => activityLoggedEvent({ userId, activity })),
        ]);
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
