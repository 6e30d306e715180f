import type { Selectable } from 'kysely';

export type TokenScope = 'READ' | 'READ_WRITE';

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  scope: TokenScope;
  /** First characters of the secret, shown to tell tokens apart. */
  prefix: string;
  /** sha256 of the whole secret. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
export type ApiTokenRow = Selectable<ApiTokenTable>;
