import type {
  MutationsetOAuthAppArgs,
  OAuthApp,
  ResolversTypes,
} from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { OAuthProviderId } from '../../db/tables/oauth.table.js';
import { validationFailed, type FieldProblem } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import type { ViewerModel } from '../identity/viewer.js';
import {
  clientSecretLocation,
  OAUTH_PROVIDERS,
  oauthRedirectUrl,
  resolveOAuthApp,
  type StoredEndpoints,
} from '../../mail/oauth-apps.js';

/** How an OAuth app is shown: never its secret, only whether one is set. */
export async function describeOAuthApp(
  services: GatewayServices,
  provider: OAuthProviderId,
): Promise<OAuthApp & { __typename: 'OAuthApp' }> {
  const app = await resolveOAuthApp(services, provider);
  const d = app.definition;
  return {
    __typename: 'OAuthApp',
    provider,
    configured: app.credentials !== null,
    source: app.source,
    clientId: app.credentials?.clientId ?? null,
    clientSecretConfigured: Boolean(app.credentials?.clientSecret),
    redirectUrl: oauthRedirectUrl(services),
    scopes: [...d.scopes],
    endpoints: {
      authorizationUrl: d.authorizationUrl,
      codeExchangeUrl: d.tokenUrl,
      userinfoUrl: d.userinfoUrl,
      imapHost: d.imap.host,
      imapPort: d.imap.port,
      smtpHost: d.smtp.host,
      smtpPort: d.smtp.port,
    },
    updatedAt: app.row?.updated_at ?? null,
  };
}

export async function listOAuthApps(services: GatewayServices): Promise<OAuthApp[]> {
  return Promise.all(OAUTH_PROVIDERS.map((p) => describeOAuthApp(services, p)));
}

const hostPattern =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/** Saves a provider's OAuth app; the secret is encrypted, bound to its row, and never returned. */
export async function setOAuthApp(
  services: GatewayServices,
  viewer: ViewerModel,
  args: MutationsetOAuthAppArgs,
): Promise<ResolversTypes['SetOAuthAppResult']> {
  const problems: FieldProblem[] = [];
  const clientId = args.clientId.trim();
  const clientSecret = args.clientSecret.trim();
  if (clientId === '' || clientId.length > 500)
    problems.push({
      field: 'clientId',
      message: 'Enter the client ID (application ID) of the OAuth app.',
    });
  if (clientSecret === '' || clientSecret.length > 2000)
    problems.push({ field: 'clientSecret', message: 'Enter the client secret of the OAuth app.' });
  const endpoints: StoredEndpoints = {};
  const e = args.endpoints ?? {};
  const urls = {
    authorizationUrl: e.authorizationUrl,
    tokenUrl: e.codeExchangeUrl,
    userinfoUrl: e.userinfoUrl,
    sendAsUrl: e.sendAsUrl,
  };
  for (const key of ['authorizationUrl', 'tokenUrl', 'userinfoUrl', 'sendAsUrl'] as const) {
    const value = urls[key]?.trim();
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.username || url.password)
      problems.push({
        field: `endpoints.${key === 'tokenUrl' ? 'codeExchangeUrl' : key}`,
        message: 'Enter an https:// URL.',
      });
    else endpoints[key] = url.toString();
  }
  for (const key of ['imapHost', 'smtpHost'] as const) {
    const value = e[key]?.trim().toLowerCase();
    if (!value) continue;
    if (!hostPattern.test(value))
      problems.push({
        field: `endpoints.${key}`,
        message: 'Enter a server name, for example imap.example.com.',
      });
    else endpoints[key] = value;
  }
  for (const key of ['imapPort', 'smtpPort'] as const) {
    const value = e[key];
    if (value === null || value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > 65535)
      problems.push({ field: `endpoints.${key}`, message: 'Enter a port between 1 and 65535.' });
    else endpoints[key] = value;
  }
  if (problems.length > 0) return validationFailed(problems);

  const provider = args.provider;
  const before = await services.db
    .selectFrom('oauth_apps')
    .select(['provider', 'client_id', 'endpoints_json', 'updated_at'])
    .where('provider', '=', provider)
    .executeTakeFirst();
  const row = {
    provider,
    client_id: clientId,
    client_secret: services.vault.encrypt(clientSecret, clientSecretLocation(provider)),
    endpoints_json: Object.keys(endpoints).length > 0 ? JSON.stringify(endpoints) : null,
    updated_at: new Date().toISOString(),
    updated_by: viewer.user.id,
  };
  await services.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('oauth_apps')
      .values(row)
      .onConflict((oc) =>
        oc.column('provider').doUpdateSet({
          client_id: row.client_id,
          client_secret: row.client_secret,
          endpoints_json: row.endpoints_json,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute();
    await recordAudit(trx, viewer, {
      action: 'oauth_app.set',
      targetType: 'OAuthApp',
      targetId: provider,
      before: before ?? null,
      after: { provider, client_id: clientId, endpoints_json: row.endpoints_json },
    });
  });
  return describeOAuthApp(services, provider);
}
