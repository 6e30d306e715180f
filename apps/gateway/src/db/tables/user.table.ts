import type { Selectable } from 'kysely';

export type Role = 'SUPER_ADMIN' | 'ADMIN' | 'USER';
export type Seat = 'FULL' | 'VIEW_ONLY';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  seat: Seat;
  /** scrypt hash (see modules/identity/password.ts); null for users who cannot sign in with a password. */
  password_hash: string | null;
  /** Set while a super admin has deactivated the user: no sign-in, sessions or API tokens. */
  deactivated_at: string | null;
  created_at: string;
  updated_at: string;
}
export type UserRow = Selectable<UserTable>;

export interface SessionTable {
  /** sha256 of the cookie value: a leaked database does not yield usable sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}
