import { Alert, Button, EmptyState, PageHeader, VisuallyHidden } from '@inlet/ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { QueryStatus } from '@/components/query-status';
import { getFragmentData, graphql } from '@/gql';
import type {
  ConnectedEmailsPage_ConnectionFragmentFragment,
  ConnectedEmailsPage_StatusChangedSubscriptionSubscription,
} from '@/gql/graphql';
import { fresher, rememberPush, type HealthSnapshot } from '@/lib/live-connections';
import { pageHeading } from '@/lib/page-heading';
import { paths } from '@/lib/routes';
import { useHealthAnnouncement } from '@/lib/use-health-announcement';
import { useOffScreenPushes } from '@/lib/use-off-screen-pushes';
import { navigate, useRoute } from '@/lib/use-route';
import { ConnectedEmailRow } from './connected-email-row';
import {
  filtersHref,
  hasFilters,
  matchesFilters,
  noFilters,
  parseFilters,
  toGraphQLFilter,
  type ConnectedEmailsFilters,
} from './connected-emails-filters';
import { ConnectedEmailsFiltersBar } from './connected-emails-filters-bar';
import {
  belongsOnScreen,
  listedNodes,
  nextCursor,
  upsertPage,
  type ListPage,
} from './connected-emails-list';
import { ConnectionDetailPanel, type ConnectionDetailTarget } from './connection-detail-panel';
import { TableHead } from '@/components/table-head';

const PAGE_SIZE = 50;

// One selection for the list and its live pushes: a pushed copy stands in for a listed one, and its
// provider, owner and address decide whether it belongs under the filters.
const ConnectedEmailsPage_ConnectionFragment = graphql(`
  fragment ConnectedEmailsPage_ConnectionFragment on Connection {
    id
    updatedAt
    createdAt
    email
    status
    provider
    owner {
      id
      name
      email
    }
    lastError {
      message
    }
    ...ConnectedEmailRow_ConnectionFragment
  }
`);

const ConnectedEmailsPage_Query = graphql(`
  query ConnectedEmailsPage_Query($filter: ConnectedEmailsFilter, $first: Int!, $after: String) {
    connectedEmails(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ConnectedEmailsPage_ConnectionFragment
        }
      }
    }
  }
`);

// Every user's connections as their status, error or sync state changes (admins only).
const ConnectedEmailsPage_StatusChangedSubscription = graphql(`
  subscription ConnectedEmailsPage_StatusChangedSubscription {
    connectionStatusChanged(scope: ALL) {
      ...ConnectedEmailsPage_ConnectionFragment
    }
  }
`);

type ListedConnection = ConnectedEmailsPage_ConnectionFragmentFragment;
type Pushes = ReadonlyMap<string, ListedConnection>;

const noPushes: Pushes = new Map();

/** Every user's connected inboxes with their live health (admins). */
export function ConnectedEmailsPage() {
  const route = useRoute();
  const filters = useMemo(() => parseFilters(route.search), [route.search]);
  const [target, setTarget] = useState<ConnectionDetailTarget | null>(null);
  const [ownerLabels, setOwnerLabels] = useState<ReadonlyMap<string, string>>(new Map());

  // The latest push per connection, kept across filter changes; rows take whichever copy is fresher.
  const [{ data: pushes = noPushes }] = useSubscription(
    { query: ConnectedEmailsPage_StatusChangedSubscription },
    (known: Pushes | undefined, event: ConnectedEmailsPage_StatusChangedSubscriptionSubscription) =>
      rememberPush(
        known ?? noPushes,
        getFragmentData(ConnectedEmailsPage_ConnectionFragment, event.connectionStatusChanged),
      ),
  );

  const setFilters = useCallback(
    (next: ConnectedEmailsFilters) =>
      navigate(filtersHref(paths.connectedEmails, next), { replace: true }),
    [],
  );
  const rememberOwner = useCallback((owner: { id: string; name: string; email: string }) => {
    setOwnerLabels((known) =>
      known.has(owner.id) ? known : new Map(known).set(owner.id, `${owner.name} (${owner.email})`),
    );
  }, []);

  return (
    <>
      <PageHeader
        title="Connected emails"
        description="Every inbox connected in this workspace, with its live sync health."
      />
      <ConnectedEmailsFiltersBar
        filters={filters}
        onChange={setFilters}
        ownerLabel={ownerLabels.get(filters.userId) ?? null}
      />
      {/* A new list per filter: its pages, "Load more" and announcements start over. */}
      <ConnectedEmailsList
        key={filtersHref('', filters)}
        filters={filters}
        pushes={pushes}
        openId={target?.id ?? null}
        onOpen={setTarget}
        onOwnerSeen={rememberOwner}
        onClearFilters={() => setFilters(noFilters)}
      />
      <ConnectionDetailPanel
        target={target}
        onClose={() => setTarget(null)}
        returnFocusTo={pageHeading}
        onShowOwner={(owner) => {
          rememberOwner(owner);
          setTarget(null);
          setFilters({ ...filters, userId: owner.id });
        }}
      />
    </>
  );
}

interface ConnectedEmailsListProps {
  filters: ConnectedEmailsFilters;
  pushes: Pushes;
  /** The connection whose drawer is open: it announces its own changes. */
  openId: string | null;
  onOpen(target: ConnectionDetailTarget): void;
  onOwnerSeen(owner: { id: string; name: string; email: string }): void;
  onClearFilters(): void;
}

function ConnectedEmailsList({
  filters,
  pushes,
  openId,
  onOpen,
  onOwnerSeen,
  onClearFilters,
}: ConnectedEmailsListProps) {
  const filter = useMemo(() => toGraphQLFilter(filters), [filters]);
  const [after, setAfter] = useState<string | null>(null);
  const [pages, setPages] = useState<ListPage<ListedConnection>[]>([]);
  const [outdated, setOutdated] = useState(false);
  const [{ data, error, fetching, operation }, reexecute] = useQuery({
    query: ConnectedEmailsPage_Query,
    variables: { filter, first: PAGE_SIZE, after },
    requestPolicy: 'cache-and-network',
  });

  // Each answer lands as the page it was asked for: "Load more" appends, a refetch replaces.
  useEffect(() => {
    const list = data?.connectedEmails;
    const askedAfter = operation?.variables.after ?? null;
    if (!list || !operation || askedAfter !== after) return;
    setPages((known) =>
      upsertPage(known, {
        after: askedAfter,
        nodes: list.edges.map((edge) =>
          getFragmentData(ConnectedEmailsPage_ConnectionFragment, edge.node),
        ),
        hasNextPage: list.pageInfo.hasNextPage,
        endCursor: list.pageInfo.endCursor ?? null,
        totalCount: list.totalCount,
      }),
    );
  }, [data, operation, after]);

  const listed = useMemo(() => listedNodes(pages), [pages]);
  const rows = useMemo(
    () => listed.map((node) => fresher(node, pushes.get(node.id))),
    [listed, pushes],
  );
  const more = nextCursor(pages);
  const loaded = pages.length > 0;
  const totalCount = pages.at(-1)?.totalCount ?? 0;
  const loadingMore = fetching && loaded && pages.at(-1)?.after !== after;

  // A push for a connection that is not on screen but belongs there (new, or now matching the
  // filters): one page is simply fetched again; with more pages loaded, the admin chooses when.
  useOffScreenPushes(pushes, loaded ? listed : undefined, (offScreen) => {
    if (
      !offScreen.some((pushed) =>
        belongsOnScreen(pushed, matchesFilters(filters, pushed), listed, more === null),
      )
    )
      return;
    if (pages.length === 1) reexecute({ requestPolicy: 'network-only' });
    else setOutdated(true);
  });

  // Status changes of rows on screen are read out politely (the open drawer reads its own).
  const snapshots = useMemo<HealthSnapshot[]>(
    () =>
      rows.map((row) => ({
        id: row.id,
        email: row.email,
        status: row.status,
        errorMessage: row.lastError?.message,
      })),
    [rows],
  );
  const announcement = useHealthAnnouncement(snapshots, openId);

  // The owner filter names its person once one of their connections is on screen.
  useEffect(() => {
    const owner = filters.userId
      ? rows.find((row) => row.owner.id === filters.userId)?.owner
      : undefined;
    if (owner) onOwnerSeen(owner);
  }, [rows, filters.userId, onOwnerSeen]);

  // After "Load more", focus moves to the first new row (the button may be gone: nothing more to load).
  const tableRef = useRef<HTMLTableElement>(null);
  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    const index = focusRow.current;
    if (index === null || listed.length <= index) return;
    focusRow.current = null;
    tableRef.current?.querySelectorAll<HTMLElement>('tbody th button')[index]?.focus();
  }, [listed.length]);

  const loadMore = () => {
    if (!more || loadingMore) return;
    focusRow.current = listed.length;
    setAfter(more);
  };

  const showLatest = () => {
    setOutdated(false);
    setPages([]);
    if (after === null) reexecute({ requestPolicy: 'network-only' });
    else setAfter(null);
  };

  const filtered = hasFilters(filters);
  return (
    <>
      <VisuallyHidden role="status">{announcement}</VisuallyHidden>

      <QueryStatus
        error={loaded ? undefined : error}
        loading={!loaded}
        failedTitle="The connections could not be loaded"
        loadingText="Loading connections…"
        reexecute={reexecute}
      />

      {outdated && (
        <Alert
          tone="info"
          title="Connections matching your filters were added or changed"
          actions={
            <Button size="sm" onClick={showLatest}>
              Show the latest
            </Button>
          }
        >
          The list reloads from the top.
        </Alert>
      )}

      {loaded && totalCount === 0 && listed.length === 0 && !filtered && (
        <EmptyState title="No inbox is connected yet">
          <p>
            People connect their own inboxes under My email. Each connected inbox shows up here with
            its live status.
          </p>
        </EmptyState>
      )}

      {loaded && listed.length === 0 && filtered && (
        <EmptyState
          title="No connections match these filters"
          action={
            <Button variant="primary" onClick={onClearFilters}>
              Clear filters
            </Button>
          }
        >
          <p>Search matches any part of an inbox's or its owner's address.</p>
        </EmptyState>
      )}

      {listed.length > 0 && (
        <div className="card">
          <table
            ref={tableRef}
            className="data-table data-table--cards health-table"
            aria-busy={fetching || undefined}
          >
            <caption className="ui-visually-hidden">Connected emails, newest first</caption>
            <TableHead columns={['Inbox', 'Owner', 'Provider', 'Status', 'Last sync', 'Problem']} />
            <tbody>
              {rows.map((row) => (
                <ConnectedEmailRow key={row.id} connection={row} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
          <div className="table-footer">
            <span role="status" className="muted">
              Showing {listed.length} of {Math.max(totalCount, listed.length)}{' '}
              {totalCount === 1 ? 'connection' : 'connections'}
            </span>
            {more && (
              <Button size="sm" busy={loadingMore} onClick={loadMore}>
                Load more
              </Button>
            )}
          </div>
          {error && loaded && (
            <LoadErrorAlert
              title="More connections could not be loaded"
              error={error}
              reexecute={reexecute}
            />
          )}
        </div>
      )}
    </>
  );
}
