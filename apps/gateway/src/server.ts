import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { serialize as serializeCookie } from 'cookie';
import express from 'express';
import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import { compiledGateway } from './compiled-executor.js';
import { buildContext, type GatewayContext } from './context.js';
import type { GatewayServices } from './gateway-services.js';
import { createErrorFormatter } from './graphql-errors.js';
import {
  clientIpOf,
  graphqlHttpHandler,
  isGraphqlEndpoint,
  requestedOverTls,
  requestErrorStatus,
  sendRequestError,
} from './graphql-http.js';
import { securityHeaders, servedOverHttps } from './http-security.js';
import {
  assertNoNulCharacters,
  assertOperationAllowed,
  parseOptions,
  validationRules,
} from './graphql-limits.js';
import { serveGraphqlWs } from './graphql-ws.js';
import { buildSchema } from './schema.js';
import { oauthCallbackHandler } from './modules/oauth/index.js';
import { precompressedAssets } from './precompressed-assets.js';
import { schemaFileHandler } from './schema-file.js';

export interface Gateway {
  server: Server;
  /** Starts listening; resolves with the base URL (http://host:port). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Apollo answers an error thrown outside a resolver with 500 unless told otherwise: a client's error, with its status. */
function clientError(err: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status } } });
}

/** The checks graphql-ws makes in onSubscribe (graphql-ws.ts), once the operation is known. */
const operationChecksPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document, request }) {
        try {
          if (operation) assertOperationAllowed(contextValue.viewer, operation.operation);
          assertNoNulCharacters(document, request.variables);
        } catch (err) {
          if (err instanceof GraphQLError)
            throw clientError(err, err.extensions.code === 'READ_ONLY_TOKEN' ? 403 : 400);
          throw err;
        }
      },
    };
  },
};

export async function createGateway(services: GatewayServices): Promise<Gateway> {
  const { config, logger } = services;
  const schema = buildSchema();
  const rules = validationRules(config);
  const formatError = createErrorFormatter(logger, config);
  const app = express();
  app.disable('x-powered-by');
  // res.send would hash every answer for a weak ETag: API answers are POSTs nobody revalidates (the
  // console's files get theirs from express.static and sendFile, which do not read this setting).
  app.set('etag', false);
  // The same proxies as graphql-http.ts believes (clientIpOf, requestedOverTls).
  app.set('trust proxy', 'loopback');
  const headers = securityHeaders(config);
  app.use(headers);
  // /graphql itself is served without express (graphql-http.ts, set once Apollo has started, before the
  // server listens); everything else by the app.
  let graphql: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (graphql && isGraphqlEndpoint(req)) graphql(req, res);
    else app(req, res);
  });

  const ws = serveGraphqlWs({ server, schema, services, rules, formatError, clientIp: clientIpOf });

  const apollo = new ApolloServer<GatewayContext>({
    // The schema, with queries executed by graphql-jit (compiled-executor.ts).
    gateway: compiledGateway(schema),
    validationRules: rules,
    parseOptions,
    // Decided by `rules` (NoSchemaIntrospectionCustomRule), shared with graphql-ws; Apollo's own flag would only add a second error.
    introspection: true,
    csrfPrevention: true,
    // Signals are the process's (process-lifecycle.ts: one ordered shutdown). Apollo's own handlers,
    // installed whenever NODE_ENV is not "test", stopped the server under that shutdown, which then
    // waited out its whole grace period and exited 1.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
      operationChecksPlugin,
      // The console is the UI: no Apollo Sandbox page (it loads scripts from Apollo's CDN).
      ApolloServerPluginLandingPageDisabled(),
      // No type or field declares @cacheControl and no HTTP cache sits in front of /graphql; Apollo's
      // cache-control plugin (installed by default) would still hook every resolved field (issue #15).
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(services.metrics.contentType).send(await services.metrics.render());
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await sql`select 1`.execute(services.db);
      // At scale, a replica cut off from Redis would miss every event: not ready either.
      if (!services.pubsub.connected())
        return void res.status(503).json({ status: 'unavailable', reason: 'Redis unreachable' });
      res.json({ status: 'ready', database: services.engine });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  // The merged SDL for client generators and readers, to signed-in users (introspection is off in production).
  app.get('/graphql/schema.graphql', schemaFileHandler(services));

  graphql = graphqlHttpHandler(apollo, {
    headers,
    onError: (err) => logger.error({ err }, 'unhandled HTTP error'),
    context: async ({ req, res }) => {
      // A proxy hop in plain http (TLS ended before it) must not make the session cookie sendable without TLS.
      const secure = requestedOverTls(req) || servedOverHttps(config);
      const context = buildContext(services, req.headers, {
        clientIp: clientIpOf(req),
        secure,
        setCookie: (name, value, { maxAgeSeconds }) => {
          res.appendHeader(
            'Set-Cookie',
            serializeCookie(name, value, {
              httpOnly: true,
              sameSite: 'lax',
              path: '/',
              secure,
              maxAge: maxAgeSeconds,
            }),
          );
        },
      });
      // An unknown or revoked API token: 401, as a tool expects of a refused credential.
      return context.catch((err: unknown) => {
        if (err instanceof GraphQLError && err.extensions.code === 'UNAUTHENTICATED')
          throw clientError(err, 401);
        throw err;
      });
    },
  });

  // Google and Microsoft send the browser back here after sign-in (register <public URL>/oauth/callback).
  app.get('/oauth/callback', oauthCallbackHandler(services));

  serveConsole(app, config.consoleDir);

  // Malformed JSON bodies and other middleware errors: a stable JSON error, no stack trace.
  app.use(
    (
      err: { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = requestErrorStatus(err);
      if (status === 500) logger.error({ err }, 'unhandled HTTP error');
      sendRequestError(res, status);
    },
  );

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { address, port } = server.address() as AddressInfo;
          resolve(`http://${address.includes(':') ? `[${address}]` : address}:${port}`);
        });
      }),
    close: async () => {
      await apollo.stop();
    },
  };
}

/** The built console (apps/admin/dist), scripts and styles compressed, index.html for client-side routes. */
function serveConsole(app: express.Express, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (_req, res) => {
      res
        .type('text')
        .send(
          'The console is not built. Run `npm start` from the repository root, which builds it.',
        );
    });
    return;
  }
  app.use(precompressedAssets(dir, '1h'));
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  // The sign-in page prerendered by the build (its form paints before the scripts run), when built.
  const signIn = join(dir, 'sign-in.html');
  if (existsSync(signIn)) {
    app.get('/sign-in', (_req, res) => {
      res.sendFile(signIn);
    });
  }
  // Each page's own HTML (index.html preloading the page's scripts), when the build wrote them.
  for (const [path, file] of Object.entries(pageHtmlFiles(dir))) {
    const html = join(dir, file);
    app.get(path, (_req, res) => {
      res.sendFile(html);
    });
  }
  app.get(/^\/(?!graphql|healthz|readyz|metrics).*/, (_req, res) => {
    res.sendFile(index);
  });
}

/** The build's pages.json (apps/admin/preload-pages.ts): path -> HTML file under `dir`; none if absent. */
function pageHtmlFiles(dir: string): Record<string, string> {
  const manifest = join(dir, 'pages.json');
  if (!existsSync(manifest)) return {};
  const files = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(files).filter(
      ([path, file]) => path.startsWith('/') && existsSync(join(dir, file)),
    ),
  );
}
