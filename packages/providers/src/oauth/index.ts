/** What the apps use of oauth/ (imported as @inlet/providers/oauth). */
export {
  authorizationUrl,
  callbackError,
  checkIdentity,
  exchangeCode,
  fetchIdentity,
  listSendAsAddresses,
  missingScopes,
  refreshTokens,
} from './oauth-client.js';
export type { OAuthClientCredentials, OAuthTokens } from './oauth-client.js';
export { createOAuthHttp } from './oauth-http.js';
export type { OAuthHttp } from './oauth-http.js';
export { oauthProvider } from './oauth-providers.js';
export type { OAuthProviderDefinition, OAuthProviderOverrides } from './oauth-providers.js';
export { oauthSettingsSchema } from './oauth-settings.js';
export type { OAuthConnectInput } from './oauth-settings.js';
export { createPkce, randomUrlToken } from './pkce.js';
