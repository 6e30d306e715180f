import { sql, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { engineOf } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** What a sync batch's messages answer, by the Message-IDs of their In-Reply-To and References. */
export interface AnsweredEmails {
  /** One-to-one emails sent from the CRM (SENT_ONE_TO_ONE activities): the contacts each went to. */
  sentBy: Map<string, { contact_id: string; email: string }[]>;
  /** Emails of sequences (SCHEDULED or SENT enrollment events). */
  sequenceEmails: Set<string>;
}

/** The Message-IDs a message answers: its In-Reply-To, then its References. */
export function parentsOf(message: {
  inReplyTo: string | null;
  references: readonly string[];
}): string[] {
  return [message.inReplyTo, ...message.references].filter((id): id is string => Boolean(id));
}

/** Message-IDs per statement on SQLite (twice that many parameters): far below its cap. */
const SQLITE_CHUNK = 500;

/**
 * The statement that looks up which of `messageIds` are CRM emails (reply logging) and which are
 * sequence emails (enrollment stops); `readAnswered` reads its results. A sync batch asked both in two
 * round trips before; on PostgreSQL, where each waits for a main thread busy parsing IMAP, that was a
 * tenth of an initial sync (issue #15). PostgreSQL gets the ids as one array parameter (`= any($1)`), so
 * the server parses and plans the same short statement for every batch instead of an IN list of
 * hundreds of parameters; SQLite gets IN lists of at most SQLITE_CHUNK (one statement per chunk).
 */
export function answeredQueries(
  db: Kysely<Database>,
  messageIds: readonly string[],
): CompiledQuery[] {
  const ids = [...new Set(messageIds)];
  const postgres = engineOf(db) === 'POSTGRES';
  const chunk = postgres ? ids.length : SQLITE_CHUNK;
  const queries: CompiledQuery[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    const matches = postgres ? sql<string>`any(${part})` : part;
    queries.push(
      db
        .selectFrom('email_activities')
        .innerJoin('contacts', 'contacts.id', 'email_activities.contact_id')
        .select([
          'email_activities.message_id',
          'email_activities.contact_id',
          'contacts.email',
          sql<Kind>`'CRM'`.as('kind'),
        ])
        .where('email_activities.type', '=', 'SENT_ONE_TO_ONE')
        .where('email_activities.message_id', postgres ? '=' : 'in', matches)
        .unionAll(
          db
            .selectFrom('enrollment_events')
            .select([
              sql<string>`enrollment_events.message_id`.as('message_id'),
              sql<string>`null`.as('contact_id'),
              sql<string>`null`.as('email'),
              sql<Kind>`'SEQUENCE'`.as('kind'),
            ])
            .where('enrollment_events.type', 'in', ['SCHEDULED', 'SENT'])
            .where('enrollment_events.message_id', postgres ? '=' : 'in', matches),
        )
        .compile(),
    );
  }
  return queries;
}

type Kind = 'CRM' | 'SEQUENCE';
interface AnsweredRow {
  message_id: string;
  contact_id: string;
  email: string;
  kind: Kind;
}

/** What the results of `answeredQueries` say. */
export function readAnswered(
  results: readonly QueryResult<Record<string, unknown>>[],
): AnsweredEmails {
  const answered: AnsweredEmails = { sentBy: new Map(), sequenceEmails: new Set() };
  for (const result of results)
    for (const row of result.rows as unknown as AnsweredRow[]) {
      if (row.kind === 'SEQUENCE') {
        answered.sequenceEmails.add(row.message_id);
        continue;
      }
      const list = answered.sentBy.get(row.message_id) ?? [];
      list.push({ contact_id: row.contact_id, email: row.email });
      answered.sentBy.set(row.message_id, list);
    }
  return answered;
}
