import { randomUUID } from 'node:crypto';
import {
  HeldConnection,
  ProviderError,
  providerFor,
  type MailDeps,
  snippetOf,
  type OutgoingMessage,
  type RefusedRecipient,
} from '@inlet/providers';
import type { GatewayServices } from '../gateway-services.js';
import type { OutboxRow } from '../db/tables/outbox.table.js';
import type { EmailActivityRow } from '../db/tables/sync.table.js';
import { mailDepsFor, storedAccount } from '../mail/stored-account.js';
import { nextStoredError } from '../stored-error.js';
import { contactFor } from './reply-logging.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { WakeableLoop } from './wakeable-loop.js';
import { activityLoggedEvent, emailSettledEvent } from './webhooks/webhook-events.js';
import { recordWebhookEvents } from './webhooks/webhook-recorder.js';
import type { GatewayTopics } from '../pubsub.js';

/** A send's result, written in the transaction that claims the connection's next row. */
interface Outcome {
  write(trx: Transaction<Database>): Promise<void>;
  /** After the commit: tells subscribers. */
  after(): void;
}

/** What one drain of a connection keeps from email to email. */
interface DrainRun {
  held: HeldConnection;
  deps?: { email: string; value: MailDeps };
}

export interface OutboxWorkerOptions {
  /**
   * The sync worker of this process: rows of connections another live worker owns are left to it, so
   * an account's sending stays in one process (and within its connection budget).
   */
  ownerId?: string;
  pollMs?: number;
  /** How long a worker owns a SENDING row; longer than any send can take. */
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** The clock a send is dated by (sent_at, the SENT activity); tests of timed sequences move it. */
  now?: () => Date;
  /** Connections sending at the same time (each sends its emails one after another). */
  concurrency?: number;
  /** Rows one connection sends before its turn goes back to the tick. */
  batch?: number;
  /**
   * How long a drain's signed-in server connection stays open for the connection's next email (a
   * sequence inbox sends one every few seconds); far below servers' own idle timeouts (minutes).
   */
  idleConnectionMs?: number;
}

/**
 * Sends queued emails, each connection's one after another (so at most two temporary server
 * connections per account: SMTP, then IMAP to copy to Sent), up to `concurrency` connections side by
 * side, each draining its rows without waiting for the others; retries temporary failures with
 * backoff, and marks permanent ones FAILED with the classified error. A row found SENDING after a crash is never sent
 * again: the server may already have accepted it, so it is marked FAILED as interrupted, with the hint
 * to check the Sent folder (no duplicates; nothing silently lost).
 */
export class OutboxWorker {
  /** Connections whose rows are being sent, with the drain sending them. */
  private readonly busy = new Map<string, Promise<void>>();
  /** Server connections of drains that ended, kept open a while for the connection's next drain. */
  private readonly idle = new Map<string, { held: HeldConnection; timer: NodeJS.Timeout }>();
  private stopping = false;
  /** Ticks come as often as drains end: stale SENDING rows are looked for once a poll. */
  private checkedInterrupted = 0;
  private readonly options: Required<OutboxWorkerOptions>;
  private readonly loop: WakeableLoop;

  constructor(
    private readonly services: GatewayServices,
    options: OutboxWorkerOptions = {},
  ) {
    this.options = {
      pollMs: 2000,
      leaseMs: 5 * 60_000,
      maxAttempts: 5,
      retryBaseMs: 30_000,
      ownerId: '',
      now: () => new Date(),
      concurrency: 20,
      batch: 200,
      idleConnectionMs: 10_000,
      ...options,
    };
    this.loop = new WakeableLoop(services, () => this.tick(), {
      name: 'outbox',
      pollMs: this.options.pollMs,
      wakeOn: ['outboxWake'],
    });
  }

  async start(): Promise<void> {
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    while (this.busy.size > 0) await Promise.all(this.busy.values());
    for (const { held, timer } of this.idle.values()) {
      clearTimeout(timer);
      held.close();
    }
    this.idle.clear();
  }

  /** The connection's server connection kept from its last drain, or a new holder. */
  private takeIdle(connectionId: string): HeldConnection {
    const kept = this.idle.get(connectionId);
    if (!kept) return new HeldConnection();
    clearTimeout(kept.timer);
    this.idle.delete(connectionId);
    return kept.held;
  }

  private keepIdle(connectionId: string, held: HeldConnection): void {
    if (this.stopping) return held.close();
    const timer = setTimeout(() => {
      if (this.idle.get(connectionId)?.held !== held) return;
      this.idle.delete(connectionId);
      held.close();
    }, this.options.idleConnectionMs);
    timer.unref?.();
    this.idle.set(connectionId, { held, timer });
  }

  private async failInterrupted(): Promise<void> {
    const stale = await this.services.db
      .selectFrom('outbox')
      .select(['id', 'user_id'])
      .where('status', '=', 'SENDING')
      .where('lease_until', '<', new Date().toISOString())
      .execute();
    for (const row of stale) {
      await this.services.db
        .updateTable('outbox')
        .set({
          status: 'FAILED',
          lease_until: null,
          last_error_json: JSON.stringify(
            nextStoredError(
              null,
              { code: 'SEND_INTERRUPTED', step: 'send' },
              new Date().toISOString(),
            ),
          ),
        })
        .where('id', '=', row.id)
        .where('status', '=', 'SENDING')
        .execute();
    }
  }

  private async tick(): Promise<void> {
    // A send whose worker died (kill -9, a lost machine) is resolved while this process runs, not at
    // the next restart: once its lease has expired it becomes SEND_INTERRUPTED for the user to check.
    if (Date.now() - this.checkedInterrupted >= this.options.pollMs) {
      this.checkedInterrupted = Date.now();
      await this.failInterrupted();
    }
    const free = this.options.concurrency - this.busy.size;
    if (free <= 0) return; // a finished drain runs the next tick
    const sending = [...this.busy.keys()];
    // The connections with the longest-waiting due rows; each drain reads its own rows.
    const waiting = await this.dueRows()
      .$if(sending.length > 0, (qb) => qb.where('outbox.connection_id', 'not in', sending))
      .select('outbox.connection_id')
      .select((eb) => eb.fn.min('outbox.next_attempt_at').as('first'))
      .groupBy('outbox.connection_id')
      .orderBy('first')
      .limit(free)
      .execute();
    for (const { connection_id: connectionId } of waiting) {
      const drain = this.drain(connectionId).finally(() => {
        this.busy.delete(connectionId);
        this.loop.again();
      });
      this.busy.set(connectionId, drain);
    }
  }

  /** QUEUED rows due now of connections this worker may send for (no live lease of another worker). */
  private dueRows() {
    const now = new Date().toISOString();
    const { ownerId } = this.options;
    return this.services.db
      .selectFrom('outbox')
      .leftJoin('sync_leases as lease', 'lease.connection_id', 'outbox.connection_id')
      .where('outbox.status', '=', 'QUEUED')
      .where('outbox.next_attempt_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('lease.connection_id', 'is', null),
          eb('lease.expires_at', '<', now),
          eb('lease.worker_id', '=', ownerId),
        ]),
      );
  }

  /**
   * One connection's due rows, oldest first, one after another until none is due (rows queued
   * meanwhile included). Each row sent, failed or rescheduled leaves the due set, so this ends; the
   * bound only hands the connection back to the tick now and then. The run sends over one signed-in
   * server connection (`held`, kept open a while for the next drain), and each email's outcome is
   * committed with the next row's claim: one commit per email.
   */
  private async drain(connectionId: string): Promise<void> {
    const run: DrainRun = { held: this.takeIdle(connectionId) };
    let outcome: Outcome | undefined;
    try {
      for (let i = 0; i < this.options.batch; i++) {
        const row = await this.dueRows()
          .selectAll('outbox')
          .where('outbox.connection_id', '=', connectionId)
          .orderBy('outbox.next_attempt_at')
          .limit(1)
          .executeTakeFirst();
        if (!row) break;
        const previous = outcome;
        outcome = undefined;
        const claimed = await this.claim(row, previous);
        if (claimed) outcome = await this.send(claimed, run);
      }
      if (outcome) await this.commit(outcome);
    } catch (err) {
      // A row whose outcome was not committed stays SENDING until its lease ends (then
      // SEND_INTERRUPTED): never sent blindly again.
      this.services.logger.error({ err, connectionId }, 'outbox send failed');
    } finally {
      this.keepIdle(connectionId, run.held);
    }
  }

  /** SENDING under this worker's lease, committed with the previous email's outcome; undefined if another worker took it. */
  private async claim(
    row: OutboxRow,
    previous: Outcome | undefined,
  ): Promise<OutboxRow | undefined> {
    const claim = (db: Kysely<Database>) =>
      db
        .updateTable('outbox')
        .set({
          status: 'SENDING',
          lease_until: new Date(Date.now() + this.options.leaseMs).toISOString(),
          attempts: row.attempts + 1,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'QUEUED')
        .executeTakeFirst();
    const claimed = previous
      ? await this.services.db.transaction().execute(async (trx) => {
          await previous.write(trx);
          return claim(trx);
        })
      : await claim(this.services.db);
    previous?.after();
    return Number(claimed.numUpdatedRows) === 1
      ? { ...row, attempts: row.attempts + 1 }
      : undefined;
  }

  private async commit(outcome: Outcome): Promise<void> {
    await this.services.db.transaction().execute((trx) => outcome.write(trx));
    outcome.after();
  }

  /** Sends a claimed row; returns its outcome, to be committed by the caller. */
  private async send(row: OutboxRow, run: DrainRun): Promise<Outcome> {
    const { db, logger } = this.services;
    const message = JSON.parse(row.message_json) as OutgoingMessage;
    // The connection and the sender in one read, at every email: a changed connection or seat counts
    // from the next email on.
    const found = await db
      .selectFrom('connections')
      .leftJoin('users as sender', (join) => join.on('sender.id', '=', row.user_id))
      .selectAll('connections')
      .select(['sender.seat as sender_seat', 'sender.deactivated_at as sender_deactivated_at'])
      .where('connections.id', '=', row.connection_id)
      .executeTakeFirst();
    if (!found)
      return this.failed(
        row,
        new ProviderError('SMTP_REJECTED', { step: 'send', detail: 'The connection was removed.' }),
      );
    const { sender_seat: seat, sender_deactivated_at: deactivatedAt, ...connection } = found;
    // The seat is checked when the email is sent, not only when it was queued: an admin may have
    // made the sender view-only, or deactivated them, in between.
    if (seat !== 'FULL' || deactivatedAt) return this.refused(row, 'SENDER_CANNOT_SEND');
    try {
      const module = providerFor(this.services.providers, connection.provider);
      // The network rules of the mailbox's domain: read once a run.
      if (run.deps?.email !== connection.email)
        run.deps = {
          email: connection.email,
          value: await mailDepsFor(this.services, connection.email),
        };
      const sent = await module.send(
        storedAccount(this.services, module, connection),
        { ...message, messageId: row.message_id },
        run.deps.value,
        run.held,
      );
      if (sent.sentCopyError)
        logger.warn(
          { err: sent.sentCopyError, outboxId: row.id },
          'sent, but could not copy the email to the Sent folder',
        );
      return this.sent(row, message, sent.refused ?? []);
    } catch (err) {
      const error =
        err instanceof ProviderError
          ? err
          : new ProviderError('SMTP_REJECTED', { step: 'send', cause: err });
      if (!(err instanceof ProviderError))
        logger.error({ err, outboxId: row.id }, 'unexpected send failure');
      return this.failed(row, error);
    }
  }

  /** SENT, with the recipients the server refused; only the accepted ones get a SENT activity on their timeline. */
  private sent(row: OutboxRow, message: OutgoingMessage, refused: RefusedRecipient[]): Outcome {
    const now = this.options.now().toISOString();
    const refusedAddresses = new Set(refused.map((r) => r.address.toLowerCase()));
    const created: EmailActivityRow[] = [];
    return {
      write: async (trx) => {
        await trx
          .updateTable('outbox')
          .set({
            status: 'SENT',
            sent_at: now,
            lease_until: null,
            last_error_json: null,
            refused_json: refused.length > 0 ? JSON.stringify(refused) : null,
          })
          .where('id', '=', row.id)
          .execute();
        const recipients = [...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])].filter(
          (r) => !refusedAddresses.has(r.address.toLowerCase()),
        );
        for (const r of recipients) {
          const activity: EmailActivityRow = {
            id: randomUUID(),
            contact_id: await contactFor(trx, r.address, r.name ?? null),
            connection_id: row.connection_id,
            type: 'SENT_ONE_TO_ONE',
            message_id: row.message_id,
            subject: message.subject,
            snippet: snippetOf(message.text),
            occurred_at: now,
            created_at: now,
          };
          const inserted = await trx
            .insertInto('email_activities')
            .values(activity)
            .onConflict((oc) => oc.columns(['contact_id', 'type', 'message_id']).doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) created.push(activity);
        }
        await recordWebhookEvents(trx, [
          ...created.map((activity) => activityLoggedEvent({ userId: row.user_id, activity })),
          emailSettledEvent(settledEvent(row, 'SENT', null)),
        ]);
      },
      after: () => {
        for (const activity of created)
          this.services.pubsub.publish('activityLogged', { userId: row.user_id, activity });
        this.settled(row, 'SENT', null);
      },
    };
  }

  private failed(row: OutboxRow, error: ProviderError): Outcome {
    const retry = error.retryable && row.attempts < this.options.maxAttempts;
    const lastError = nextStoredError(row.last_error_json, error, new Date().toISOString());
    const nextAttemptAt = new Date(
      Date.now() + this.options.retryBaseMs * 2 ** (row.attempts - 1),
    ).toISOString();
    return {
      write: async (trx) => {
        await trx
          .updateTable('outbox')
          .set({
            status: retry ? 'QUEUED' : 'FAILED',
            lease_until: null,
            last_error_json: JSON.stringify(lastError),
            next_attempt_at: nextAttemptAt,
          })
          .where('id', '=', row.id)
          .execute();
        if (!retry)
          await recordWebhookEvents(trx, [
            emailSettledEvent(settledEvent(row, 'FAILED', error.code)),
          ]);
      },
      after: () => {
        if (!retry) this.settled(row, 'FAILED', error.code);
      },
    };
  }

  /** FAILED for good with a gateway outcome, without an attempt at the server. */
  private refused(row: OutboxRow, code: 'SENDER_CANNOT_SEND'): Outcome {
    const lastError = nextStoredError(
      row.last_error_json,
      { code, step: 'send' },
      new Date().toISOString(),
    );
    return {
      write: async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ status: 'FAILED', lease_until: null, last_error_json: JSON.stringify(lastError) })
          .where('id', '=', row.id)
          .execute();
        await recordWebhookEvents(trx, [emailSettledEvent(settledEvent(row, 'FAILED', code))]);
      },
      after: () => this.settled(row, 'FAILED', code),
    };
  }

  /** After commit: tells subscribers (the webhook event was recorded with the outcome). */
  private settled(row: OutboxRow, status: 'SENT' | 'FAILED', errorCode: string | null): void {
    this.services.pubsub.publish('emailSettled', settledEvent(row, status, errorCode));
  }
}

function settledEvent(
  row: OutboxRow,
  status: 'SENT' | 'FAILED',
  errorCode: string | null,
): GatewayTopics['emailSettled'] {
  return {
    userId: row.user_id,
    connectionId: row.connection_id,
    outboxId: row.id,
    messageId: row.message_id,
    status,
    errorCode,
  };
}
