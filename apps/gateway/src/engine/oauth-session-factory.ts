import { ImapSyncSession, isProviderError, ProviderError, type ImapSyncTiming } from '@inlet/providers';
import type { GatewayServices } from '../context.js';
import { oauthAccessToken } from '../mail/oauth-tokens.js';
import { parseOAuthSettings } from '../modules/oauth/oauth-settings.js';
import { guardsPerConnection, reportFolderEvents } from './imap-session-events.js';
import { KyselySyncStore } from './kysely-sync-store.js';
import type { SyncSessionFactory } from './sync-session.js';

/** The server refused a token Inlet had just refreshed: only signing in again helps. */
function reauth(err: unknown): unknown {
  if (isProviderError(err) && err.code === 'AUTHENTICATION_FAILED') {
    return new ProviderError('OAUTH_REAUTH_REQUIRED', { detail: err.detail ?? 'The mail server refused the access token.', cause: err });
  }
  return err;
}

/**
 * Builds IMAP sync sessions for Gmail and Microsoft 365 connections, logging in with XOAUTH2. The access
 * token is refreshed before it expires; when the server refuses a token that was not just refreshed
 * (revoked early, rotated), it is refreshed once and the login tried again. A refresh refused by the
 * provider is OAUTH_REAUTH_REQUIRED (NEEDS_REAUTH, the connection and its history stay); an unreachable
 * provider is retryable (RETRYING).
 */
export function oauthSessionFactory(services: GatewayServices, timing?: ImapSyncTiming): SyncSessionFactory {
  const guardFor = guardsPerConnection({ maxRebuilds: services.config.uidValidityRebuildsPerHour });
  return async (connection, { since, events }) => {
    const settings = parseOAuthSettings(connection.settings_json);
    const vetted = await services.mailNetwork.vet(settings.imap.host, []);
    let { accessToken, refreshed } = await oauthAccessToken(services, connection);
    let stopping = false;
    let started = false;

    const build = (token: string) => {
      const s = new ImapSyncSession({
        host: settings.imap.host,
        address: vetted.address,
        port: settings.imap.port,
        security: settings.imap.security,
        username: settings.username,
        accessToken: token,
        tls: services.mailNetwork.ca ? { ca: services.mailNetwork.ca } : {},
        folders: { inbox: settings.inboxPath, sent: settings.sentFolder },
        store: new KyselySyncStore(services, connection),
        initialWindowDays: services.config.syncWindowDays,
        uidValidityGuard: guardFor(connection.id),
        ...(since ? { since } : {}),
        ...(timing ? { timing } : {}),
      });
      s.on('status', (status) => (status.state === 'CONNECTED' ? events.upToDate() : events.progress(status.progress)));
      // Failures while starting are handled by start() below (one refresh-and-retry on an auth failure).
      s.on('error', (error) => {
        if (started) events.failed(reauth(error) as ProviderError);
      });
      s.on('closed', ({ error }) => {
        if (started && !error && !stopping) events.closed();
      });
      reportFolderEvents(services, connection, s);
      return s;
    };
    let session = build(accessToken);

    return {
      get connectionsInUse() {
        return session.connectionsInUse;
      },
      start: async () => {
        try {
          await session.start();
        } catch (err) {
          if (refreshed || stopping || !isProviderError(err) || err.code !== 'AUTHENTICATION_FAILED') throw refreshed ? reauth(err) : err;
          ({ accessToken } = await oauthAccessToken(services, connection, { forceRefresh: true }));
          refreshed = true;
          if (stopping) return;
          session = build(accessToken);
          await session.start().catch((e: unknown) => {
            throw reauth(e);
          });
        }
        started = true;
      },
      checkNow: () => void session.checkNow(),
      stop: () => {
        stopping = true;
        return session.stop();
      },
    };
  };
}
