import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { createApiToken } from './resolvers/Mutation/createApiToken.js';
import { createPasswordLink } from './resolvers/Mutation/createPasswordLink.js';
import { createUser } from './resolvers/Mutation/createUser.js';
import { setPasswordWithLink } from './resolvers/Mutation/setPasswordWithLink.js';
import { deactivateUser } from './resolvers/Mutation/deactivateUser.js';
import { endUserSessions } from './resolvers/Mutation/endUserSessions.js';
import { reactivateUser } from './resolvers/Mutation/reactivateUser.js';
import { revokeApiToken } from './resolvers/Mutation/revokeApiToken.js';
import { signIn } from './resolvers/Mutation/signIn.js';
import { signOut } from './resolvers/Mutation/signOut.js';
import { updateUser } from './resolvers/Mutation/updateUser.js';
import { apiTokens } from './resolvers/Query/apiTokens.js';
import { users } from './resolvers/Query/users.js';
import { viewer } from './resolvers/Query/viewer.js';
import { canManageWorkspace } from './viewer.js';

export const identityResolvers: Resolvers = {
  Query: { viewer, apiTokens, users },
  Mutation: {
    signIn,
    signOut,
    createApiToken,
    revokeApiToken,
    createUser,
    updateUser,
    deactivateUser,
    reactivateUser,
    createPasswordLink,
    setPasswordWithLink,
    endUserSessions,
  },
  Viewer: { canManageWorkspace: (viewer) => canManageWorkspace(viewer) },
  User: {
    createdAt: (user) => user.created_at,
    deactivatedAt: (user) => user.deactivated_at,
    // Whose inboxes someone has is for workspace admins and the user themself only.
    connectionCount: (user, _args, ctx) =>
      ctx.viewer && (canManageWorkspace(ctx.viewer) || ctx.viewer.user.id === user.id)
        ? ctx.loaders.connectionCount.load(user.id)
        : null,
  },
  ApiToken: {
    createdAt: (token) => token.created_at,
    lastUsedAt: (token) => token.last_used_at,
    revokedAt: (token) => token.revoked_at,
  },
};
