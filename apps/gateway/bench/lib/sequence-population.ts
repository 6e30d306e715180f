import { randomUUID } from 'node:crypto';
import { startSmtpServer, type SmtpTestServer } from '@inlet/providers/testing';
import type { GatewayServices } from '../../src/gateway-services.js';
import {
  activeEnrollmentRow,
  imapSettings,
  insertBenchUser,
  insertImapConnection,
  insertSequence,
} from './services.js';

export interface Inbox {
  userId: string;
  connectionId: string;
  sequenceId: string;
}

/** The sequences bench's senders: one user, IMAP inbox (SMTP through the sink) and one-step sequence each. */
export async function seedInboxes(
  services: GatewayServices,
  users: { user: string; password: string }[],
  smtpPort: number,
): Promise<Inbox[]> {
  const { db } = services;
  const inboxes: Inbox[] = [];
  for (const { user, password } of users) {
    const userId = await insertBenchUser(services, user);
    const connection = await insertImapConnection(
      services,
      userId,
      user,
      password,
      993,
      'CONNECTED',
      'localhost',
    );
    const settings = { ...imapSettings(user, 993, 'localhost') };
    settings.smtp = { host: 'localhost', port: smtpPort, security: 'STARTTLS' };
    // No copy to Sent over IMAP (as for Gmail and Microsoft 365, whose servers keep it): the sink
    // has no IMAP side, and the copy comes after the SMTP server's 250 that is measured.
    settings.sentFolder = null;
    await db
      .updateTable('connections')
      .set({ settings_json: JSON.stringify(settings) })
      .where('id', '=', connection.id)
      .execute();
    const sequenceId = await insertSequence(db, userId, connection.id, [0], `Bench ${user}`);
    inboxes.push({ userId, connectionId: connection.id, sequenceId });
  }
  return inboxes;
}

export interface Population {
  /** Contact address -> its enrollment (each contact gets one email). */
  enrollmentOf: Map<string, string>;
  /** Enrollments due in the run -> their due time. */
  due: Map<string, number>;
}

/**
 * `size` ACTIVE enrollments, enrollment i in inbox i % inboxes.length. The first `dueCount` are due
 * evenly over `spreadMs` from `start` (consecutive ones in different inboxes, so every inbox has a step
 * due every inboxes.length * spreadMs / dueCount); the others are due a day later, outside the run.
 */
export async function seedEnrollments(
  services: GatewayServices,
  inboxes: Inbox[],
  size: number,
  dueCount: number,
  start: number,
  spreadMs: number,
): Promise<Population> {
  const { db } = services;
  const now = new Date().toISOString();
  const contacts = Array.from({ length: size }, (_, i) => ({
    id: randomUUID(),
    email: `contact${i}@customer.test`,
    name: null,
    company: null,
    created_at: now,
  }));
  for (let i = 0; i < contacts.length; i += 500)
    await db
      .insertInto('contacts')
      .values(contacts.slice(i, i + 500))
      .execute();
  const dueAt = (i: number) =>
    i < dueCount ? start + Math.floor((i * spreadMs) / dueCount) : start + 86_400_000;
  const enrollments = contacts.map((contact, i) =>
    activeEnrollmentRow(
      inboxes[i % inboxes.length]!,
      contact.id,
      new Date(dueAt(i)).toISOString(),
      now,
    ),
  );
  for (let i = 0; i < enrollments.length; i += 500)
    await db
      .insertInto('enrollments')
      .values(enrollments.slice(i, i + 500))
      .execute();
  return {
    enrollmentOf: new Map(contacts.map((c, i) => [c.email, enrollments[i]!.id])),
    due: new Map(enrollments.slice(0, dueCount).map((e, i) => [e.id, dueAt(i)])),
  };
}

/** Steps sent twice as the database records them: SENT events beyond one per enrollment. */
export async function sentEventsTwice(services: GatewayServices): Promise<number> {
  const events = await services.db
    .selectFrom('enrollment_events')
    .select((eb) => [
      eb.fn.countAll().as('all'),
      eb.fn.count('enrollment_id').distinct().as('distinct'),
    ])
    .where('type', '=', 'SENT')
    .executeTakeFirstOrThrow();
  return Number(events.all) - Number(events.distinct);
}

/** Outbox rows of one status. */
export async function outboxCount(
  services: GatewayServices,
  status: 'SENT' | 'FAILED' | 'SENDING' | 'QUEUED',
): Promise<number> {
  const row = await services.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AcceptingSink {
  sink: SmtpTestServer;
  users: { user: string; password: string }[];
  /** Recipient -> when the sink first answered 250 for an email to it. */
  accepted: Map<string, number>;
  /** Emails accepted for a recipient that had one already. */
  acceptedTwice(): number;
}

/** A loopback SMTP sink (STARTTLS, AUTH, messages dropped unread) for `inboxes` senders, recording each 250. */
export async function startAcceptingSink(inboxes: number): Promise<AcceptingSink> {
  const users = Array.from({ length: inboxes }, (_, i) => ({
    user: `seller${i}@bench.test`,
    password: `seller-${i}-pass`,
  }));
  const accepted = new Map<string, number>();
  let twice = 0;
  const sink = await startSmtpServer({
    users,
    discard: true,
    onAccept(recipients) {
      const at = Date.now();
      for (const to of recipients)
        if (accepted.has(to)) twice += 1;
        else accepted.set(to, at);
    },
  });
  return { sink, users, accepted, acceptedTwice: () => twice };
}
