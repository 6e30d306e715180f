import {
  createProviderRegistry,
  providerErrors,
  ProviderError,
  providerSteps,
  type ProviderStep,
} from '@inlet/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHealth } from '../src/engine/connection-health.js';
import { recordFolderError } from '../src/engine/folder-errors.js';
import type { ConnectionRow } from '../src/db/tables/connection.table.js';
import { graphql } from './gql/index.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertImapConnection } from './testkit/seed.js';

// One vocabulary: the API speaks the providers' steps and codes one to one, and stored errors read their
// words from the catalogues.

const Providers = graphql(`
  query VocabularyProviders {
    providers {
      kind
      displayName
      auth
      steps
      push
      serverSavesSentCopy
      sendAsAliases
    }
  }
`);

const StoredErrors = graphql(`
  query VocabularyStoredErrors($id: ID!) {
    connection(id: $id) {
      lastError {
        code
        providerErrorCode
        message
        hint
        step
        field
        detail
        firstSeenAt
        count
      }
      folders {
        path
        error {
          code
          message
          hint
          step
        }
      }
      history(first: 5) {
        status
        code
        providerErrorCode
        message
        step
      }
    }
  }
`);

/** The GraphQL name of a provider step: test-email -> TEST_EMAIL. */
const schemaName = (step: string) => step.toUpperCase().replaceAll('-', '_');

describe('one vocabulary', () => {
  let gw: TestGateway;
  let admin: string;
  let adminId: string;
  let n = 0;

  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
    admin = await gw.signIn();
    adminId = await gw.userId();
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** A saved connection nobody syncs (the supervisor only starts what it is handed). */
  const connection = (): Promise<ConnectionRow> =>
    insertImapConnection(gw.services, adminId, `vocab${n++}@example.com`, 'unused', 1, 'CONNECTED');
  const read = async (id: string) =>
    (await gw.execute(StoredErrors, { id }, { cookie: admin })).data?.connection;

  it("lists every kind with its registry's check steps, in order, then SAVE, and its capabilities", async () => {
    const res = await gw.execute(Providers, {}, { cookie: admin });
    expect(res.errors).toBeUndefined();
    const expected = Object.values(createProviderRegistry()).map((m) => ({
      kind: m.kind,
      displayName: m.displayName,
      auth: m.capabilities.auth,
      steps: [...m.capabilities.steps.map(schemaName), 'SAVE'],
      push: m.capabilities.push,
      serverSavesSentCopy: m.capabilities.serverSavesSentCopy,
      sendAsAliases: m.capabilities.sendAsAliases,
    }));
    expect(res.data?.providers).toEqual(expected);
    const stepsOf = (kind: string) => res.data?.providers.find((p) => p.kind === kind)?.steps;
    expect(stepsOf('IMAP')).toEqual([
      'VET',
      'TCP',
      'TLS',
      'GREETING',
      'LOGIN',
      'FOLDERS',
      'SMTP',
      'TEST_EMAIL',
      'SAVE',
    ]);
    expect(stepsOf('EXCHANGE')).toEqual([
      'DISCOVERY',
      'TLS',
      'LOGIN',
      'FOLDERS',
      'TEST_EMAIL',
      'SAVE',
    ]);
  });

  it('names every provider step by its own VerificationStep, one to one (no step is folded into another)', async () => {
    const row = await connection();
    for (const step of providerSteps)
      await recordFolderError(
        gw.services,
        row,
        `Folder ${step}`,
        new ProviderError('SYNC_FAILED', { step }),
      );
    const folders = (await read(row.id))?.folders ?? [];
    const named = new Map(folders.map((f) => [f.path.slice('Folder '.length), f.error?.step]));
    for (const step of providerSteps) expect(named.get(step)).toBe(schemaName(step));
    // And back: the names tell the steps apart.
    const back = new Set(
      folders.map((f) => f.error!.step.toLowerCase().replaceAll('_', '-') as ProviderStep),
    );
    expect([...back].sort()).toEqual([...providerSteps].sort());
  });

  it("stores an error by code and step only, and reads its message and hint from the providers' catalogue", async () => {
    const row = await connection();
    await recordHealth(
      gw.services,
      row,
      'NEEDS_REAUTH',
      new ProviderError('AUTHENTICATION_FAILED', {
        detail: 'NO [AUTHENTICATIONFAILED] Authentication failed.',
      }),
    );
    const stored = await gw.services.db
      .selectFrom('connections')
      .select('last_error_json')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.last_error_json!)).toEqual({
      code: 'AUTHENTICATION_FAILED',
      step: 'login',
      field: 'password',
      detail: 'NO [AUTHENTICATIONFAILED] Authentication failed.',
      firstSeenAt: expect.any(String),
      count: 1,
    });
    const event = await gw.services.db
      .selectFrom('connection_events')
      .select(['code', 'message', 'step'])
      .where('connection_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ code: 'AUTHENTICATION_FAILED', message: null, step: 'login' });

    await recordHealth(
      gw.services,
      row,
      'NEEDS_REAUTH',
      new ProviderError('AUTHENTICATION_FAILED'),
    );
    const read1 = await read(row.id);
    const { message, hint } = providerErrors.AUTHENTICATION_FAILED;
    expect(read1?.lastError).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      providerErrorCode: 'AUTHENTICATION_FAILED',
      message,
      hint,
      step: 'LOGIN',
      field: 'password',
      count: 2,
    });
    expect(read1?.history[0]).toEqual({
      status: 'NEEDS_REAUTH',
      code: 'AUTHENTICATION_FAILED',
      providerErrorCode: 'AUTHENTICATION_FAILED',
      message,
      step: 'LOGIN',
    });
  });

  it('keeps a hint the provider gave instead of its catalogue one', async () => {
    const row = await connection();
    const hint = 'Sign in as CORP\\jane or jane@corp.example.';
    await recordHealth(
      gw.services,
      row,
      'NEEDS_REAUTH',
      new ProviderError('AUTHENTICATION_FAILED', { hint }),
    );
    expect((await read(row.id))?.lastError).toMatchObject({
      message: providerErrors.AUTHENTICATION_FAILED.message,
      hint,
    });
  });

  it('reads rows stored before the one shape, which carry their own message and hint', async () => {
    const row = await connection();
    const at = new Date().toISOString();
    const legacy = {
      code: 'AUTHENTICATION_FAILED',
      message: 'refused',
      hint: 'Check the password.',
      step: 'login',
      firstSeenAt: at,
      count: 3,
    };
    await gw.services.db
      .updateTable('connections')
      .set({ last_error_json: JSON.stringify(legacy) })
      .where('id', '=', row.id)
      .execute();
    await gw.services.db
      .insertInto('folder_errors')
      .values({
        connection_id: row.id,
        path: 'Old',
        error_json: JSON.stringify({
          code: 'RETIRED_CODE',
          message: 'Old words.',
          hint: 'Old hint.',
          step: 'nowhere',
          firstSeenAt: at,
          count: 1,
        }),
        updated_at: at,
      })
      .execute();
    const read1 = await read(row.id);
    expect(read1?.lastError).toEqual({
      code: 'AUTHENTICATION_FAILED',
      providerErrorCode: 'AUTHENTICATION_FAILED',
      message: providerErrors.AUTHENTICATION_FAILED.message,
      hint: 'Check the password.',
      step: 'LOGIN',
      field: null,
      detail: null,
      firstSeenAt: at,
      count: 3,
    });
    // A code no catalogue knows any more keeps its own words.
    expect(read1?.folders).toEqual([
      {
        path: 'Old',
        error: { code: 'RETIRED_CODE', message: 'Old words.', hint: 'Old hint.', step: 'SYNC' },
      },
    ]);
  });
});
