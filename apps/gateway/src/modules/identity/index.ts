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
import { changePassword } from './resolvers/Mutation/changePassword.js';
import { revokeSession } from './resolvers/Mutation/revokeSession.js';
import { signOutElsewhere } from './resolvers/Mutation/signOutElsewhere.js';
import { updateProfile } from './resolvers/Mutation/updateProfile.js';
import { apiTokens } from './resolvers/Query/apiTokens.js';
import { mySessions } from './resolvers/Query/mySessions.js';
import { viewerChanged } from './resolvers/Subscription/viewerChanged.js';
import { sessionRef } from './sessions.js';
import { users } from './resolvers/Query/users.js';
import { viewer } from './resolvers/Query/viewer.js';
import { canManageWorkspace } from './viewer.js';

export const identityResolvers: Resolvers = {
  Query: { viewer, apiTokens, users, mySessions },
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
    updateProfile,
    changePassword,
    revokeSession,
    signOutElsewhere,
  },
  Subscription: { viewerChanged },
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
  Session: {
    id: (session) => sessionRef(session.id),
    userAgent: (session) => session.user_agent,
    createdAt: (session) => session.created_at,
    lastUsedAt: (session) => session.last_used_at,
    expiresAt: (session) => session.expires_at,
    current: (session, _args, ctx) => ctx.viewer?.session?.id === session.id,
  },
  ApiToken: {
    createdAt: (token) => token.created_at,
    lastUsedAt: (token) => token.last_used_at,
    revokedAt: (token) => token.revoked_at,
  },
};
