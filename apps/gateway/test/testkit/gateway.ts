import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import { closeServices, createServices, ensureFirstAdmin } from '../../src/bootstrap.js';
import type { GatewayServices } from '../../src/gateway-services.js';
import { loadConfig } from '../../src/env.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Role, Seat } from '../../src/db/tables/user.table.js';
import { insertUser } from '../../src/modules/identity/users.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { generateKeyEntry } from '../../src/vault/keyring.js';
import {
  ADMIN,
  gatewayClient,
  type Auth,
  type GatewayClient,
  type GraphQLResponse,
} from './client.js';
import { createTestDatabase, type Engine } from './databases.js';
import { CreateApiToken } from './documents.js';
import type { CreateApiTokenInput } from '../gql/graphql.js';

/** The keyring every test gateway encrypts with (primary id "test1"). */
export const TEST_KEY_ENTRY = generateKeyEntry('test1');

export { ADMIN };
export type { Auth, GraphQLResponse };

export interface TestGateway {
  url: string;
  /** The gateway's Node HTTP server. */
  server: Gateway['server'];
  services: GatewayServices;
  execute<T, V>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    auth?: Auth,
  ): Promise<GraphQLResponse<T>>;
  request: GatewayClient['request'];
  signIn(email?: string, password?: string): Promise<string>;
  /** Creates a user and returns a session cookie for them. */
  userSession(role: Role, seat?: Seat): Promise<{ cookie: string; email: string; id: string }>;
  /** The id of the user with this address (default: the first super admin). */
  userId(email?: string): Promise<string>;
  /** Creates an API token over the API as the session `cookie` holds; its id and secret. */
  createApiToken(
    cookie: string,
    input?: CreateApiTokenInput,
  ): Promise<{ id: string; secret: string }>;
  wsClient(auth?: Auth & { origin?: string }): Client;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  allowlist?: string;
  /** Extra environment, e.g. INLET_ALLOW_PRIVATE_HOSTS for loopback mail servers. */
  env?: Record<string, string>;
  /** Share this database (another replica's) instead of creating a fresh one; it is not dropped on close. */
  databaseUrl?: string;
  /** The gateway's logger (default: silent); see testkit/logs.ts to read what it wrote. */
  logger?: Logger;
}

let counter = 0;

/** A real gateway (HTTP + graphql-ws) on 127.0.0.1 with a fresh database of the given engine. */
export async function startTestGateway(
  engine: Engine,
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await createTestDatabase(engine);
  let allowlistFile: string | undefined;
  if (options.allowlist !== undefined) {
    allowlistFile = join(tmpdir(), `inlet-allowlist-${process.pid}-${counter++}.conf`);
    writeFileSync(allowlistFile, options.allowlist);
  }
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    INLET_ADMIN_EMAIL: ADMIN.email,
    INLET_ADMIN_PASSWORD: ADMIN.password,
    INLET_IP_ALLOWLIST_FILE: allowlistFile,
    INLET_CONSOLE_DIR: join(tmpdir(), 'inlet-no-console'),
    INLET_ENCRYPTION_KEYS: TEST_KEY_ENTRY,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const services = await createServices(config, options.logger ?? createLogger('silent'));
  await ensureFirstAdmin(services);
  const gateway: Gateway = await createGateway(services);
  const url = await gateway.listen();
  const sockets: Client[] = [];

  const client = gatewayClient(url);
  const { execute, request, signIn } = client;

  return {
    url,
    server: gateway.server,
    services,
    execute,
    request,
    signIn,
    async userSession(role, seat = 'FULL') {
      const email = `${role.toLowerCase()}-${counter++}@example.com`;
      const password = 'a-long-password-1';
      const user = await insertUser(services.db, { email, name: email, password, role, seat });
      if ('field' in user) throw new Error(user.message);
      return { email, id: user.id, cookie: await signIn(email, password) };
    },
    async userId(email = ADMIN.email) {
      const user = await services.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return user.id;
    },
    async createApiToken(cookie, input = { name: 'tool', scope: 'READ' }) {
      const res = await execute(CreateApiToken, { input }, { cookie });
      const created = res.data?.createApiToken;
      if (created?.__typename !== 'ApiTokenCreated')
        throw new Error(`no token: ${JSON.stringify(created ?? res.errors)}`);
      return { id: created.token.id, secret: created.secret };
    },
    wsClient(auth = {}) {
      const ws = client.wsClient(auth);
      sockets.push(ws);
      return ws;
    },
    async close() {
      await Promise.all(sockets.map((s) => s.dispose()));
      await gateway.close();
      await closeServices(services);
      await database.drop();
    },
  };
}
