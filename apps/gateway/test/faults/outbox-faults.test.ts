import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/engine/outbox-worker.js';
import { engines } from '../testkit/databases.js';
import { startTestGateway, type TestGateway } from '../testkit/gateway.js';
import { insertBenchUser, insertImapConnection } from '../testkit/seed.js';

describe.each(engines)('the outbox under faults on %s', (engine) => {
  let gw: TestGateway;
  let worker: OutboxWorker;
  let owner: string;
  let connectionId: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    owner = await insertBenchUser(gw.services, `sender-${randomUUID().slice(0, 8)}@faults.test`);
    connectionId = (
      await insertImapConnection(
        gw.services,
        owner,
        `box-${randomUUID().slice(0, 8)}@faults.test`,
        'pw',
        1,
        'ERROR',
      )
    ).id;
    worker = new OutboxWorker(gw.services, { pollMs: 50 });
    await worker.start();
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
  });

  it('resolves a send whose worker died while it runs: SEND_INTERRUPTED once the lease has expired, never sent again', async () => {
    const now = Date.now();
    const id = randomUUID();
    // What a worker killed in the middle of a send leaves behind, found after this worker started.
    await gw.services.db
      .insertInto('outbox')
      .values({
        id,
        user_id: owner,
        connection_id: connectionId,
        idempotency_key: randomUUID(),
        status: 'SENDING',
        message_json: JSON.stringify({
          from: { address: 'a@faults.test' },
          to: [{ address: 'b@faults.test' }],
          subject: 'hi',
          text: 'hi',
        }),
        message_id: `<${id}@faults.test>`,
        attempts: 1,
        next_attempt_at: new Date(now).toISOString(),
        lease_until: new Date(now + 300).toISOString(),
        last_error_json: null,
        created_at: new Date(now).toISOString(),
        sent_at: null,
      })
      .execute();
    const read = () =>
      gw.services.db
        .selectFrom('outbox')
        .select(['status', 'last_error_json', 'attempts'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    let row = await read();
    for (let i = 0; i < 100 && row.status === 'SENDING'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await read();
    }
    expect(row.status).toBe('FAILED');
    expect(JSON.parse(row.last_error_json!)).toMatchObject({ code: 'SEND_INTERRUPTED' });
    expect(row.attempts).toBe(1);
  });
});
