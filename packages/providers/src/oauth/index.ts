export * from './oauth-providers.js';
export * from './oauth-client.js';
export * from './oauth-http.js';
export * from './pkce.js';
export * from './oauth-imap.js';
