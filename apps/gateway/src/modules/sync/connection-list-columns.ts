import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ConnectionRow } from '../../db/tables/connection.table.js';

type Column = keyof ConnectionRow;

/** Connection fields a list row can answer from these columns alone (id and created_at are always read). */
const LIGHT_FIELDS: Record<string, Column[]> = {
  __typename: [],
  id: [],
  createdAt: [],
  email: ['email'],
  provider: ['provider'],
  kind: ['kind'],
  status: ['status'],
  lastError: ['last_error_json'],
  owner: ['user_id'],
  updatedAt: ['updated_at'],
  lastSyncedAt: ['last_synced_at'],
};

/**
 * The columns a `connectedEmails` page must read for the node fields the operation selects: a page
 * of the admin list needs neither the settings JSON nor the retry state, and reading them cost as
 * much as the rest of the row (issue #15). Any other field (settings, folders, history, ...) reads
 * the whole row, as before, so every Connection resolver still finds what it reads.
 */
export function connectionListColumns(info: GraphQLResolveInfo): Column[] | 'all' {
  const columns = new Set<Column>(['id', 'created_at']);
  const visit = (set: SelectionSetNode | undefined, path: readonly string[]): boolean => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(selection.selectionSet, path)) return false;
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || !visit(fragment.selectionSet, path)) return false;
      } else if (path.length > 0) {
        if (selection.name.value === path[0] && !visit(selection.selectionSet, path.slice(1)))
          return false;
      } else {
        const needs = LIGHT_FIELDS[selection.name.value];
        if (!needs) return false;
        for (const column of needs) columns.add(column);
      }
    }
    return true;
  };
  for (const node of info.fieldNodes)
    if (!visit(node.selectionSet, ['edges', 'node'])) return 'all';
  return [...columns];
}
