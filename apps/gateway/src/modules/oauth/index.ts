import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { reconnectOAuth } from './resolvers/Mutation/reconnectOAuth.js';
import { setOAuthApp } from './resolvers/Mutation/setOAuthApp.js';
import { startOAuthConnect } from './resolvers/Mutation/startOAuthConnect.js';
import { oauthApps } from './resolvers/Query/oauthApps.js';
import { oauthAttempt } from './resolvers/Query/oauthAttempt.js';

export const oauthResolvers: Resolvers = {
  Query: { oauthApps, oauthAttempt },
  Mutation: { setOAuthApp, startOAuthConnect, reconnectOAuth },
};
export { oauthCallbackHandler } from './oauth-callback.route.js';
