/** Filters whose count is kept, per database; the least recently used go beyond this many. */
const MAX_FILTERS = 200;

/** By database URL: every Kysely instance on one database (a plugin makes a new one) shares its counts. */
const counts = new Map<string, Map<string, { version: number; total: number }>>();

/**
 * The admin list's count of one filter, kept with the list version it was counted at
 * (connection_list_version, moved by triggers on every insert, delete and change of a filtered
 * column): the same filter asked again at the same version is not counted again (issue #15).
 */
export const connectionCounts = {
  get(database: string, filter: string, version: number | undefined): number | undefined {
    const entry = counts.get(database)?.get(filter);
    return entry && version !== undefined && entry.version === version ? entry.total : undefined;
  },
  set(database: string, filter: string, version: number, total: number): void {
    let byFilter = counts.get(database);
    if (!byFilter) counts.set(database, (byFilter = new Map()));
    byFilter.delete(filter);
    if (byFilter.size >= MAX_FILTERS) byFilter.delete(byFilter.keys().next().value!);
    byFilter.set(filter, { version, total });
  },
};
