import { VisuallyHidden } from '@inlet/ui';
import type { MouseEvent } from 'react';
import { ConnectionErrorNote } from '@/components/connection-error-note';
import { ConnectionStatusBadge } from '@/components/connection-status-badge';
import { RelativeTime } from '@/components/relative-time';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { providerLabels } from '@/lib/connection-labels';
import { EmailAddress } from '@/components/email-address';

export const ConnectedEmailRow_ConnectionFragment = graphql(`
  fragment ConnectedEmailRow_ConnectionFragment on Connection {
    id
    email
    provider
    status
    syncPause {
      message
    }
    lastSyncedAt
    nextRetryAt
    retryAttempt
    owner {
      id
      name
      email
    }
    lastError {
      ...ConnectionErrorNote_ErrorFragment
    }
  }
`);

export interface ConnectedEmailRowProps {
  connection: FragmentType<typeof ConnectedEmailRow_ConnectionFragment>;
  onOpen(target: { id: string; email: string }): void;
}

/** One connection of the workspace list; the address opens its details. */
export function ConnectedEmailRow({ connection: connectionRef, onOpen }: ConnectedEmailRowProps) {
  const connection = getFragmentData(ConnectedEmailRow_ConnectionFragment, connectionRef);
  const open = () => onOpen({ id: connection.id, email: connection.email });
  // The whole row opens the details for mouse users; keyboard and screen-reader users get the address button.
  const onRowClick = (event: MouseEvent<HTMLTableRowElement>) => {
    if (event.target instanceof Element && event.target.closest('button, a')) return;
    if (window.getSelection()?.toString()) return;
    open();
  };
  const { lastError } = connection;
  return (
    <tr
      className="data-table__row data-table__row--clickable"
      data-connection-id={connection.id}
      onClick={onRowClick}
    >
      <th scope="row" className="health-table__email">
        <button type="button" className="link-button" onClick={open}>
          <VisuallyHidden>Details of </VisuallyHidden>
          <EmailAddress address={connection.email} />
        </button>
      </th>
      <td className="health-table__owner" data-label="Owner">
        <span className="health-table__owner-name">{connection.owner.name}</span>
        <EmailAddress className="data-table__by" address={connection.owner.email} />
      </td>
      <td className="health-table__provider" data-label="Provider">
        {providerLabels[connection.provider]}
      </td>
      <td className="health-table__status" data-label="Status">
        <ConnectionStatusBadge status={connection.status} pause={connection.syncPause} />
      </td>
      <td className="data-table__updated" data-label="Last sync">
        {connection.lastSyncedAt ? <RelativeTime dateTime={connection.lastSyncedAt} /> : 'Not yet'}
      </td>
      <td className="health-table__problem" data-label="Problem">
        {lastError ? (
          <ConnectionErrorNote error={lastError} retry={connection} />
        ) : (
          <span className="muted">
            <span aria-hidden="true">—</span>
            <VisuallyHidden>None</VisuallyHidden>
          </span>
        )}
      </td>
    </tr>
  );
}
