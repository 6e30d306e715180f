import {
  testMailboxClient,
  type TestMailboxAccount,
  type TestMailboxServer,
} from '@inlet/providers/testing';

/** A mailbox on a bench (or test) Dovecot: where it is and whom to sign in as. */
export type ImapTarget = TestMailboxServer & TestMailboxAccount;

/** The mailbox of `account` on `server` (Dovecot's implicit-TLS port and CA). */
export const imapTarget = (server: TestMailboxServer, account: TestMailboxAccount): ImapTarget => ({
  imapsPort: server.imapsPort,
  ca: server.ca,
  user: account.user,
  password: account.password,
});

export const imapClient = (target: ImapTarget) => testMailboxClient(target, target);

/** Where an ImapSyncSession finds the target's mailbox (INBOX and Sent), as a saved connection would say. */
export const targetSessionOptions = (target: ImapTarget) => ({
  host: 'localhost',
  address: '127.0.0.1',
  port: target.imapsPort,
  security: 'SSL_TLS' as const,
  username: target.user,
  password: target.password,
  tls: { ca: [target.ca] },
  folders: { inbox: 'INBOX', sent: 'Sent' },
});

/** Small deterministic PRNG (mulberry32), so every run appends the same mailbox. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'quote invoice meeting follow up proposal contract renewal pricing discount delivery schedule ' +
  'onboarding training support ticket update question answer thanks regards review draft signed ' +
  'agenda notes call tomorrow next week budget approval team customer account order shipment'
).split(' ');

export interface GeneratedMessage {
  raw: string;
  date: Date;
  flags: string[];
}

/**
 * A realistic small business email: 1 of 300 senders, 1-3 recipients, threading headers on ~30%,
 * 0.5-4 KB of text, ~15% multipart/alternative (text + HTML), ~10% quoted-printable, Date inside
 * the last `windowDays` days (minus a day of margin), ~60% \Seen.
 */
export function generateMessage(
  i: number,
  to: string,
  windowDays = 30,
  now = Date.now(),
): GeneratedMessage {
  const rnd = prng(i * 7919 + 17);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sender = Math.floor(rnd() * 300);
  const from = `Customer ${sender} <customer${sender}@client${sender % 40}.test>`;
  const cc =
    rnd() < 0.2
      ? `Cc: Colleague <colleague${Math.floor(rnd() * 50)}@client${sender % 40}.test>\r\n`
      : '';
  const date = new Date(now - Math.floor(rnd() * (windowDays - 1) * 86_400_000));
  const threading =
    rnd() < 0.3
      ? `In-Reply-To: <thread-${i - 1}@bench.test>\r\nReferences: <thread-${i - 3}@bench.test> <thread-${i - 2}@bench.test> <thread-${i - 1}@bench.test>\r\n`
      : '';
  const subject = `${rnd() < 0.3 ? 'Re: ' : ''}${words(3 + Math.floor(rnd() * 6))} #${i}`;
  const paragraphs = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
    words(20 + Math.floor(rnd() * 60)),
  );
  const text = `Hello,\r\n\r\n${paragraphs.join('\r\n\r\n')}\r\n\r\nBest regards,\r\nCustomer ${sender}\r\n`;
  const head =
    `From: ${from}\r\nTo: ${to}\r\n${cc}Subject: ${subject}\r\nDate: ${date.toUTCString()}\r\n` +
    `Message-ID: <thread-${i}@bench.test>\r\n${threading}MIME-Version: 1.0\r\n`;
  let body: string;
  const kind = rnd();
  if (kind < 0.15) {
    const boundary = `b${i}x`;
    body =
      `Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n` +
      `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n` +
      `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>\r\n` +
      `--${boundary}--\r\n`;
  } else if (kind < 0.25) {
    body = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe,\r\n${text}`;
  } else {
    body = `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}`;
  }
  return { raw: head + body, date, flags: rnd() < 0.6 ? ['\\Seen'] : [] };
}

/** APPENDs `count` generated messages to INBOX over `parallel` connections; returns elapsed ms. */
export async function appendMany(
  target: ImapTarget,
  count: number,
  parallel: number,
  folder = 'INBOX',
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      const client = imapClient(target);
      await client.connect();
      try {
        for (let i = next++; i < count; i = next++) {
          const m = generateMessage(i, target.user);
          const res = await client.append(folder, m.raw, m.flags, m.date);
          if (!res) throw new Error(`APPEND ${i} failed`);
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    }),
  );
  return performance.now() - started;
}
