import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { serialize as serializeCookie } from 'cookie';
import express from 'express';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { sql } from 'kysely';
import { WebSocketServer } from 'ws';
import { buildContext, type GatewayContext } from './context.js';
import type { GatewayServices } from './gateway-services.js';
import { gatewayError, knownCodes } from './errors.js';
import { assertOperationAllowed, limitRules } from './graphql-limits.js';
import { buildSchema } from './schema.js';
import { oauthCallbackHandler } from './modules/oauth/index.js';

export interface Gateway {
  server: Server;
  /** Starts listening; resolves with the base URL (http://host:port). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Hides anything unexpected behind INTERNAL_SERVER_ERROR; never a stack trace or an internal message. */
function formatErrorFor(services: GatewayServices) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && knownCodes.has(code)) {
      const field = formatted.extensions?.field;
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: typeof field === 'string' ? { code, field } : { code } };
    }
    services.logger.error({ err: (error as { originalError?: unknown })?.originalError ?? error, path: formatted.path }, 'unexpected GraphQL error');
    const internal = gatewayError('INTERNAL_SERVER_ERROR');
    return { message: internal.message, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

const readOnlyTokenPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (operation) assertOperationAllowed(contextValue.viewer, operation.operation);
      },
    };
  },
};

/** Browsers always send Origin on a WebSocket upgrade; a foreign one is cross-site WebSocket hijacking. */
function isAllowedOrigin(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (!origin) return true; // non-browser clients (internal tools) authenticate with a token instead
  try {
    const { host: originHost, origin: normalized } = new URL(origin);
    return originHost === host || (publicUrl !== undefined && normalized === new URL(publicUrl).origin);
  } catch {
    return false;
  }
}

export async function createGateway(services: GatewayServices): Promise<Gateway> {
  const { config, logger } = services;
  const schema = buildSchema();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = createServer(app);

  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      schema,
      onConnect: ({ extra }) => {
        const { origin, host } = extra.request.headers;
        if (!isAllowedOrigin(origin, host, config.publicUrl)) {
          logger.warn({ origin }, 'refused graphql-ws connection from a foreign origin');
          return false;
        }
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [gatewayError('GRAPHQL_PARSE_FAILED', (err as GraphQLError).message)];
        }
        const errors = validate(schema, document, [...specifiedRules, ...limitRules]);
        if (errors.length > 0) {
          return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        }
        try {
          const contextValue = await buildContext(services, ctx.extra.request.headers, null);
          const operation = document.definitions.find(
            (d) => d.kind === 'OperationDefinition' && (!payload.operationName || d.name?.value === payload.operationName),
          );
          if (operation?.kind === 'OperationDefinition') if (operation) assertOperationAllowed(contextValue.viewer, operation.operation);
          return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((e) => e.message) }, 'graphql-ws operation failed');
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    validationRules: limitRules,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatErrorFor(services),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      readOnlyTokenPlugin,
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
      if (!services.pubsub.connected()) return void res.status(503).json({ status: 'unavailable', reason: 'Redis unreachable' });
      res.json({ status: 'ready', database: services.engine });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        buildContext(services, req.headers, {
          clientIp: req.ip ?? 'unknown',
          secure: req.secure,
          setCookie: (name, value, { maxAgeSeconds }) => {
            res.append(
              'Set-Cookie',
              serializeCookie(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure, maxAge: maxAgeSeconds }),
            );
          },
        }),
    }),
  );

  // Google and Microsoft send the browser back here after sign-in (register <public URL>/oauth/callback).
  app.get('/oauth/callback', oauthCallbackHandler(services));

  serveConsole(app, config.consoleDir);

  // Malformed JSON bodies and other middleware errors: a stable JSON error, no stack trace.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, 'unhandled HTTP error');
    res.status(status).json({
      errors: [{ message: status === 500 ? 'Internal server error' : 'The request could not be read.', extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
    });
  });

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
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** The built console (apps/admin/dist), with index.html for client-side routes. */
function serveConsole(app: express.Express, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (_req, res) => {
      res.type('text').send('The console is not built. Run `npm start` from the repository root, which builds it.');
    });
    return;
  }
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!graphql|healthz|readyz|metrics).*/, (_req, res) => {
    res.sendFile(index);
  });
}
