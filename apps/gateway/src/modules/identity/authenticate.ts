import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookie } from 'cookie';
import type { GatewayServices } from '../../gateway-services.js';
import { gatewayError } from '../../errors.js';
import { findTokenUser } from './api-tokens.js';
import { SESSION_COOKIE } from './sessions.js';
import type { ViewerModel } from './viewer.js';

export interface Credentials {
  bearer: string | undefined;
  sessionSecret: string | undefined;
}

/** Reads credentials from an HTTP request or a graphql-ws upgrade request. */
export function credentialsFrom(headers: IncomingHttpHeaders): Credentials {
  const auth = headers.authorization;
  const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const sessionSecret = headers.cookie ? parseCookie(headers.cookie)[SESSION_COOKIE] : undefined;
  return { bearer, sessionSecret };
}

/**
 * Resolves who is asking. A bearer token wins over a cookie; a bearer token that is unknown or
 * revoked (or whose owner is deactivated) is an error (a tool must not silently run unauthenticated), a stale cookie is not.
 */
export async function authenticate(
  { db, sessions }: Pick<GatewayServices, 'db' | 'sessions'>,
  credentials: Credentials,
): Promise<ViewerModel | null> {
  if (credentials.bearer) {
    const found = await findTokenUser(db, credentials.bearer);
    if (!found)
      throw gatewayError('UNAUTHENTICATED', 'The API token is unknown or has been revoked.');
    return {
      user: found.user,
      authMethod: 'API_TOKEN',
      tokenScope: found.token.scope,
      tokenId: found.token.id,
      session: null,
    };
  }
  if (credentials.sessionSecret) {
    const found = await sessions.find(db, credentials.sessionSecret);
    if (found)
      return {
        user: found.user,
        authMethod: 'SESSION',
        tokenScope: null,
        tokenId: null,
        session: found.session,
      };
  }
  return null;
}
