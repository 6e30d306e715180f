import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailActivityRow } from '../src/db/tables/sync.table.js';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { rowCount } from './testkit/rows.js';
import { insertImapConnection } from './testkit/seed.js';

const Contacts = graphql(`
  query TimelineAccessContacts {
    contacts {
      totalCount
      edges {
        node {
          id
          email
          timeline {
            totalCount
            edges {
              node {
                id
                subject
              }
            }
          }
        }
      }
    }
  }
`);

const OneContact = graphql(`
  query TimelineAccessContact($id: ID!) {
    contact(id: $id) {
      id
      timeline {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

const TimelinePage = graphql(`
  query TimelineAccessPage($id: ID!, $after: String) {
    contact(id: $id) {
      timeline(first: 1, after: $after) {
        totalCount
        edges {
          node {
            subject
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const ContactsPage = graphql(`
  query TimelineAccessContactsPage($after: String) {
    contacts(first: 1, after: $after) {
      edges {
        node {
          email
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Reply = graphql(`
  mutation TimelineAccessReply($input: SendEmailInput!) {
    sendEmail(input: $input) {
      __typename
      ... on OutboxEmail {
        id
      }
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

interface Person {
  cookie: string;
  userId: string;
  connectionId: string;
  address: string;
}

// One rule everywhere: a user reads their own connections' activities; ADMIN and SUPER_ADMIN read all.
describe.each(engines)('who reads the CRM timeline, on %s', (engine) => {
  let gw: TestGateway;
  let ann: Person;
  let ben: Person;
  let admin: Person;
  let viewOnly: { cookie: string };
  const contactId = randomUUID();
  let annActivity: EmailActivityRow;
  let benActivity: EmailActivityRow;

  async function person(role: 'USER' | 'ADMIN'): Promise<Person> {
    const { cookie, email, id: userId } = await gw.userSession(role);
    const address = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@sales.test`;
    const { id: connectionId } = await insertImapConnection(
      gw.services,
      userId,
      address,
      'pw',
      1,
      'CONNECTED',
    );
    return { cookie, userId, connectionId, address };
  }

  async function logActivity(
    on: Person,
    contact: string,
    subject: string,
  ): Promise<EmailActivityRow> {
    const now = new Date().toISOString();
    const row: EmailActivityRow = {
      id: randomUUID(),
      contact_id: contact,
      connection_id: on.connectionId,
      type: 'SENT_ONE_TO_ONE',
      message_id: `<${randomUUID()}@sales.test>`,
      subject,
      snippet: 'Hello',
      occurred_at: now,
      created_at: now,
    };
    await gw.services.db.insertInto('email_activities').values(row).execute();
    return row;
  }

  const replyTo = (from: Person, activityId: string) =>
    gw.execute(
      Reply,
      {
        input: {
          idempotencyKey: randomUUID(),
          connectionId: from.connectionId,
          from: from.address,
          to: [{ address: 'bob@customer.test' }],
          subject: 'Re: quote',
          text: 'Thanks',
          replyToActivityId: activityId,
        },
      },
      { cookie: from.cookie },
    );

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    [ann, ben, admin] = [await person('USER'), await person('USER'), await person('ADMIN')];
    viewOnly = await gw.userSession('USER', 'VIEW_ONLY');
    await gw.services.db
      .insertInto('contacts')
      .values({
        id: contactId,
        email: 'bob@customer.test',
        name: 'Bob',
        created_at: new Date().toISOString(),
      })
      .execute();
    const annOnly = randomUUID();
    await gw.services.db
      .insertInto('contacts')
      .values({
        id: annOnly,
        email: 'carol@customer.test',
        name: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    annActivity = await logActivity(ann, contactId, 'Ann’s quote');
    benActivity = await logActivity(ben, contactId, 'Ben’s quote');
    await logActivity(ann, annOnly, 'Only Ann wrote to Carol');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  const timelines = async (who: { cookie: string }) => {
    const res = await gw.execute(Contacts, {}, { cookie: who.cookie });
    return Object.fromEntries(
      res.data!.contacts.edges.map((e) => [
        e.node.email,
        e.node.timeline.edges.map((a) => a.node.subject),
      ]),
    );
  };

  it('shows a user only the activities of their own connections, and only the contacts those are with', async () => {
    expect(await timelines(ben)).toEqual({ 'bob@customer.test': ['Ben’s quote'] });
    expect(await timelines(ann)).toEqual({
      'bob@customer.test': ['Ann’s quote'],
      'carol@customer.test': ['Only Ann wrote to Carol'],
    });
    // View-only seats follow the same rule: no connection, nothing to read.
    expect(await timelines(viewOnly)).toEqual({});
    const direct = await gw.execute(OneContact, { id: contactId }, { cookie: ben.cookie });
    expect(direct.data?.contact?.timeline.edges.map((e) => e.node.id)).toEqual([benActivity.id]);
    expect(
      (await gw.execute(OneContact, { id: contactId }, { cookie: viewOnly.cookie })).data?.contact,
    ).toBeNull();
  });

  it('pages a timeline one activity at a time, through activities logged at the same instant', async () => {
    const sameInstant = '2026-12-01T09:00:00.000Z';
    const tied = ['Tie A', 'Tie B'].map((subject) => ({
      ...annActivity,
      id: randomUUID(),
      message_id: `<${randomUUID()}@sales.test>`,
      subject,
      occurred_at: sameInstant,
    }));
    await gw.services.db.insertInto('email_activities').values(tied).execute();
    try {
      const readPage = (after: string | null) =>
        gw.execute(TimelinePage, { id: contactId, after }, { cookie: admin.cookie });
      const subjects: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res = await readPage(after);
        const page = res.data!.contact!.timeline;
        expect(page.totalCount).toBe(4);
        subjects.push(...page.edges.map((e) => e.node.subject ?? ''));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const tieOrder = [...tied].sort((a, b) => (a.id < b.id ? 1 : -1)).map((t) => t.subject);
      expect(subjects.slice(2)).toEqual(tieOrder);
      expect(subjects.slice(0, 2).sort()).toEqual(['Ann’s quote', 'Ben’s quote']);
    } finally {
      await gw.services.db
        .deleteFrom('email_activities')
        .where(
          'id',
          'in',
          tied.map((t) => t.id),
        )
        .execute();
    }
  });

  it('pages contacts by address', async () => {
    const readPage = (after: string | null) =>
      gw.execute(ContactsPage, { after }, { cookie: admin.cookie });
    const emails: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await readPage(after);
      emails.push(...res.data!.contacts.edges.map((e) => e.node.email));
      if (!res.data!.contacts.pageInfo.hasNextPage) break;
      after = res.data!.contacts.pageInfo.endCursor;
    }
    expect(emails).toEqual(['bob@customer.test', 'carol@customer.test']);
  });

  it('shows an admin every user’s activities', async () => {
    const all = await timelines(admin);
    expect(all['bob@customer.test']?.sort()).toEqual(['Ann’s quote', 'Ben’s quote']);
    expect(all['carol@customer.test']).toEqual(['Only Ann wrote to Carol']);
  });

  it('refuses to thread a user’s email onto another user’s activity, as if it did not exist', async () => {
    const res = await replyTo(ben, annActivity.id);
    expect(res.data?.sendEmail).toEqual({
      __typename: 'ValidationFailed',
      fields: [{ field: 'replyToActivityId', message: 'The email to reply to was not found.' }],
    });
    expect(await rowCount(gw.services.db, 'outbox', 'connection_id', ben.connectionId)).toBe(0);
    expect((await replyTo(ben, benActivity.id)).data?.sendEmail.__typename).toBe('OutboxEmail');
  });

  it('lets an admin reply to any activity, threaded onto it', async () => {
    const res = await replyTo(admin, annActivity.id);
    if (res.data?.sendEmail.__typename !== 'OutboxEmail') throw new Error(JSON.stringify(res));
    const row = await gw.services.db
      .selectFrom('outbox')
      .select('message_json')
      .where('id', '=', res.data.sendEmail.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.message_json)).toMatchObject({ inReplyTo: annActivity.message_id });
  });

  it('delivers activityLogged by the same rule', async () => {
    const seen = { ben: [] as string[], admin: [] as string[] };
    const subscribe = (who: Person, into: string[]) =>
      gw.wsClient({ cookie: who.cookie }).subscribe<{ activityLogged: { id: string } }>(
        { query: 'subscription { activityLogged { id } }' },
        {
          next: (r) => void into.push(r.data!.activityLogged.id),
          error: () => undefined,
          complete: () => undefined,
        },
      );
    subscribe(ben, seen.ben);
    subscribe(admin, seen.admin);
    for (let i = 0; i < 100 && gw.services.pubsub.listenerCount('activityLogged') < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    gw.services.pubsub.publish('activityLogged', { userId: ann.userId, activity: annActivity });
    gw.services.pubsub.publish('activityLogged', { userId: ben.userId, activity: benActivity });
    for (let i = 0; i < 100 && (seen.admin.length < 2 || seen.ben.length < 1); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(seen.admin).toEqual([annActivity.id, benActivity.id]);
    expect(seen.ben).toEqual([benActivity.id]);
  });
});
