import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { UserRow } from '../../db/tables/user.table.js';
import { USER_COLUMNS } from '../connection/prefetched-owner.js';

type Column = keyof ConnectionRow;
type UserColumn = keyof UserRow;

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

/** User fields of the owner and the columns their resolvers read (the id is always read). */
const OWNER_FIELDS: Record<string, UserColumn[]> = {
  __typename: [],
  id: [],
  email: ['email'],
  name: ['name'],
  role: ['role'],
  seat: ['seat'],
  createdAt: ['created_at'],
  deactivatedAt: ['deactivated_at'],
  connectionCount: [],
};

/** Every column a list row can read: on SQLite the list's index holds them all (migration 2026_12_11_000100). */
export const LIST_ROW_COLUMNS: readonly Column[] = [
  ...new Set<Column>(['id', 'created_at', ...Object.values(LIGHT_FIELDS).flat()]),
];

export interface ConnectionListColumns {
  /** The connection columns a page reads: 'all' when a field needs more than a list row. */
  connection: Column[] | 'all';
  /** The owner columns read with the page; undefined when no owner is asked for. */
  owner: UserColumn[] | undefined;
}

/**
 * The columns a `connectedEmails` page must read for the node fields the operation selects: a page
 * of the admin list needs neither the settings JSON nor the retry state, and reading them cost as
 * much as the rest of the row (issue #15); its owners are read with the page, only the columns of
 * their fields asked for (not the password hash). Any other connection field (settings, folders,
 * history, ...) reads the whole row, any other owner field the whole user, so every resolver still
 * finds what it reads. Worked out once per operation: the answer is kept with its field nodes.
 */
export function connectionListColumns(info: GraphQLResolveInfo): ConnectionListColumns {
  const first = info.fieldNodes[0];
  const kept = first && computed.get(first);
  if (kept && sameNodes(kept.fieldNodes, info.fieldNodes)) return kept.columns;
  const columns = {
    connection: columnsAt(info, ['edges', 'node'], LIGHT_FIELDS, ['id', 'created_at']),
    owner: info.fieldNodes.some((node) =>
      selects(info, node.selectionSet, ['edges', 'node', 'owner']),
    )
      ? everyColumnIfAll(columnsAt(info, ['edges', 'node', 'owner'], OWNER_FIELDS, ['id']))
      : undefined,
  };
  if (first) computed.set(first, { fieldNodes: info.fieldNodes, columns });
  return columns;
}

/**
 * By the first field node of the operation's `connectedEmails` (one parsed document serves every
 * request of an operation). The same node can be merged with other nodes elsewhere (a fragment), so
 * an entry holds only for the same list of nodes.
 */
const computed = new WeakMap<
  FieldNode,
  { fieldNodes: readonly FieldNode[]; columns: ConnectionListColumns }
>();

function sameNodes(a: readonly FieldNode[], b: readonly FieldNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

/** Whether the selection reaches `path` (through fragments). */
function selects(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  path: readonly string[],
): boolean {
  if (path.length === 0) return true;
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === path[0] && selects(info, selection.selectionSet, path.slice(1)))
        return true;
    } else {
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : info.fragments[selection.name.value]?.selectionSet;
      if (selects(info, inner, path)) return true;
    }
  }
  return false;
}

/** The columns the fields selected at `path` read, by `fields`; 'all' when one is not listed there. */
function columnsAt<C extends string>(
  info: GraphQLResolveInfo,
  path: readonly string[],
  fields: Record<string, C[]>,
  always: C[],
): C[] | 'all' {
  const columns = new Set<C>(always);
  const visit = (set: SelectionSetNode | undefined, rest: readonly string[]): boolean => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(selection.selectionSet, rest)) return false;
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || !visit(fragment.selectionSet, rest)) return false;
      } else if (rest.length > 0) {
        if (selection.name.value === rest[0] && !visit(selection.selectionSet, rest.slice(1)))
          return false;
      } else {
        const needs = Object.hasOwn(fields, selection.name.value)
          ? fields[selection.name.value]
          : undefined;
        if (!needs) return false;
        for (const column of needs) columns.add(column);
      }
    }
    return true;
  };
  for (const node of info.fieldNodes) if (!visit(node.selectionSet, path)) return 'all';
  return [...columns];
}

function everyColumnIfAll(columns: UserColumn[] | 'all'): UserColumn[] {
  return columns === 'all' ? [...USER_COLUMNS] : columns;
}
