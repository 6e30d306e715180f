import type { UserRow } from '../../db/tables/user.table.js';

/**
 * Owners read together with the connections they own (the `connectedEmails` page joins them: on
 * PostgreSQL one round trip instead of two; issue #15). Kept on each row object under a symbol (not a
 * column: JSON and Object.keys do not see it), so the owner lives exactly as long as the one result
 * it belongs to. A symbol property instead of a WeakMap: a page recorded 50 owners per request, and
 * a WeakMap entry costs an identity hash per row and ephemeron work in every garbage collection.
 */
const OWNER = Symbol('prefetched owner');
type WithOwner = { [OWNER]?: UserRow };

/** Every column of a user row, as the user loader reads it. */
export const USER_COLUMNS = [
  'id',
  'email',
  'name',
  'role',
  'seat',
  'password_hash',
  'created_at',
  'updated_at',
  'deactivated_at',
] as const satisfies readonly (keyof UserRow)[];
// A column added to users must be listed above: this does not compile otherwise.
const complete: Record<Exclude<keyof UserRow, (typeof USER_COLUMNS)[number]>, never> = {};
void complete;

/**
 * Records the owner read with a connection row: the columns its User fields asked for in this
 * operation read (sync/connection-list-columns.ts), not necessarily the whole row.
 */
export function prefetchOwner(row: object, owner: UserRow): void {
  (row as WithOwner)[OWNER] = owner;
}

/** The owner read with this row, if it was. */
export function prefetchedOwner(row: object): UserRow | undefined {
  return (row as WithOwner)[OWNER];
}
