import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { DomainSettingsInput } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

const DomainSettingsFields = graphql(`
  fragment DomainSettingsFields on DomainSettings {
    id
    domain
    kind
    imap {
      imapHost
      imapPort
      imapSecurity
      smtpHost
      smtpPort
      smtpSecurity
      allowInsecureCertificate
    }
    exchange {
      exchangeUrl
      usage
    }
    updatedBy {
      email
    }
  }
`);

const Create = graphql(`
  mutation DsCreate($input: DomainSettingsInput!) {
    createDomainSettings(input: $input) {
      __typename
      ... on DomainSettings {
        ...DomainSettingsFields
      }
      ... on ValidationFailed {
        message
        fields {
          field
          message
        }
      }
      ... on DomainSettingsConflict {
        message
        existingKind
        existingId
      }
    }
  }
`);

const Update = graphql(`
  mutation DsUpdate($id: ID!, $input: DomainSettingsInput!) {
    updateDomainSettings(id: $id, input: $input) {
      __typename
      ... on DomainSettings {
        ...DomainSettingsFields
      }
      ... on DomainSettingsConflict {
        message
        existingKind
      }
      ... on NotFound {
        code
      }
    }
  }
`);

const Delete = graphql(`
  mutation DsDelete($id: ID!) {
    deleteDomainSettings(id: $id) {
      __typename
      ... on DomainSettingsDeleted {
        id
        domain
      }
      ... on NotFound {
        code
      }
    }
  }
`);

const List = graphql(`
  query DsList($first: Int, $after: String, $search: String) {
    domainSettingsList(first: $first, after: $after, search: $search) {
      totalCount
      edges {
        cursor
        node {
          domain
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const One = graphql(`
  query DsOne($domain: String!) {
    domainSettings(domain: $domain) {
      ...DomainSettingsFields
    }
  }
`);

const Audit = graphql(`
  query DsAudit($targetId: String) {
    auditLog(targetType: "DomainSettings", targetId: $targetId) {
      edges {
        node {
          action
          actor {
            email
          }
          before
          after
        }
      }
    }
  }
`);

const Changed = graphql(`
  subscription DsChanged {
    domainSettingsChanged {
      change
      domain
    }
  }
`);

const imapInput = (
  domain: string,
  overrides: Partial<NonNullable<DomainSettingsInput['imap']>> = {},
): DomainSettingsInput => ({
  domain,
  imap: {
    imapHost: 'imap.example.com',
    imapPort: 993,
    imapSecurity: 'SSL_TLS',
    smtpHost: 'smtp.example.com',
    smtpPort: 587,
    smtpSecurity: 'STARTTLS',
    ...overrides,
  },
});
const exchangeInput = (
  domain: string,
  exchangeUrl = 'https://mail.example.com/EWS/Exchange.asmx',
): DomainSettingsInput => ({
  domain,
  exchange: { exchangeUrl, usage: 'EMAIL_AND_CALENDAR' },
});

describe.each(engines)('domain settings on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = (await gw.userSession('ADMIN')).cookie;
  });
  afterAll(async () => {
    await gw?.close();
  });

  describe('authorization', () => {
    it('refuses a USER every read and write', async () => {
      const { cookie } = await gw.userSession('USER');
      const created = await gw.execute(
        Create,
        { input: imapInput('acme.example') },
        { cookie: admin },
      );
      if (created.data?.createDomainSettings.__typename !== 'DomainSettings')
        throw new Error('not created');
      const id = created.data.createDomainSettings.id;

      const attempts = await Promise.all([
        gw.execute(List, {}, { cookie }),
        gw.execute(One, { domain: 'acme.example' }, { cookie }),
        gw.execute(Create, { input: imapInput('user-made.example') }, { cookie }),
        gw.execute(
          Update,
          { id, input: imapInput('acme.example', { imapHost: 'evil.example.net' }) },
          { cookie },
        ),
        gw.execute(Delete, { id }, { cookie }),
      ]);
      for (const res of attempts) {
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(res.data ?? null)).not.toContain('imap.example.com');
      }
      const still = await gw.execute(One, { domain: 'acme.example' }, { cookie: admin });
      expect(still.data?.domainSettings?.imap?.imapHost).toBe('imap.example.com');
    });

    it('refuses anonymous callers', async () => {
      const res = await gw.execute(List, {});
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  it('creates IMAP settings with normalised domain and hosts, and reads them back', async () => {
    const res = await gw.execute(
      Create,
      {
        input: imapInput('Bücher.Example', {
          imapHost: 'IMAP.Bücher.example',
          allowInsecureCertificate: true,
        }),
      },
      { cookie: admin },
    );
    expect(res.data?.createDomainSettings).toMatchObject({
      __typename: 'DomainSettings',
      domain: 'xn--bcher-kva.example',
      kind: 'IMAP',
      imap: {
        imapHost: 'imap.xn--bcher-kva.example',
        imapPort: 993,
        allowInsecureCertificate: true,
      },
      exchange: null,
    });
    const one = await gw.execute(One, { domain: 'bücher.example' }, { cookie: admin });
    expect(one.data?.domainSettings?.domain).toBe('xn--bcher-kva.example');
  });

  it('refuses Exchange settings for a domain that has IMAP settings, naming the kind already set', async () => {
    const first = await gw.execute(Create, { input: imapInput('both.example') }, { cookie: admin });
    if (first.data?.createDomainSettings.__typename !== 'DomainSettings')
      throw new Error('not created');
    const res = await gw.execute(
      Create,
      { input: exchangeInput('BOTH.example') },
      { cookie: admin },
    );
    expect(res.data?.createDomainSettings).toMatchObject({
      __typename: 'DomainSettingsConflict',
      existingKind: 'IMAP',
      existingId: first.data.createDomainSettings.id,
    });
    if (res.data?.createDomainSettings.__typename === 'DomainSettingsConflict') {
      expect(res.data.createDomainSettings.message).toContain(
        'both.example already has IMAP settings',
      );
    }
  });

  it('refuses input with both kinds or neither', async () => {
    const both = await gw.execute(
      Create,
      { input: { ...imapInput('x.example'), exchange: exchangeInput('x.example').exchange } },
      { cookie: admin },
    );
    expect(both.data?.createDomainSettings).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'kind' }],
    });
    const neither = await gw.execute(Create, { input: { domain: 'x.example' } }, { cookie: admin });
    expect(neither.data?.createDomainSettings).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'kind' }],
    });
  });

  it('reports every invalid field at once', async () => {
    const res = await gw.execute(
      Create,
      {
        input: imapInput('not a domain', {
          imapHost: 'imap.example.com:993',
          imapPort: 0,
          smtpHost: 'https://smtp.example.com',
          smtpPort: 70000,
        }),
      },
      { cookie: admin },
    );
    if (res.data?.createDomainSettings.__typename !== 'ValidationFailed')
      throw new Error('expected ValidationFailed');
    expect(res.data.createDomainSettings.fields.map((f) => f.field).sort()).toEqual(
      ['domain', 'imap.imapHost', 'imap.imapPort', 'imap.smtpHost', 'imap.smtpPort'].sort(),
    );
    expect(
      res.data.createDomainSettings.fields.find((f) => f.field === 'imap.smtpPort')?.message,
    ).toContain('1 to 65535');
  });

  it('requires an https Exchange URL', async () => {
    for (const url of [
      'http://mail.example.com/EWS/Exchange.asmx',
      'https://mail.example.com/owa/',
      'https://user:pw@mail.example.com/EWS/Exchange.asmx',
    ]) {
      const res = await gw.execute(
        Create,
        { input: exchangeInput('ews.example', url) },
        { cookie: admin },
      );
      expect(res.data?.createDomainSettings).toMatchObject({
        __typename: 'ValidationFailed',
        fields: [{ field: 'exchange.exchangeUrl' }],
      });
    }
    const ok = await gw.execute(Create, { input: exchangeInput('ews.example') }, { cookie: admin });
    expect(ok.data?.createDomainSettings).toMatchObject({
      __typename: 'DomainSettings',
      kind: 'EXCHANGE',
      imap: null,
      exchange: {
        exchangeUrl: 'https://mail.example.com/EWS/Exchange.asmx',
        usage: 'EMAIL_AND_CALENDAR',
      },
    });
  });

  it('edits, switches kind, deletes, and audit-logs each change with before and after', async () => {
    const created = await gw.execute(
      Create,
      { input: imapInput('lifecycle.example') },
      { cookie: admin },
    );
    if (created.data?.createDomainSettings.__typename !== 'DomainSettings')
      throw new Error('not created');
    const id = created.data.createDomainSettings.id;

    const edited = await gw.execute(
      Update,
      { id, input: imapInput('lifecycle.example', { imapPort: 143, imapSecurity: 'STARTTLS' }) },
      { cookie: admin },
    );
    expect(edited.data?.updateDomainSettings).toMatchObject({
      imap: { imapPort: 143, imapSecurity: 'STARTTLS' },
    });
    const switched = await gw.execute(
      Update,
      { id, input: exchangeInput('lifecycle.example') },
      { cookie: admin },
    );
    expect(switched.data?.updateDomainSettings).toMatchObject({
      kind: 'EXCHANGE',
      imap: null,
      exchange: { usage: 'EMAIL_AND_CALENDAR' },
    });
    const deleted = await gw.execute(Delete, { id }, { cookie: admin });
    expect(deleted.data?.deleteDomainSettings).toEqual({
      __typename: 'DomainSettingsDeleted',
      id,
      domain: 'lifecycle.example',
    });
    const again = await gw.execute(Delete, { id }, { cookie: admin });
    expect(again.data?.deleteDomainSettings).toMatchObject({ __typename: 'NotFound' });

    const audit = await gw.execute(Audit, { targetId: id }, { cookie: admin });
    const entries = audit.data?.auditLog.edges.map((e) => e.node) ?? [];
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'domainSettings.create',
      'domainSettings.update',
      'domainSettings.update',
      'domainSettings.delete',
    ]);
    const [deleteEntry, switchEntry] = entries;
    expect(deleteEntry?.after).toBeNull();
    expect(JSON.parse(switchEntry!.before!)).toMatchObject({ kind: 'IMAP', imap_port: 143 });
    expect(JSON.parse(switchEntry!.after!)).toMatchObject({ kind: 'EXCHANGE', imap_host: null });
    expect(entries.every((e) => e.actor?.email?.startsWith('admin-'))).toBe(true);
  });

  it('refuses renaming settings onto a domain that already has some', async () => {
    await gw.execute(Create, { input: exchangeInput('taken.example') }, { cookie: admin });
    const other = await gw.execute(Create, { input: imapInput('free.example') }, { cookie: admin });
    if (other.data?.createDomainSettings.__typename !== 'DomainSettings')
      throw new Error('not created');
    const res = await gw.execute(
      Update,
      { id: other.data.createDomainSettings.id, input: imapInput('taken.example') },
      { cookie: admin },
    );
    expect(res.data?.updateDomainSettings).toMatchObject({
      __typename: 'DomainSettingsConflict',
      existingKind: 'EXCHANGE',
    });
  });

  it('pages through the list in domain order and searches', async () => {
    for (const d of ['page-c.example', 'page-a.example', 'page-b.example']) {
      await gw.execute(Create, { input: imapInput(d) }, { cookie: admin });
    }
    const first = await gw.execute(List, { first: 2, search: 'PAGE-' }, { cookie: admin });
    expect(first.data?.domainSettingsList.totalCount).toBe(3);
    expect(first.data?.domainSettingsList.edges.map((e) => e.node.domain)).toEqual([
      'page-a.example',
      'page-b.example',
    ]);
    expect(first.data?.domainSettingsList.pageInfo.hasNextPage).toBe(true);
    const next = await gw.execute(
      List,
      { first: 2, search: 'page-', after: first.data?.domainSettingsList.pageInfo.endCursor },
      { cookie: admin },
    );
    expect(next.data?.domainSettingsList.edges.map((e) => e.node.domain)).toEqual([
      'page-c.example',
    ]);
    expect(next.data?.domainSettingsList.pageInfo.hasNextPage).toBe(false);
    const tooMany = await gw.execute(List, { first: 1000 }, { cookie: admin });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pushes changes to admins over graphql-ws and refuses USER subscriptions', async () => {
    const client = gw.wsClient({ cookie: admin });
    const received: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: print(Changed) },
        {
          next: (msg) => {
            received.push(msg.data);
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    // graphql-ws subscribes asynchronously; publish until the first event arrives (bounded).
    for (let i = 0; i < 50 && received.length === 0; i++) {
      await gw.execute(Create, { input: imapInput(`push-${i}.example`) }, { cookie: admin });
      await Promise.race([done, new Promise((r) => setTimeout(r, 100))]);
    }
    expect(received[0]).toMatchObject({
      domainSettingsChanged: {
        change: 'CREATED',
        domain: expect.stringMatching(/^push-\d+\.example$/),
      },
    });

    const user = await gw.userSession('USER');
    const userClient = gw.wsClient({ cookie: user.cookie });
    const refused = await new Promise<unknown>((resolve) => {
      userClient.subscribe(
        { query: print(Changed) },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      );
    });
    expect(JSON.stringify(refused)).toContain('FORBIDDEN');
  });
});
