import type { TokenScope } from '../../db/tables/api-token.table.js';
import type { UserRow } from '../../db/tables/user.table.js';

/** Who is asking: resolved once per request (or per graphql-ws connection) from a cookie or a token. */
export interface ViewerModel {
  user: UserRow;
  authMethod: 'SESSION' | 'API_TOKEN';
  /** Null for console sessions, which may read and write. */
  tokenScope: TokenScope | null;
  tokenId: string | null;
  /** The console session (its id is the hash of the cookie); null for API tokens. */
  session: { id: string; expiresAt: string } | null;
}

export function canManageWorkspace(viewer: ViewerModel): boolean {
  return viewer.user.role === 'SUPER_ADMIN' || viewer.user.role === 'ADMIN';
}
