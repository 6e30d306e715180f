import type { UserRow } from '../../db/tables/user.table.js';

/**
 * Owners read together with the connections they own (the `connectedEmails` page joins them: on
 * PostgreSQL one round trip instead of two; issue #15). Kept beside each row object, which lives as
 * long as the one result it belongs to, so nothing here outlives the query that read it.
 */
const owners = new WeakMap<object, UserRow>();

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
  owners.set(row, owner);
}

/** The owner read with this row, if it was. */
export function prefetchedOwner(row: object): UserRow | undefined {
  return owners.get(row);
}
