import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { fetchAhead, type FetchedBatch, type FetchTarget } from './batch-fetch.js';
import { chunk, parseSequenceSet } from './uid-set.js';
import { UnreadableMessageGuard } from './unreadable-message-guard.js';

/**
 * A connection that answers UID FETCH from a list of UIDs, in UID order, as imapflow's fetch() yields
 * them; `refuse` makes every command whose set names that UID fail with a tagged NO once the
 * responses before it were sent (as a server that cannot read one message), `failAfter` loses the
 * connection after that many rows.
 */
function fakeConnection(uids: number[], script: { refuse?: number; failAfter?: number } = {}) {
  const commands: string[] = [];
  let pulled = 0;
  let closedEarly = 0;
  const client: FetchTarget['client'] = {
    fetch(set: string) {
      commands.push(set);
      const wanted = new Set(parseSequenceSet(set, 100_000));
      return (async function* () {
        let done = false;
        try {
          for (const uid of uids.filter((u) => wanted.has(u))) {
            if (uid === script.refuse)
              throw Object.assign(new Error('Command failed'), {
                responseStatus: 'NO',
                responseText: 'Internal error occurred',
              });
            if (script.failAfter !== undefined && pulled >= script.failAfter)
              throw Object.assign(new Error('Connection not available'), {
                code: 'NoConnection',
              });
            pulled += 1;
            yield row(uid);
          }
          done = true;
        } finally {
          if (!done) closedEarly += 1;
        }
      })() as unknown as ReturnType<FetchTarget['client']['fetch']>;
    },
  };
  return {
    client,
    commands,
    get pulled() {
      return pulled;
    },
    get closedEarly() {
      return closedEarly;
    },
  };
}

function row(uid: number): FetchMessageObject {
  return {
    seq: uid,
    uid,
    flags: new Set(['\\Seen']),
    envelope: { subject: `m${uid}`, messageId: `<m${uid}@example.test>`, date: new Date(0) },
    headers: Buffer.from(`Content-Type: text/plain\r\n`),
    bodyParts: new Map([['text', Buffer.from(`body of ${uid}\r\n`)]]),
  } as FetchMessageObject;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function fetchAll(target: FetchTarget, batches: number[][], onSave?: (i: number) => void) {
  const saved: { uids: number[]; quarantined: number[] }[] = [];
  await fetchAhead(target, batches, async (batch: FetchedBatch, i) => {
    onSave?.(i);
    // A save takes a moment: the stream runs ahead meanwhile, as far as it may.
    await new Promise((resolve) => setTimeout(resolve, 2));
    saved.push({
      uids: batch.upserts.map((m) => m.uid),
      quarantined: batch.quarantined.map((q) => q.uid),
    });
  });
  return saved;
}

describe('fetchAhead', () => {
  it('streams eight batches per UID FETCH, saves them in order, and reads at most two batches ahead of the saves', async () => {
    const uids = range(1, 20);
    const server = fakeConnection(uids);
    const aheadAtSave: number[] = [];
    const saved = await fetchAll(
      { client: server.client, path: 'INBOX', options: {} },
      chunk(uids, 2),
      (i) => aheadAtSave.push(server.pulled - (i + 1) * 2),
    );
    expect(server.commands).toEqual(['1:16', '17:20']);
    expect(saved.map((b) => b.uids)).toEqual(chunk(uids, 2));
    // While batch i is saved, rows of batches i+1 and i+2 have been read, and one more row waits
    // for its batch's turn (the stream is paused there); never more.
    expect(Math.max(...aheadAtSave)).toBeLessThanOrEqual(2 * 2 + 1);
    expect(server.closedEarly).toBe(0);
  });

  it('lets the event loop run while a backlog of rows streams in (imapflow hands them over in microtasks)', async () => {
    const uids = range(1, 200);
    const server = fakeConnection(uids);
    // I/O (a database's answer, the body reader's reply) waits for the event loop like this callback.
    let pulledWhenIoRan: number | undefined;
    setImmediate(() => (pulledWhenIoRan = server.pulled));
    const saved = await fetchAll({ client: server.client, path: 'INBOX', options: {} }, [uids]);
    expect(saved[0]!.uids).toHaveLength(200);
    expect(pulledWhenIoRan).toBeLessThanOrEqual(64);
  });

  it('cuts batches by UID when the server has no row for some (expunged since the search)', async () => {
    const server = fakeConnection([1, 2, 5, 6]);
    const saved = await fetchAll({ client: server.client, path: 'INBOX', options: {} }, [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(saved.map((b) => b.uids)).toEqual([[1, 2], [], [5, 6]]);
  });

  it('fetches the rest batch by batch after a refusal and quarantines only the message the server cannot read', async () => {
    const uids = range(1, 10);
    const server = fakeConnection(uids, { refuse: 5 });
    const saved = await fetchAll(
      { client: server.client, path: 'INBOX', options: {} },
      chunk(uids, 2),
    );
    expect(saved).toEqual([
      { uids: [1, 2], quarantined: [] },
      { uids: [3, 4], quarantined: [] },
      { uids: [6], quarantined: [5] },
      { uids: [7, 8], quarantined: [] },
      { uids: [9, 10], quarantined: [] },
    ]);
    // The stream; then each batch it had not finished, one command each: the one being filled when
    // the refusal came (its rows could not be known complete), the refused one and its messages one
    // by one, the rest.
    expect(server.commands).toEqual(['1:10', '3:4', '5:6', '5', '6', '7:8', '9:10']);
  });

  it('stops reading and saves nothing more when aborted, and reports the abort', async () => {
    const uids = range(1, 40);
    const server = fakeConnection(uids);
    const abort = new AbortController();
    const saves: number[] = [];
    await expect(
      fetchAhead(
        { client: server.client, path: 'INBOX', options: { signal: abort.signal } },
        chunk(uids, 2),
        async (_batch, i) => {
          saves.push(i);
          if (i === 1) abort.abort(new Error('stopped for the test'));
        },
      ),
    ).rejects.toThrow('stopped for the test');
    expect(saves).toEqual([0, 1]);
    expect(server.pulled).toBeLessThanOrEqual(4 * 2 + 1);
    // The stream was closed (imapflow then drains the command's remaining responses itself).
    expect(server.closedEarly).toBe(1);
  });

  it('fails with the connection error when the connection is lost mid-stream, after saving what came before', async () => {
    const uids = range(1, 10);
    const server = fakeConnection(uids, { failAfter: 5 });
    const saves: number[][] = [];
    await expect(
      fetchAhead(
        { client: server.client, path: 'INBOX', options: {} },
        chunk(uids, 2),
        async (batch) => {
          saves.push(batch.upserts.map((m) => m.uid));
        },
      ),
    ).rejects.toThrow('Connection not available');
    expect(saves).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('names the message after the last whole response when the connection is lost, and quarantines it only after the second loss there', async () => {
    const uids = range(1, 10);
    const guard = new UnreadableMessageGuard();
    const target = (server: ReturnType<typeof fakeConnection>): FetchTarget => ({
      client: server.client,
      path: 'INBOX',
      options: { unreadableMessages: guard },
    });
    // The connection is lost after five whole responses: the sixth message is the suspect.
    await expect(
      fetchAll(target(fakeConnection(uids, { failAfter: 5 })), chunk(uids, 2)),
    ).rejects.toThrow('Connection not available');
    expect(guard.unreadable('INBOX', 6)).toBe(false);
    await expect(
      fetchAll(target(fakeConnection(uids, { failAfter: 5 })), chunk(uids, 2)),
    ).rejects.toThrow('Connection not available');
    expect(guard.unreadable('INBOX', 6)).toBe(true);

    const server = fakeConnection(uids);
    const saved = await fetchAll(target(server), chunk(uids, 2));
    expect(server.commands).toEqual(['1:5,7:10']);
    expect(saved[2]).toEqual({ uids: [5], quarantined: [6] });
    expect(saved.flatMap((b) => b.uids)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]);
    // Stored: the count starts over.
    expect(guard.unreadable('INBOX', 6)).toBe(false);
  });

  it('quarantines nothing for losses at different messages (the network, not a message)', async () => {
    const uids = range(1, 10);
    const guard = new UnreadableMessageGuard();
    for (const failAfter of [5, 7]) {
      await expect(
        fetchAll(
          {
            client: fakeConnection(uids, { failAfter }).client,
            path: 'INBOX',
            options: { unreadableMessages: guard },
          },
          chunk(uids, 2),
        ),
      ).rejects.toThrow('Connection not available');
    }
    expect(guard.unreadable('INBOX', 6)).toBe(false);
    expect(guard.unreadable('INBOX', 8)).toBe(false);
  });
});
