import { EmptyState, PageHeader, Select, TextField } from '@inlet/ui';
import { useEffect, useId, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { QueryStatus } from '@/components/query-status';
import { graphql } from '@/gql';
import type { AuditLogPage_QueryQuery } from '@/gql/graphql';
import { formatDateTimeSeconds } from '@/lib/format-date';
import { useLoadMore } from '@/lib/use-load-more';
import { actionLabel, actionLabels, auditTimeRange, describeChange } from './audit-log-model';
import { LoadMoreFooter } from '@/components/load-more-footer';
import { TableHead } from '@/components/table-head';

const PAGE_SIZE = 25;

const AuditLogPage_Query = graphql(`
  query AuditLogPage_Query(
    $first: Int!
    $after: String
    $action: String
    $actorId: ID
    $since: DateTime
    $until: DateTime
  ) {
    users {
      id
      name
      email
    }
    auditLog(
      first: $first
      after: $after
      action: $action
      actorId: $actorId
      since: $since
      until: $until
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          action
          actor {
            id
            name
            email
          }
          targetType
          targetId
          before
          after
          count
          lastAt
        }
      }
    }
  }
`);

type AuditEntryNode = AuditLogPage_QueryQuery['auditLog']['edges'][number]['node'];

const ALL = '';
const actionOptions = [
  { value: ALL, label: 'All actions' },
  ...Object.entries(actionLabels).map(([value, label]) => ({ value, label })),
];

/** Super admins and admins: who changed what and when, newest first, by action, a page at a time. */
export function AuditLogPage() {
  const id = useId();
  const client = useClient();
  const [action, setAction] = useState(ALL);
  const [actorId, setActorId] = useState(ALL);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const range = auditTimeRange(from, to);
  const variables = {
    first: PAGE_SIZE,
    after: null,
    action: action === ALL ? null : action,
    actorId: actorId === ALL ? null : actorId,
    ...range,
  };
  const filterKey = JSON.stringify(variables);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: AuditLogPage_Query,
    variables,
    requestPolicy: 'cache-and-network',
  });
  const list = data?.auditLog;
  // Users stay listed while a refetch for new filters is under way.
  const [people, setPeople] = useState<{ id: string; name: string; email: string }[]>([]);
  useEffect(() => {
    if (data?.users) setPeople(data.users);
  }, [data?.users]);
  const actorOptions = [
    { value: ALL, label: 'Anyone' },
    ...people.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
  ];
  const more = useLoadMore(filterKey, list, async (after) => {
    const result = await client
      .query(AuditLogPage_Query, { ...variables, after }, { requestPolicy: 'network-only' })
      .toPromise();
    return { data: result.data?.auditLog, error: result.error };
  });

  // After "Load more", focus goes to the first entry it brought, so keyboard users carry on from there.
  useEffect(() => {
    if (more.firstLoadedId) document.getElementById(`${id}-entry-${more.firstLoadedId}`)?.focus();
  }, [more.firstLoadedId, id]);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, and when: users, sign-ins, API tokens, domain settings and connections. Newest first."
      />
      <div className="toolbar">
        <Select label="Action" options={actionOptions} value={action} onChange={setAction} />
        <Select label="Who" options={actorOptions} value={actorId} onChange={setActorId} />
        <TextField
          label="From"
          type="date"
          value={from}
          max={to || undefined}
          onChange={(event) => setFrom(event.target.value)}
        />
        <TextField
          label="To"
          type="date"
          value={to}
          min={from || undefined}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>

      <QueryStatus
        error={error}
        loading={!list && fetching}
        failedTitle="The audit log could not be loaded"
        loadingText="Loading the audit log…"
        reexecute={reexecute}
      />
      {list && list.totalCount === 0 && <EmptyState title="No entries match these filters" />}

      {list && more.nodes.length > 0 && (
        <div className="card">
          <table className="data-table" aria-busy={fetching || more.loadingMore || undefined}>
            <caption className="ui-visually-hidden">Audit log entries, newest first</caption>
            <TableHead columns={['When', 'Who', 'What', 'Target', 'Changes']} />
            <tbody>
              {more.nodes.map((entry) => (
                <AuditEntryRow key={entry.id} entry={entry} rowId={`${id}-entry-${entry.id}`} />
              ))}
            </tbody>
          </table>
          <LoadMoreFooter more={more} totalCount={list.totalCount} noun="entries" />
        </div>
      )}
    </>
  );
}

function AuditEntryRow({ entry, rowId }: { entry: AuditEntryNode; rowId: string }) {
  const changes = describeChange(entry.before, entry.after);
  return (
    <tr className="data-table__row">
      <th scope="row" id={rowId} tabIndex={-1}>
        {formatDateTimeSeconds(entry.at)}
        {entry.count > 1 && entry.lastAt && (
          <span className="muted">
            {' '}
            ({entry.count} times, last {formatDateTimeSeconds(entry.lastAt)})
          </span>
        )}
      </th>
      <td>
        {entry.actor ? (
          `${entry.actor.name} (${entry.actor.email})`
        ) : (
          <span className="muted">
            {entry.action === 'signIn.failed' ? 'Nobody signed in' : 'Inlet'}
          </span>
        )}
      </td>
      <td>{actionLabel(entry.action)}</td>
      <td>
        {entry.targetType} <code>{entry.targetId}</code>
      </td>
      <td>
        {changes.length > 0 && (
          <ul className="audit-changes">
            {changes.map((line) => (
              <li key={line.key}>
                {line.key}: {line.before === null ? '' : `${line.before} → `}
                {line.after ?? '(removed)'}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
