import type { ProviderInfoResolvers } from '../../../__generated__/resolvers-types.js';
import { OAUTH_APP_OF_KIND, resolveOAuthApp } from '../../../mail/oauth-apps.js';

/** A provider module as the API shows it: its capabilities are data. */
export const ProviderInfo: ProviderInfoResolvers = {
  auth: (module) => module.capabilities.auth,
  // Every connect runs the kind's check, then the gateway saves what passed (connect-pipeline.ts).
  steps: (module) => [...module.capabilities.steps, 'save'],
  push: (module) => module.capabilities.push,
  serverSavesSentCopy: (module) => module.capabilities.serverSavesSentCopy,
  sendAsAliases: (module) => module.capabilities.sendAsAliases,
  available: async (module, _args, ctx) => {
    const app = OAUTH_APP_OF_KIND[module.kind];
    return !app || (await resolveOAuthApp(ctx, app)).credentials !== null;
  },
};
