/** Shared by the sync and contract tests: an in-memory SyncStore, message builders and a Dovecot client. Not exported by the package. */
import type { ImapFlow } from 'imapflow';
import { createImapClient, type ImapClientExtras } from '../transport/imap-client.js';
import type { DovecotServer } from './start-dovecot.js';
import type {
  FolderState,
  KnownMessage,
  QuarantinedMessage,
  SyncBatch,
  SyncedMessage,
  SyncStore,
} from '../core/sync-store.js';

/** A SyncStore over Maps, applying each batch the way the gateway's transaction does. */
export class MemoryStore implements SyncStore {
  readonly states = new Map<string, FolderState>();
  readonly rows = new Map<string, Map<number, SyncedMessage>>();
  readonly quarantine = new Map<string, Map<number, QuarantinedMessage>>();
  readonly batches: SyncBatch[] = [];
  knownMessagesCalls = 0;

  async getFolderState(path: string): Promise<FolderState | null> {
    const state = this.states.get(path);
    return state ? { ...state } : null;
  }

  async knownMessages(path: string): Promise<KnownMessage[]> {
    this.knownMessagesCalls += 1;
    return [...(this.rows.get(path)?.values() ?? [])].map((m) => ({
      uid: m.uid,
      flags: [...m.flags],
    }));
  }

  async saveBatch(batch: SyncBatch): Promise<void> {
    this.batches.push(structuredClone(batch));
    if (batch.rebuild) {
      this.rows.set(batch.folder, new Map());
      this.quarantine.set(batch.folder, new Map());
    }
    const rows = this.folderRows(batch.folder);
    const quarantine = this.quarantine.get(batch.folder) ?? new Map<number, QuarantinedMessage>();
    this.quarantine.set(batch.folder, quarantine);
    for (const message of batch.upserts) rows.set(message.uid, structuredClone(message));
    for (const update of batch.flagUpdates) {
      const row = rows.get(update.uid);
      if (row) row.flags = [...update.flags];
    }
    for (const uid of batch.expunged) {
      rows.delete(uid);
      quarantine.delete(uid);
    }
    for (const entry of batch.quarantined) quarantine.set(entry.uid, { ...entry });
    this.states.set(batch.folder, { ...batch.state });
  }

  messages(folder: string): SyncedMessage[] {
    return [...this.folderRows(folder).values()].sort((a, b) => a.uid - b.uid);
  }

  subjects(folder: string): string[] {
    return this.messages(folder).map((m) => m.subject ?? '');
  }

  quarantined(folder: string): QuarantinedMessage[] {
    return [...(this.quarantine.get(folder)?.values() ?? [])].sort((a, b) => a.uid - b.uid);
  }

  private folderRows(folder: string): Map<number, SyncedMessage> {
    let rows = this.rows.get(folder);
    if (!rows) this.rows.set(folder, (rows = new Map()));
    return rows;
  }
}

export interface RawMessageInput {
  subject: string;
  from?: string;
  to?: string;
  cc?: string;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  text?: string;
}

/** A small multipart/alternative message, text part quoted-printable (what real clients send). */
export function rawMessage(input: RawMessageInput): string {
  const headers = [
    `From: ${input.from ?? 'Bob Sender <bob@example.test>'}`,
    `To: ${input.to ?? 'Jane <jane@example.test>'}`,
    ...(input.cc ? [`Cc: ${input.cc}`] : []),
    `Subject: ${input.subject}`,
    `Date: ${(input.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${input.messageId ?? `<${input.subject.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}@example.test>`}`,
    ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`] : []),
    ...(input.references ? [`References: ${input.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
  ];
  const text = input.text ?? `Hello from ${input.subject}`;
  return `${headers.join('\r\n')}\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${text}\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>${text}</p>\r\n--b1--\r\n`;
}

export const DAY_MS = 86_400_000;

export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS);
}

/** A plain imapflow client of a test user (the "other mail client" that appends, flags and deletes). */
export async function openClient(
  dovecot: DovecotServer,
  user: { user: string; password: string },
  extra: ImapClientExtras = {},
): Promise<ImapFlow> {
  const client = createImapClient({
    host: 'localhost',
    address: '127.0.0.1',
    port: dovecot.imapsPort,
    security: 'SSL_TLS',
    login: { user: user.user, password: user.password },
    trust: { ca: dovecot.ca },
    timeouts: { connectMs: 30_000, socketMs: 5 * 60_000 },
    extra: { disableAutoIdle: true, ...extra },
  });
  await client.connect();
  return client;
}

/** Appends a message to a folder of a test user, as another mail client (or a delivery) would. */
export async function appendMessage(
  dovecot: DovecotServer,
  user: { user: string; password: string },
  folder: string,
  raw: string,
): Promise<void> {
  const client = await openClient(dovecot, user);
  try {
    await client.append(folder, raw);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** How many messages of a test user's folder carry this Message-ID (SEARCH HEADER). */
export async function countByMessageId(
  dovecot: DovecotServer,
  user: { user: string; password: string },
  folder: string,
  messageId: string,
): Promise<number> {
  const client = await openClient(dovecot, user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return uids ? uids.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` (an upper bound for a loaded machine, not a timing assertion). */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Open IMAP sessions of a user, from `doveadm who` ("user  count imap (pids) (ips)"). */
export async function sessionsOf(dovecot: DovecotServer, user: string): Promise<number> {
  const out = await dovecot.doveadm(['who', '-1', user]).catch(() => '');
  // -1: one line per connection
  return out.split('\n').filter((line) => line.startsWith(user)).length;
}
