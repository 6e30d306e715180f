import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './testkit/databases.js';
import { Contacts } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

describe.each(engines)('searching on %s', (engine) => {
  let gw: TestGateway;
  let cookie: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    cookie = await gw.signIn();
    const now = new Date().toISOString();
    for (const email of ['ann_lee@x.test', 'annxlee@x.test', '100%off@x.test', '100off@x.test']) {
      await gw.services.db
        .insertInto('contacts')
        .values({ id: randomUUID(), email, name: null, created_at: now })
        .execute();
    }
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  const search = async (text: string) =>
    (await gw.execute(Contacts, { search: text }, { cookie })).data?.contacts.edges.map(
      (e) => e.node.email,
    );

  it('takes % and _ in the search text literally', async () => {
    expect(await search('ann_')).toEqual(['ann_lee@x.test']);
    expect(await search('100%')).toEqual(['100%off@x.test']);
    expect(await search('lee@')).toEqual(['ann_lee@x.test', 'annxlee@x.test']);
  });
});
