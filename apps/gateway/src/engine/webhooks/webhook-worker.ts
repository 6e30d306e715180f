import { randomUUID } from 'node:crypto';
import { openVettedRequest, readBody, responseTo } from '@inlet/providers/transport';
import type { GatewayServices } from '../../gateway-services.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../db/tables/webhook.table.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';
import { vetWebhookUrl } from './webhook-target.js';
import { WakeableLoop } from '../wakeable-loop.js';

export interface WebhookWorkerOptions {
  /** Names this worker in lease_owner. */
  workerId?: string;
  pollMs?: number;
  /** How long a claimed delivery is this worker's; longer than any attempt can take. */
  leaseMs?: number;
  /** One attempt: connect, send, and the response head. */
  timeoutMs?: number;
  /** Attempts before a delivery is PARKED. */
  maxAttempts?: number;
  /** The wait after the first failure, doubling after each, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
}

/** Why an attempt failed (WebhookDelivery.lastError). */
export type WebhookErrorCode =
  | 'HTTP_STATUS'
  | 'TIMEOUT'
  | 'CONNECTION_FAILED'
  | 'TLS_FAILED'
  | 'ADDRESS_REFUSED'
  | 'ENDPOINT_REMOVED';

/** What an attempt needs of its endpoint. */
type EndpointToSend = Pick<
  WebhookEndpointRow,
  'id' | 'url' | 'secret_enc' | 'previous_secret_enc' | 'previous_secret_expires_at'
>;

type EndpointColumn = Exclude<keyof EndpointToSend, 'id'>;

type Outcome =
  | { delivered: true; status: number }
  | { delivered: false; status: number | null; error: WebhookErrorCode; permanent: boolean };

/** Bytes of a receiver's answer read (and dropped) so its socket closes cleanly. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends recorded webhook deliveries. A delivery is claimed with a conditional update (PENDING and due,
 * or SENDING with an expired lease), so with several workers on one database each attempt is made by
 * one of them; one whose worker died mid-attempt is sent again once its lease expires (same event id:
 * receivers de-duplicate). Failures (non-2xx, timeouts, network) are retried with exponential backoff,
 * up to maxAttempts (about 17 hours with the defaults), then PARKED; a refused address is parked at once.
 */
export class WebhookWorker {
  private readonly options: Required<WebhookWorkerOptions>;
  private readonly loop: WakeableLoop;

  constructor(
    private readonly services: GatewayServices,
    options: WebhookWorkerOptions = {},
  ) {
    this.options = {
      workerId: randomUUID(),
      pollMs: 1000,
      leaseMs: 60_000,
      timeoutMs: 10_000,
      maxAttempts: 12,
      retryBaseMs: 30_000,
      retryMaxMs: 4 * 3600_000,
      concurrency: 8,
      ...options,
    };
    this.loop = new WakeableLoop(services, () => this.tick(), {
      name: 'webhook delivery',
      pollMs: this.options.pollMs,
      wakeOn: ['webhookWake'],
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    const due = await this.claimDue();
    await Promise.all(
      due.map(({ url, secret_enc, previous_secret_enc, previous_secret_expires_at, ...row }) =>
        this.send(
          row,
          url !== null && secret_enc !== null
            ? {
                id: row.endpoint_id,
                url,
                secret_enc,
                previous_secret_enc,
                previous_secret_expires_at,
              }
            : undefined,
        ),
      ),
    );
    if (due.length === this.options.concurrency) this.loop.again();
  }

  /**
   * Claims up to `concurrency` due deliveries (PENDING and due, or SENDING with an expired lease) in one
   * statement, returning them with what the POST needs of their endpoints: one round trip between a wake
   * and the POST. Two workers never claim one row: SQLite has one writer; on PostgreSQL the candidates
   * are locked (rows another worker holds are skipped) and the condition is checked again on the row
   * being updated.
   */
  private async claimDue() {
    const { db, engine } = this.services;
    const now = new Date().toISOString();
    return db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: 'SENDING',
        lease_owner: this.options.workerId,
        lease_until: new Date(Date.now() + this.options.leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_deliveries as candidate')
          .select('candidate.id')
          .where((c) =>
            c.or([
              c.and([
                c('candidate.status', '=', 'PENDING'),
                c('candidate.next_attempt_at', '<=', now),
              ]),
              c.and([c('candidate.status', '=', 'SENDING'), c('candidate.lease_until', '<', now)]),
            ]),
          )
          .orderBy('candidate.next_attempt_at')
          .limit(this.options.concurrency)
          .$if(engine === 'POSTGRES', (q) => q.forUpdate().skipLocked()),
      )
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'PENDING'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'SENDING'), eb('lease_until', '<', now)]),
        ]),
      )
      .returningAll()
      .returning((eb) => {
        // Correlated with the row being claimed (SQLite's RETURNING may not name a joined table).
        const endpoint = <C extends EndpointColumn>(column: C) =>
          eb
            .selectFrom('webhook_endpoints')
            .select(column)
            .whereRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id')
            .as(column);
        return [
          endpoint('url'),
          endpoint('secret_enc'),
          endpoint('previous_secret_enc'),
          endpoint('previous_secret_expires_at'),
        ];
      })
      .execute();
  }

  /** One attempt at a claimed delivery (`row.attempts` counts it), and its outcome stored. */
  private async send(row: WebhookDeliveryRow, endpoint: EndpointToSend | undefined): Promise<void> {
    const { db } = this.services;
    const { attempts } = row;
    const outcome: Outcome = endpoint
      ? await this.attempt(endpoint, row)
      : { delivered: false, status: null, error: 'ENDPOINT_REMOVED', permanent: true };
    const parked =
      !outcome.delivered && (outcome.permanent || attempts >= this.options.maxAttempts);
    const wait = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), this.options.retryMaxMs);
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.delivered ? 'DELIVERED' : parked ? 'PARKED' : 'PENDING',
        lease_owner: null,
        lease_until: null,
        response_status: outcome.status,
        last_error: outcome.delivered ? null : outcome.error,
        delivered_at: outcome.delivered ? new Date().toISOString() : null,
        next_attempt_at: new Date(
          Date.now() + (outcome.delivered || parked ? 0 : wait),
        ).toISOString(),
      })
      .where('id', '=', row.id)
      .where('lease_owner', '=', this.options.workerId)
      .execute();
    if (!outcome.delivered && !parked) this.loop.runIn(wait);
  }

  /** One POST: the body as recorded, signed now with every valid secret. */
  private async attempt(endpoint: EndpointToSend, row: WebhookDeliveryRow): Promise<Outcome> {
    const { mailNetwork, logger } = this.services;
    const verdict = await vetWebhookUrl(endpoint.url, mailNetwork);
    if (!verdict.ok)
      return {
        delivered: false,
        status: null,
        error: verdict.permanent ? 'ADDRESS_REFUSED' : 'CONNECTION_FAILED',
        permanent: verdict.permanent,
      };
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const request = openVettedRequest(verdict.target, {
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(row.body)),
          [EVENT_ID_HEADER]: row.event_id,
          [SIGNATURE_HEADER]: signatureHeader(
            this.secretsOf(endpoint),
            Math.floor(Date.now() / 1000),
            row.body,
          ),
        },
        ...(mailNetwork.ca ? { ca: mailNetwork.ca } : {}),
      });
      const response = await responseTo(request, row.body);
      const status = response.statusCode ?? 0;
      await readBody(response, MAX_RESPONSE_BYTES, signal).catch(() => undefined);
      if (status >= 200 && status < 300) return { delivered: true, status };
      return { delivered: false, status, error: 'HTTP_STATUS', permanent: false };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const error: WebhookErrorCode = signal.aborted
        ? 'TIMEOUT'
        : /^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code)
          ? 'TLS_FAILED'
          : 'CONNECTION_FAILED';
      logger.debug({ code, deliveryId: row.id }, 'webhook attempt failed');
      return { delivered: false, status: null, error, permanent: false };
    }
  }

  private secretsOf(endpoint: EndpointToSend): string[] {
    const { vault } = this.services;
    const secrets = [
      vault.decrypt(endpoint.secret_enc, {
        table: 'webhook_endpoints',
        column: 'secret_enc',
        rowId: endpoint.id,
      }),
    ];
    if (
      endpoint.previous_secret_enc &&
      endpoint.previous_secret_expires_at &&
      endpoint.previous_secret_expires_at > new Date().toISOString()
    )
      secrets.push(
        vault.decrypt(endpoint.previous_secret_enc, {
          table: 'webhook_endpoints',
          column: 'previous_secret_enc',
          rowId: endpoint.id,
        }),
      );
    return secrets;
  }
}
