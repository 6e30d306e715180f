import { afterEach, describe, expect, it } from 'vitest';
import { BodyReaderPool } from './body-reader-pool.js';
import { readBodiesInThread, type BodyInput } from './message-metadata.js';

const pools: BodyReaderPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function newPool(options: ConstructorParameters<typeof BodyReaderPool>[0]): BodyReaderPool {
  const pool = new BodyReaderPool(options);
  pools.push(pool);
  return pool;
}

/** One of each shape: the direct reader's (plain, alternative, base64), mailparser's (HTML, mixed), a report. */
function inputs(): BodyInput[] {
  const shapes: Array<[string, string]> = [
    [
      'Content-Type: text/plain; charset=utf-8\r\nReferences: <a@x.test> <b@x.test>',
      'Hello there\r\n> quoted\r\n',
    ],
    [
      'Content-Type: multipart/alternative; boundary="b"\r\nMessage-ID: <m@x.test>',
      '--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b--\r\n',
    ],
    [
      'Content-Type: text/plain\r\nContent-Transfer-Encoding: base64',
      Buffer.from('Base sixty-four text').toString('base64'),
    ],
    ['Content-Type: text/html\r\nAuto-Submitted: auto-replied', '<p>Away <b>until</b> Monday</p>'],
    [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '--r\r\nContent-Type: text/plain\r\n\r\nUndeliverable\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; gone@x.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--r--\r\n',
    ],
    ['', ''],
  ];
  return Array.from({ length: 8 }, () => shapes)
    .flat()
    .map(([headers, text], i) => ({
      headers: Buffer.from(headers, 'binary'),
      text: Buffer.from(`${text}${i % 3 === 0 ? '' : ' '}`, 'binary'),
      envelopeHas: { messageId: i % 2 === 0, inReplyTo: i % 4 === 0 },
    }));
}

describe('BodyReaderPool', () => {
  it('reads a large batch on a worker thread, with the same facts as on this thread', async () => {
    const pool = newPool({ minBatch: 32 });
    const batch = inputs();
    const expected = await readBodiesInThread(batch);
    expect(expected.some((f) => f.failedRecipients.length > 0)).toBe(true);
    expect(expected.some((f) => f.autoReply)).toBe(true);

    // While the worker loads, batches are read here rather than wait for it.
    expect(await pool.read(batch)).toEqual(expected);
    expect(pool.posted).toBe(0);
    expect(await pool.ready()).toBe(true);
    expect(await pool.read(batch)).toEqual(expected);
    expect(pool.posted).toBe(1);
    expect(pool.threads).toBe(1);
    expect(pool.degraded).toBe(false);
    // Concurrent batches share the one worker and each gets its own answer.
    const [a, b] = await Promise.all([pool.read(batch), pool.read(batch.slice().reverse())]);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected.slice().reverse());
    expect(pool.posted).toBe(3);
    expect(pool.threads).toBe(1);
  });

  it('reads a small batch on this thread without starting a worker', async () => {
    const pool = newPool({ minBatch: 32 });
    const few = inputs().slice(0, 3);
    expect(await pool.read(few)).toEqual(await readBodiesInThread(few));
    expect(pool.threads).toBe(0);
  });

  it('falls back to this thread when the worker cannot start, and stays there', async () => {
    const pool = newPool({ minBatch: 1, entry: new URL('./no-such-worker.js', import.meta.url) });
    const batch = inputs();
    const expected = await readBodiesInThread(batch);
    expect(await pool.ready()).toBe(false);
    expect(await pool.read(batch)).toEqual(expected);
    expect(pool.degraded).toBe(true);
    expect(pool.threads).toBe(0);
    expect(await pool.read(batch)).toEqual(expected);
  });

  it('ends its worker on close; reads after that run on this thread', async () => {
    const pool = newPool({ minBatch: 1 });
    const batch = inputs();
    expect(await pool.ready()).toBe(true);
    await pool.read(batch);
    expect(pool.posted).toBe(1);
    expect(pool.threads).toBe(1);
    await pool.close();
    expect(pool.threads).toBe(0);
    expect(await pool.read(batch)).toEqual(await readBodiesInThread(batch));
    expect(pool.threads).toBe(0);
    expect(pool.posted).toBe(1);
  });
});
