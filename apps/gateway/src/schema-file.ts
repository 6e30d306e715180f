import { loadTypeDefs } from '@inlet/schema';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { GatewayServices } from './gateway-services.js';
import { authenticate, credentialsFrom } from './modules/identity/authenticate.js';

/**
 * GET /graphql/schema.graphql: the merged SDL (packages/schema/generated/schema.graphql, written by
 * the codegen task every build runs) for a session or an API token; anyone else gets 401 with the same
 * error shape as GraphQL. Read once: the file does not change while the gateway runs.
 */
export function schemaFileHandler(services: GatewayServices): RequestHandler {
  let sdl: string | undefined;
  return async (req, res) => {
    let signedIn = false;
    try {
      signedIn = (await authenticate(services, credentialsFrom(req.headers))) !== null;
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
    }
    if (!signedIn) {
      res.status(401).json({
        errors: [
          {
            message: 'Sign in (or send an API token) to read the schema.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      return;
    }
    sdl ??= loadTypeDefs();
    res
      .type('application/graphql; charset=utf-8')
      .set('content-disposition', 'inline; filename="schema.graphql"')
      .set('cache-control', 'private, no-cache')
      .send(sdl);
  };
}
