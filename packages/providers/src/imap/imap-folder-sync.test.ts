import { chmod, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { ImapClientExtras } from '../transport/imap-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../testing/start-dovecot.js';
import { syncFolder, type FolderSyncProgress, type UidValidityChange } from './imap-folder-sync.js';
import { UnreadableMessageGuard } from './unreadable-message-guard.js';
import {
  daysAgo,
  MemoryStore,
  openClient,
  rawMessage,
  waitFor,
} from '../testing/sync-test-support.js';

// One Dovecot, one user per test: tests never see each other's mail.
const users = [
  'window',
  'qresync',
  'condstore',
  'fullscan',
  'malformed',
  'uidvalidity',
  'refused',
  'recreated',
  'batches',
  'poll',
  'announced',
  'unreadable',
  'unreadable-new',
].map((name) => ({
  user: `${name}@example.test`,
  password: `${name}-password`,
}));
const userNamed = (name: string) => users.find((u) => u.user.startsWith(`${name}@`))!;

let dovecot: DovecotServer;
const clients: ImapFlow[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({ users });
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
  await dovecot?.stop();
}, 30_000);

async function client(name: string, extra: ImapClientExtras = {}): Promise<ImapFlow> {
  const c = await openClient(dovecot, userNamed(name), extra);
  clients.push(c);
  return c;
}

/** Makes the file of message `uid` unreadable to Dovecot's mail process (it runs as nobody). */
async function makeUnreadable(name: string, uid: number): Promise<void> {
  const maildir = join(dirname(dovecot.logPath), 'mail', userNamed(name).user, 'Maildir');
  const uidlist = await readFile(join(maildir, 'dovecot-uidlist'), 'utf8');
  const base = new RegExp(`^${uid} .*:(\\S+)$`, 'm').exec(uidlist)?.[1];
  expect(base).toBeTruthy();
  const files = await Promise.all(
    ['new', 'cur'].map(async (dir) =>
      (await readdir(join(maildir, dir))).map((file) => join(maildir, dir, file)),
    ),
  );
  const file = files.flat().find((path) => path.split('/').pop()!.startsWith(base!));
  expect(file).toBeTruthy();
  await chmod(file!, 0o000);
}

async function serverFlags(c: ImapFlow, folder: string): Promise<Map<number, string[]>> {
  const lock = await c.getMailboxLock(folder);
  try {
    const rows = await c.fetchAll('1:*', { uid: true, flags: true });
    return new Map(rows.map((r) => [r.uid, [...(r.flags ?? [])].filter((f) => f !== '\\Recent')]));
  } finally {
    lock.release();
  }
}

/** The commands `c` sends from now on (DONE included), by name: imapflow logs each one it writes at debug level. */
function recordCommands(c: ImapFlow): string[] {
  const commands: string[] = [];
  const quiet = () => undefined;
  (c as unknown as { log: object }).log = {
    isLevelEnabled: () => true,
    debug: (entry: { src?: string; msg?: unknown }) => {
      if (entry?.src === 'c' && typeof entry.msg === 'string')
        commands.push(
          entry.msg === 'DONE'
            ? 'DONE'
            : entry.msg
                .split(' ')
                .slice(1, entry.msg.split(' ')[1] === 'UID' ? 3 : 2)
                .join(' '),
        );
    },
    ...Object.fromEntries(['trace', 'info', 'warn', 'error', 'fatal'].map((l) => [l, quiet])),
  };
  return commands;
}

// Generous per-test bound for loaded machines; the waits inside are bounded on their own (about 3 s).
describe('syncFolder against Dovecot', { timeout: 20_000 }, () => {
  it('reads the 30-day window of INBOX and Sent with full metadata, and never marks a message \\Seen', async () => {
    const other = await client('window');
    await other.append(
      'INBOX',
      rawMessage({
        subject: 'Quote for Acme',
        from: '"Bob Sender" <bob@example.test>',
        to: 'Jane <jane@example.test>, ops@example.test',
        cc: 'Carl <carl@example.test>',
        date: daysAgo(5),
        messageId: '<reply-1@example.test>',
        inReplyTo: '<sent-1@inlet.test>',
        references: ['<root@inlet.test>', '<sent-1@inlet.test>'],
        text: 'Thanks  for\r\n the caf=C3=A9   quote, see you soon.',
      }),
      [],
      daysAgo(5),
    );
    await other.append(
      'INBOX',
      rawMessage({ subject: 'Read yesterday', date: daysAgo(1) }),
      ['\\Seen'],
      daysAgo(1),
    );
    await other.append(
      'INBOX',
      rawMessage({ subject: 'Six weeks old', date: daysAgo(45) }),
      [],
      daysAgo(45),
    );
    await other.append(
      'INBOX',
      rawMessage({ subject: 'Last year', date: daysAgo(400) }),
      [],
      daysAgo(400),
    );
    await other.append(
      'Sent',
      rawMessage({
        subject: 'Proposal',
        from: 'Jane <jane@example.test>',
        to: 'bob@example.test',
        date: daysAgo(2),
      }),
      ['\\Seen'],
      daysAgo(2),
    );
    await other.append(
      'Sent',
      rawMessage({ subject: 'Old proposal', date: daysAgo(60) }),
      ['\\Seen'],
      daysAgo(60),
    );

    const store = new MemoryStore();
    const sync = await client('window');
    const inbox = await syncFolder(sync, 'INBOX', store, { initialWindowDays: 30 });
    const sent = await syncFolder(sync, 'Sent', store);

    expect(inbox).toMatchObject({
      folder: 'INBOX',
      rebuilt: true,
      strategy: 'rebuild',
      fetched: 2,
      quarantined: 0,
    });
    expect(sent).toMatchObject({ folder: 'Sent', rebuilt: true, fetched: 1 });
    expect(store.subjects('INBOX')).toEqual(['Quote for Acme', 'Read yesterday']);
    expect(store.subjects('Sent')).toEqual(['Proposal']);
    expect(store.batches.map((b) => [b.folder, b.rebuild])).toEqual([
      ['INBOX', true],
      ['Sent', true],
    ]);

    const [quote] = store.messages('INBOX');
    expect(quote).toEqual({
      folder: 'INBOX',
      uid: 1,
      messageId: '<reply-1@example.test>',
      inReplyTo: '<sent-1@inlet.test>',
      references: ['<root@inlet.test>', '<sent-1@inlet.test>'],
      from: { name: 'Bob Sender', address: 'bob@example.test' },
      to: [
        { name: 'Jane', address: 'jane@example.test' },
        { name: null, address: 'ops@example.test' },
      ],
      cc: [{ name: 'Carl', address: 'carl@example.test' }],
      subject: 'Quote for Acme',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      flags: [],
      snippet: 'Thanks for the café quote, see you soon.',
      autoReply: false,
      failedRecipients: [],
    });
    expect(store.messages('INBOX')[1]?.flags).toEqual(['\\Seen']);

    const mailbox = await sync.mailboxOpen('INBOX');
    expect(store.states.get('INBOX')).toEqual({
      path: 'INBOX',
      uidValidity: mailbox.uidValidity.toString(),
      uidNext: 5,
      highestModseq: expect.stringMatching(/^\d+$/),
    });
    // PEEK only: the unread messages are still unread on the server.
    expect((await serverFlags(other, 'INBOX')).get(1)).toEqual([]);
  });

  it.each([
    { name: 'qresync', options: { qresync: true }, strategy: 'qresync', readsKnown: false },
    { name: 'condstore', options: { qresync: false }, strategy: 'condstore', readsKnown: true },
    {
      name: 'fullscan',
      options: { disableAutoEnable: true },
      strategy: 'full-scan',
      readsKnown: true,
    },
  ] as const)(
    'picks up new mail, flag changes and expunges incrementally ($strategy)',
    async ({ name, options, strategy, readsKnown }) => {
      const other = await client(name);
      for (const subject of ['one', 'two', 'three'])
        await other.append('INBOX', rawMessage({ subject }), []);
      const store = new MemoryStore();
      const sync = await client(name, options);
      expect(await syncFolder(sync, 'INBOX', store)).toMatchObject({ rebuilt: true, fetched: 3 });

      // INBOX stays selected on `sync` (as on the IDLE connection): later syncs never SELECT it again.
      let selects = 0;
      sync.on('mailboxOpen', () => (selects += 1));
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd('1', ['\\Flagged', '$Label1'], { uid: true });
      await other.messageDelete('2', { uid: true });
      await other.append('INBOX', rawMessage({ subject: 'four' }), []);

      const summary = await syncFolder(sync, 'INBOX', store);
      expect(summary).toMatchObject({
        strategy,
        rebuilt: false,
        fetched: 1,
        updated: 1,
        expunged: 1,
        quarantined: 0,
      });
      expect(store.subjects('INBOX')).toEqual(['one', 'three', 'four']);
      expect(store.messages('INBOX')[0]?.flags).toEqual(['$Label1', '\\Flagged']);
      expect(store.knownMessagesCalls > 0).toBe(readsKnown);
      expect(store.states.get('INBOX')?.uidNext).toBe(5);

      // Nothing changed: nothing fetched, nothing written.
      const batches = store.batches.length;
      expect(await syncFolder(sync, 'INBOX', store)).toMatchObject({
        fetched: 0,
        updated: 0,
        expunged: 0,
      });
      expect(store.batches.length).toBe(batches);
      expect(selects).toBe(0);
    },
  );

  it('polls an unchanged folder with NOOP when it is selected and STATUS when another is: no SELECT, no FETCH, nothing written', async () => {
    const other = await client('poll');
    await other.append('INBOX', rawMessage({ subject: 'one' }), []);
    await other.append('Sent', rawMessage({ subject: 'sent one' }), ['\\Seen']);
    const store = new MemoryStore();
    const sync = await client('poll', { qresync: true }); // as the sync session opens it
    await syncFolder(sync, 'Sent', store);
    await syncFolder(sync, 'INBOX', store); // INBOX stays selected, as on its IDLE connection
    const batches = store.batches.length;

    const commands = recordCommands(sync);
    expect(await syncFolder(sync, 'INBOX', store)).toMatchObject({ fetched: 0, updated: 0 });
    expect(await syncFolder(sync, 'Sent', store, { keepSelection: true })).toMatchObject({
      fetched: 0,
    });
    expect(commands).toEqual(['NOOP', 'STATUS']);
    expect(store.batches.length).toBe(batches);
    expect(sync.mailbox && sync.mailbox.path).toBe('INBOX');

    // A change is still found by the same polls.
    await other.append('INBOX', rawMessage({ subject: 'two' }), []);
    await other.append('Sent', rawMessage({ subject: 'sent two' }), ['\\Seen']);
    commands.length = 0;
    expect(await syncFolder(sync, 'INBOX', store)).toMatchObject({ fetched: 1 });
    // New mail in the selected folder: no SELECT, no UID SEARCH; the new UIDs are fetched straight away.
    expect(commands).toEqual(['NOOP', 'STATUS', 'UID FETCH', 'UID FETCH']); // CHANGEDSINCE, then n:*
    expect(await syncFolder(sync, 'Sent', store, { keepSelection: true })).toMatchObject({
      fetched: 1,
    });
    expect(store.subjects('INBOX')).toEqual(['one', 'two']);
    expect(store.subjects('Sent')).toEqual(['sent one', 'sent two']);
    // A sync caused by a notification skips the no-change check (it expects a change).
    commands.length = 0;
    await syncFolder(sync, 'Sent', store, { notified: true });
    expect(commands).toEqual(['NOOP', 'STATUS']);
  });

  it('stores announced new mail one command after IDLE ends, then reads flags and expunges, missing nothing', async () => {
    const other = await client('announced');
    for (const subject of ['one', 'two']) await other.append('INBOX', rawMessage({ subject }), []);
    const store = new MemoryStore();
    const sync = await client('announced', { qresync: true }); // as the sync session opens it
    await syncFolder(sync, 'INBOX', store); // INBOX stays selected, as on its IDLE connection

    // A flag change and two new messages, all announced to the selected folder.
    await other.mailboxOpen('INBOX');
    await other.messageFlagsAdd('1', ['\\Flagged'], { uid: true });
    await other.append('INBOX', rawMessage({ subject: 'three' }), []);
    await other.append('INBOX', rawMessage({ subject: 'four' }), []);
    await sync.noop(); // the server announces them (as it would during IDLE)
    expect(sync.mailbox && sync.mailbox.exists).toBe(4);

    const commands = recordCommands(sync);
    const commandsAtSave: string[][] = [];
    const save = store.saveBatch.bind(store);
    store.saveBatch = (batch) => (commandsAtSave.push([...commands]), save(batch));
    const summary = await syncFolder(sync, 'INBOX', store, { notified: true, newMessages: 2 });

    // The new mail is stored after one FETCH (no NOOP, STATUS or CHANGEDSINCE before it) ...
    expect(commandsAtSave[0]).toEqual(['UID FETCH']);
    expect(store.batches[1]?.upserts.map((m) => m.subject)).toEqual(['three', 'four']);
    // ... and the rest of the sync follows: STATUS, then CHANGEDSINCE (the flag change), nothing searched.
    expect(commands).toEqual(['UID FETCH', 'STATUS', 'UID FETCH']);
    // The new messages' flags read again by CHANGEDSINCE are not counted or written as changes.
    expect(summary).toMatchObject({ fetched: 2, updated: 1, expunged: 0 });
    expect(store.batches[2]?.flagUpdates.map((u) => u.uid)).toEqual([1]);
    expect(store.subjects('INBOX')).toEqual(['one', 'two', 'three', 'four']);
    expect(store.messages('INBOX')[0]?.flags).toEqual(['\\Flagged']);
    const status = await sync.status('INBOX', { uidNext: true, highestModseq: true });
    if (!status) throw new Error('STATUS refused');
    expect(store.states.get('INBOX')).toMatchObject({
      uidNext: status.uidNext,
      highestModseq: status.highestModseq?.toString(),
    });

    // During IDLE: DONE, then the new mail is fetched.
    await other.append('INBOX', rawMessage({ subject: 'idle' }), []);
    void sync.idle();
    await waitFor(() => sync.idling && sync.mailbox && sync.mailbox.exists === 5, 5_000, 'IDLE');
    commands.length = 0;
    commandsAtSave.length = 0;
    await syncFolder(sync, 'INBOX', store, { notified: true, newMessages: 1 });
    expect(commandsAtSave[0]).toEqual(['DONE', 'UID FETCH']);
    expect(store.subjects('INBOX').at(-1)).toBe('idle');

    // Announced, but more than a batch: the usual path (NOOP, STATUS first).
    await other.append('INBOX', rawMessage({ subject: 'five' }), []);
    await sync.noop();
    commands.length = 0;
    await syncFolder(sync, 'INBOX', store, { notified: true, newMessages: 2, batchSize: 1 });
    expect(commands.slice(0, 2)).toEqual(['NOOP', 'STATUS']);
    expect(store.subjects('INBOX')).toEqual(['one', 'two', 'three', 'four', 'idle', 'five']);
  });

  it('quarantines malformed messages with their reason and keeps syncing the folder', async () => {
    const other = await client('malformed');
    await other.append('INBOX', rawMessage({ subject: 'good one' }), []);
    await other.append(
      'INBOX',
      'this is not \x01 an email at all\r\njust garbage bytes \xff\xfe\r\n',
      [],
    );
    await other.append(
      'INBOX',
      'From: Mallory <mallory@example.test>\r\nSubject: bad date\r\nDate: yesterday-ish, maybe\r\n\r\nbody\r\n',
      [],
    );
    await other.append(
      'INBOX',
      'From: Nora <nora@example.test>\r\nSubject: no date\r\nMessage-ID: bare-id@example.test\r\n\r\nplain body\r\n',
      [],
    );
    await other.append('INBOX', rawMessage({ subject: 'good two' }), []);

    const store = new MemoryStore();
    const sync = await client('malformed');
    expect(await syncFolder(sync, 'INBOX', store)).toMatchObject({ fetched: 3, quarantined: 2 });
    expect(store.subjects('INBOX')).toEqual(['good one', 'no date', 'good two']);
    expect(store.messages('INBOX')[1]).toMatchObject({
      date: null,
      messageId: '<bare-id@example.test>',
      snippet: 'plain body',
    });
    expect(store.quarantined('INBOX')).toEqual([
      { folder: 'INBOX', uid: 2, reason: expect.stringMatching(/no readable headers/) },
      {
        folder: 'INBOX',
        uid: 3,
        reason: expect.stringMatching(/Date header is not a valid date: "yesterday-ish, maybe"/),
      },
    ]);

    await other.append('INBOX', rawMessage({ subject: 'good three' }), []);
    expect(await syncFolder(sync, 'INBOX', store)).toMatchObject({ fetched: 1, quarantined: 0 });
    expect(store.subjects('INBOX')).toEqual(['good one', 'no date', 'good two', 'good three']);
  });

  it('rebuilds the folder when UIDVALIDITY changes, replacing its rows without duplicates', async () => {
    const { user } = userNamed('uidvalidity');
    const other = await client('uidvalidity');
    for (const subject of ['a', 'b', 'c']) await other.append('INBOX', rawMessage({ subject }), []);
    const store = new MemoryStore();
    const sync = await client('uidvalidity');
    await syncFolder(sync, 'INBOX', store);
    const before = store.states.get('INBOX')!;

    await dovecot.doveadm(['mailbox', 'update', '--uid-validity', '4242', '-u', user, 'INBOX']);
    // Dovecot ends a session whose selected folder changed UIDVALIDITY (at the NOOP of the next sync);
    // the live session then reconnects, so the rebuild happens on a new connection. Dovecot does not
    // always show the new UIDVALIDITY at once: poll.
    let current = sync;
    const summary = await waitFor(
      async () => {
        if (!current.usable) current = await client('uidvalidity');
        try {
          const result = await syncFolder(current, 'INBOX', store);
          return result.rebuilt ? result : undefined;
        } catch (err) {
          if (current.usable) throw err;
          return undefined;
        }
      },
      15_000,
      'the rebuild',
    );

    expect(summary).toMatchObject({ rebuilt: true, fetched: 3 });
    expect(before.uidValidity).not.toBe('4242');
    expect(store.states.get('INBOX')?.uidValidity).toBe('4242');
    expect(store.batches.at(-1)?.rebuild).toBe(true);
    const ids = store.messages('INBOX').map((m) => m.messageId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('announces a changed UIDVALIDITY before rebuilding; a refusal fetches and writes nothing', async () => {
    const { user } = userNamed('refused');
    const other = await client('refused');
    for (const subject of ['r1', 'r2']) await other.append('INBOX', rawMessage({ subject }), []);
    const store = new MemoryStore();
    const sync = await client('refused');
    const changes: UidValidityChange[] = [];
    await syncFolder(sync, 'INBOX', store, {
      onUidValidityChange: (change) => changes.push(change),
    });
    expect(changes).toEqual([]); // a folder seen for the first time has nothing to compare with
    const before = store.states.get('INBOX')!;
    const batches = store.batches.length;
    await sync.mailboxOpen('Sent'); // the sync connection moved on (as the session's connections do)

    await dovecot.doveadm(['mailbox', 'update', '--uid-validity', '4343', '-u', user, 'INBOX']);
    const refusal = new Error('not now');
    const refuse = (change: UidValidityChange) => {
      changes.push(change);
      throw refusal;
    };
    // Dovecot does not always show a new UIDVALIDITY to the very next SELECT of an open session: poll.
    const failure = await waitFor(
      () =>
        syncFolder(sync, 'INBOX', store, { onUidValidityChange: refuse }).then(
          () => undefined,
          (err: unknown) => err,
        ),
      15_000,
      'the refusal',
    );
    expect(failure).toBe(refusal);
    expect(changes).toEqual([{ folder: 'INBOX', stored: before.uidValidity, current: '4343' }]);
    expect(store.batches).toHaveLength(batches);
    expect(store.states.get('INBOX')).toEqual(before);

    expect(
      await syncFolder(sync, 'INBOX', store, {
        onUidValidityChange: (change) => changes.push(change),
      }),
    ).toMatchObject({ rebuilt: true, fetched: 2 });
    expect(changes).toHaveLength(2);
    expect(store.states.get('INBOX')?.uidValidity).toBe('4343');
  });

  it('leaves no stale rows when a folder is re-created (new UIDVALIDITY, UIDs reused for other messages)', async () => {
    const other = await client('recreated');
    await other.mailboxCreate('Projects');
    for (const subject of ['a', 'b', 'c'])
      await other.append('Projects', rawMessage({ subject }), []);
    const store = new MemoryStore();
    const sync = await client('recreated');
    await syncFolder(sync, 'Projects', store);
    await sync.mailboxOpen('INBOX'); // like the sync connection moving on to another folder

    await other.mailboxDelete('Projects');
    await other.mailboxCreate('Projects');
    for (const subject of ['c', 'd']) await other.append('Projects', rawMessage({ subject }), []);
    expect(await syncFolder(sync, 'Projects', store)).toMatchObject({ rebuilt: true, fetched: 2 });
    expect(store.messages('Projects').map((m) => [m.uid, m.subject])).toEqual([
      [1, 'c'],
      [2, 'd'],
    ]);
  });

  it('saves large folders batch by batch, and a sync cut off halfway resumes without refetching', async () => {
    const other = await client('batches');
    for (let i = 1; i <= 5; i++) await other.append('INBOX', rawMessage({ subject: `m${i}` }), []);
    const store = new MemoryStore();
    const sync = await client('batches');
    const abort = new AbortController();
    const progress: FolderSyncProgress[] = [];
    const onProgress = (p: FolderSyncProgress) => {
      progress.push(p);
      if (p.done === 2) abort.abort(new Error('stopped for the test'));
    };

    await expect(
      syncFolder(sync, 'INBOX', store, { batchSize: 2, signal: abort.signal, onProgress }),
    ).rejects.toThrow('stopped for the test');
    expect(
      store.batches.map((b) => ({
        uids: b.upserts.map((m) => m.uid),
        rebuild: b.rebuild,
        uidNext: b.state.uidNext,
      })),
    ).toEqual([{ uids: [1, 2], rebuild: true, uidNext: 3 }]);
    expect(progress).toEqual([
      { folder: 'INBOX', phase: 'rebuild', done: 0, total: 5 },
      { folder: 'INBOX', phase: 'rebuild', done: 2, total: 5 },
    ]);

    progress.length = 0;
    const resumed = await syncFolder(sync, 'INBOX', store, {
      batchSize: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(resumed).toMatchObject({ rebuilt: false, fetched: 3 });
    expect(
      store.batches.slice(1).map((b) => ({
        uids: b.upserts.map((m) => m.uid),
        rebuild: b.rebuild,
        uidNext: b.state.uidNext,
      })),
    ).toEqual([
      { uids: [3, 4], rebuild: undefined, uidNext: 5 },
      { uids: [5], rebuild: undefined, uidNext: 6 },
    ]);
    expect(progress.map((p) => `${p.phase}:${p.done}/${p.total}`)).toEqual([
      'incremental:0/3',
      'incremental:2/3',
      'incremental:3/3',
    ]);
    expect(store.subjects('INBOX')).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('quarantines a message whose fetch makes Dovecot close the connection, after the second loss at it, and stores the rest', async () => {
    const other = await client('unreadable');
    for (let i = 1; i <= 7; i++) await other.append('INBOX', rawMessage({ subject: `u${i}` }), []);
    // Message 4's file becomes unreadable to the mail process: Dovecot logs "Disconnected: FETCH
    // failed" and closes the connection when a FETCH reaches it.
    await makeUnreadable('unreadable', 4);

    // The account's guard outlives its connections, as the provider keeps it across sessions.
    const guard = new UnreadableMessageGuard();
    const store = new MemoryStore();
    const sync = async () =>
      syncFolder(await client('unreadable'), 'INBOX', store, {
        batchSize: 2,
        unreadableMessages: guard,
      });
    // Each of the first two syncs dies at message 4, with what came before it stored.
    await expect(sync()).rejects.toMatchObject({ code: 'NoConnection' });
    expect(store.subjects('INBOX')).toEqual(['u1', 'u2']);
    await expect(sync()).rejects.toMatchObject({ code: 'NoConnection' });
    expect(guard.unreadable('INBOX', 4)).toBe(true);
    // The third asks for everything but message 4, quarantines it and stores the rest.
    expect(await sync()).toMatchObject({ fetched: 4, quarantined: 1 });
    expect(store.subjects('INBOX')).toEqual(['u1', 'u2', 'u3', 'u5', 'u6', 'u7']);
    expect(store.quarantined('INBOX')).toEqual([
      { folder: 'INBOX', uid: 4, reason: expect.stringMatching(/closed the connection/) },
    ]);
    expect(guard.unreadable('INBOX', 4)).toBe(false);
  });

  it('quarantines a new message whose fetch makes Dovecot close the connection, and stores the one after it', async () => {
    const other = await client('unreadable-new');
    for (const subject of ['n1', 'n2']) await other.append('INBOX', rawMessage({ subject }), []);
    const guard = new UnreadableMessageGuard();
    const store = new MemoryStore();
    const sync = async () =>
      syncFolder(await client('unreadable-new'), 'INBOX', store, { unreadableMessages: guard });
    await sync();
    for (const subject of ['n3', 'n4']) await other.append('INBOX', rawMessage({ subject }), []);
    await makeUnreadable('unreadable-new', 3);
    // New mail is fetched with UID FETCH 3:* (a few new messages): it dies at message 3; the next
    // sync takes the batched path, which dies there again; the third quarantines it.
    await expect(sync()).rejects.toMatchObject({ code: 'NoConnection' });

    await expect(sync()).rejects.toMatchObject({ code: 'NoConnection' });
    expect(await sync()).toMatchObject({ fetched: 1, quarantined: 1 });
    expect(store.subjects('INBOX')).toEqual(['n1', 'n2', 'n4']);
    expect(store.quarantined('INBOX')).toEqual([
      { folder: 'INBOX', uid: 3, reason: expect.stringMatching(/closed the connection/) },
    ]);
  });
});
