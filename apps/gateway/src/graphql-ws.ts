import type { IncomingMessage, Server } from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildContext } from './context.js';
import { gatewayError } from './errors.js';
import type { GatewayServices } from './gateway-services.js';
import type { ErrorFormatter } from './graphql-errors.js';
import { assertNoNulCharacters, assertOperationAllowed, parseOptions } from './graphql-limits.js';
import { LiveSockets } from './live-sockets.js';
import { authenticate, credentialsFrom } from './modules/identity/authenticate.js';

export interface GraphqlWs {
  sockets: LiveSockets;
  /** Closes every socket and stops listening for revocations. */
  dispose(): Promise<void>;
}

export interface GraphqlWsOptions {
  server: Server;
  schema: GraphQLSchema;
  services: GatewayServices;
  /** The validation rules HTTP uses (limits, introspection). */
  rules: ValidationRule[];
  /** The error formatter HTTP uses. */
  formatError: ErrorFormatter;
  /** The client IP of a request, by the same trusted-proxy rule as HTTP's. */
  clientIp(request: IncomingMessage): string;
}

/** Browsers always send Origin on a WebSocket upgrade; a foreign one is cross-site WebSocket hijacking. */
function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  publicUrl: string | undefined,
): boolean {
  if (!origin) return true; // non-browser clients (internal tools) authenticate with a token instead
  try {
    const { host: originHost, origin: normalized } = new URL(origin);
    return (
      originHost === host || (publicUrl !== undefined && normalized === new URL(publicUrl).origin)
    );
  } catch {
    return false;
  }
}

/**
 * graphql-ws on /graphql, with what HTTP has: the same parse limits, validation rules, context,
 * operation checks and error masking. Plus what only sockets need: who opened each one (a socket
 * whose session or token ends is closed, in every gateway, through the `principalRevoked` event),
 * sockets per client IP, and subscriptions per socket and per user.
 */
export function serveGraphqlWs({
  server,
  schema,
  services,
  rules,
  formatError,
  clientIp,
}: GraphqlWsOptions): GraphqlWs {
  const { config, logger } = services;
  const sockets = new LiveSockets(config.wsMaxSocketsPerIp, logger, config.wsAnonymousIdleMs);
  const wsServer = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: 1024 * 1024,
    // Called synchronously right before the upgrade completes, so the count cannot be overtaken.
    verifyClient: ({ req }, accept) =>
      sockets.admits(clientIp(req))
        ? accept(true)
        : accept(false, 429, 'Too many connections from this address'),
  });
  wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    sockets.opened(socket, clientIp(request));
    socket.once('close', () => sockets.closed(socket));
  });

  const cleanup = useServer<
    Record<string, unknown>,
    { request: IncomingMessage; socket: WebSocket }
  >(
    {
      schema,
      isProd: config.production,
      onConnect: async ({ extra }) => {
        const { origin, host } = extra.request.headers;
        if (!isAllowedOrigin(origin, host, config.publicUrl)) {
          logger.warn({ origin }, 'refused graphql-ws connection from a foreign origin');
          return false;
        }
        try {
          sockets.identified(
            extra.socket,
            await authenticate(services, credentialsFrom(extra.request.headers)),
          );
        } catch (err) {
          if (!(err instanceof GraphQLError)) throw err;
          return false; // an unknown or revoked API token: 4403
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        let document;
        try {
          document = parse(payload.query, parseOptions);
        } catch (err) {
          return [gatewayError('GRAPHQL_PARSE_FAILED', (err as GraphQLError).message)];
        }
        const errors = validate(schema, document, [...specifiedRules, ...rules]);
        if (errors.length > 0) {
          return errors.map(
            (e) =>
              new GraphQLError(e.message, {
                nodes: e.nodes,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
          );
        }
        try {
          // Authenticated again for every operation: a session that ended since the socket opened is refused.
          const contextValue = await buildContext(services, ctx.extra.request.headers, null);
          const operation = getOperationAST(document, payload.operationName);
          if (operation) assertOperationAllowed(contextValue.viewer, operation.operation);
          assertNoNulCharacters(document, payload.variables);
          const refusal = sockets.starting(
            ctx.extra.socket,
            id,
            operation?.operation === 'subscription',
          );
          if (refusal) return [gatewayError('RATE_LIMITED', refusal)];
          return {
            schema,
            document,
            variableValues: payload.variables,
            operationName: payload.operationName,
            contextValue,
          };
        } catch (err) {
          // Anything unexpected goes to onError, which masks and logs it like the HTTP side.
          return [
            err instanceof GraphQLError
              ? err
              : new GraphQLError('unexpected error', { originalError: err as Error }),
          ];
        }
      },
      // graphql-ws has no formatError: results and errors go through the one Apollo uses, so both transports mask alike.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
          : undefined,
      onError: (ctx, id, _payload, errors) => {
        sockets.ended(ctx.extra.socket, id);
        return errors.map((e) => formatError(e.toJSON(), e));
      },
      onComplete: (ctx, id) => sockets.ended(ctx.extra.socket, id),
    },
    wsServer,
  );

  const revocations = services.pubsub.subscribe('principalRevoked');
  void (async () => {
    for await (const event of revocations) sockets.revoke(event);
  })();

  return {
    sockets,
    dispose: async () => {
      await revocations.return();
      await cleanup.dispose();
    },
  };
}
