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
  created_at: string;
  updated_at: string;
  /** When an admin deactivated the user (they cannot sign in, their connections do not sync); null while active. */
  deactivated_at: string | null;
}
export type UserRow = Selectable<UserTable>;

/** A one-time set-password link (invite or reset). */
export interface PasswordLinkTable {
  /** sha256 of the link's secret. */
  id: string;
  user_id: string;
  /** The admin who made it; null once they are deleted. */
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionTable {
  /** sha256 of the cookie value: a leaked database does not yield usable sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** The browser's User-Agent at sign-in (first 512 characters), to tell sessions apart. */
  user_agent: string | null;
  /** Last request made with it, written at most once a minute; null until then. */
  last_used_at: string | null;
}
export type SessionRow = Selectable<SessionTable>;
