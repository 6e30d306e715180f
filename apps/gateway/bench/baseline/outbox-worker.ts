/**
 * The outbox worker as it was before the held SMTP connection and the merged settle + claim commit
 * (commit a8001fe), for the side-by-side run of `BENCH_SEQUENCE_AB=1`. Remove with that switch.
 */
import { randomUUID } from 'node:crypto';
import {
  ProviderError,
  providerFor,
  snippetOf,
  type OutgoingMessage,
  type RefusedRecipient,
} from '@inlet/providers';
import type { GatewayServices } from '../../src/gateway-services.js';
import type { OutboxRow } from '../../src/db/tables/outbox.table.js';
import type { EmailActivityRow } from '../../src/db/tables/sync.table.js';
import { mailDepsFor, storedAccount } from '../../src/mail/stored-account.js';
import { nextStoredError } from '../../src/stored-error.js';
import { contactFor } from '../../src/engine/reply-logging.js';
import { findConnection } from '../../src/mail/connections.js';
import { WakeableLoop } from '../../src/engine/wakeable-loop.js';
import {
  activityLoggedEvent,
  emailSettledEvent,
} from '../../src/engine/webhooks/webhook-events.js';
import { recordWebhookEvents } from '../../src/engine/webhooks/webhook-recorder.js';
import type { GatewayTopics } from '../../src/pubsub.js';

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
    await this.loop.stop();
    while (this.busy.size > 0) await Promise.all(this.busy.values());
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
   * bound only hands the connection back to the tick now and then.
   */
  private async drain(connectionId: string): Promise<void> {
    for (let i = 0; i < this.options.batch; i++) {
      const row = await this.dueRows()
        .selectAll('outbox')
        .where('outbox.connection_id', '=', connectionId)
        .orderBy('outbox.next_attempt_at')
        .limit(1)
        .executeTakeFirst();
      if (!row) return;
      try {
        await this.process(row);
      } catch (err) {
        // The row stays SENDING until its lease ends (then SEND_INTERRUPTED): never sent blindly again.
        this.services.logger.error({ err, outboxId: row.id }, 'outbox send failed');
        return;
      }
    }
  }

  private async process(row: OutboxRow): Promise<void> {
    const claimed = await this.services.db
      .updateTable('outbox')
      .set({
        status: 'SENDING',
        lease_until: new Date(Date.now() + this.options.leaseMs).toISOString(),
        attempts: row.attempts + 1,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'QUEUED')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return; // another worker took it
    await this.send({ ...row, attempts: row.attempts + 1 });
  }

  private async send(row: OutboxRow): Promise<void> {
    const { db, logger } = this.services;
    const message = JSON.parse(row.message_json) as OutgoingMessage;
    const connection = await findConnection(db, row.connection_id);
    if (!connection)
      return this.fail(
        row,
        new ProviderError('SMTP_REJECTED', { step: 'send', detail: 'The connection was removed.' }),
      );
    // The seat is checked when the email is sent, not only when it was queued: an admin may have
    // made the sender view-only, or deactivated them, in between.
    const sender = await db
      .selectFrom('users')
      .select(['seat', 'deactivated_at'])
      .where('id', '=', row.user_id)
      .executeTakeFirst();
    if (!sender || sender.seat !== 'FULL' || sender.deactivated_at)
      return this.refuse(row, 'SENDER_CANNOT_SEND');
    try {
      const module = providerFor(this.services.providers, connection.provider);
      const deps = await mailDepsFor(this.services, connection.email);
      const sent = await module.send(
        storedAccount(this.services, module, connection),
        { ...message, messageId: row.message_id },
        deps,
      );
      const activities = await this.markSent(row, message, sent.refused ?? []);
      for (const activity of activities)
        this.services.pubsub.publish('activityLogged', { userId: row.user_id, activity });
      this.settled(row, 'SENT', null);
      if (sent.sentCopyError)
        logger.warn(
          { err: sent.sentCopyError, outboxId: row.id },
          'sent, but could not copy the email to the Sent folder',
        );
    } catch (err) {
      const error =
        err instanceof ProviderError
          ? err
          : new ProviderError('SMTP_REJECTED', { step: 'send', cause: err });
      if (!(err instanceof ProviderError))
        logger.error({ err, outboxId: row.id }, 'unexpected send failure');
      await this.fail(row, error);
    }
  }

  /** SENT, with the recipients the server refused; only the accepted ones get a SENT activity on their timeline. */
  private async markSent(
    row: OutboxRow,
    message: OutgoingMessage,
    refused: RefusedRecipient[],
  ): Promise<EmailActivityRow[]> {
    const now = this.options.now().toISOString();
    const refusedAddresses = new Set(refused.map((r) => r.address.toLowerCase()));
    return this.services.db.transaction().execute(async (trx) => {
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
      const created: EmailActivityRow[] = [];
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
      return created;
    });
  }

  private async fail(row: OutboxRow, error: ProviderError): Promise<void> {
    const retry = error.retryable && row.attempts < this.options.maxAttempts;
    const lastError = nextStoredError(row.last_error_json, error, new Date().toISOString());
    await this.services.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set({
          status: retry ? 'QUEUED' : 'FAILED',
          lease_until: null,
          last_error_json: JSON.stringify(lastError),
          next_attempt_at: new Date(
            Date.now() + this.options.retryBaseMs * 2 ** (row.attempts - 1),
          ).toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      if (!retry)
        await recordWebhookEvents(trx, [
          emailSettledEvent(settledEvent(row, 'FAILED', error.code)),
        ]);
    });
    if (!retry) this.settled(row, 'FAILED', error.code);
  }

  /** FAILED for good with a gateway outcome, without an attempt at the server. */
  private async refuse(row: OutboxRow, code: 'SENDER_CANNOT_SEND'): Promise<void> {
    const lastError = nextStoredError(
      row.last_error_json,
      { code, step: 'send' },
      new Date().toISOString(),
    );
    await this.services.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set({ status: 'FAILED', lease_until: null, last_error_json: JSON.stringify(lastError) })
        .where('id', '=', row.id)
        .execute();
      await recordWebhookEvents(trx, [emailSettledEvent(settledEvent(row, 'FAILED', code))]);
    });
    this.settled(row, 'FAILED', code);
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
