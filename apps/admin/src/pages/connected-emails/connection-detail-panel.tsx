import { Alert, Badge, Button, SidePanel, VisuallyHidden } from '@inlet/ui';
import { useEffect, useId, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { ConnectionProblemAlert } from '@/components/connection-problem-alert';
import { FolderList } from '@/components/folder-list';
import { ConnectionStatusBadge } from '@/components/connection-status-badge';
import { Fact } from '@/components/fact';
import { FolderProblems } from '@/components/folder-problems';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { RelativeTime } from '@/components/relative-time';
import { ConnectionServerList } from '@/components/server-list';
import { SyncProgressBar } from '@/components/sync-progress-bar';
import { getFragmentData, graphql } from '@/gql';
import type { ConnectionStatus } from '@/gql/graphql';
import { providerLabels, statusLabels } from '@/lib/connection-labels';
import { formatDateTime, formatDateTimeSeconds } from '@/lib/format-date';
import { fresher } from '@/lib/live-connections';
import { reconnectEmailPath } from '@/lib/routes';
import { isViewOnly, useViewerAccess } from '@/lib/viewer-access';
import { ConnectionActions } from './connection-actions';

/** Connections one account may hold open on its server at once (the gateway's per-account cap). */
const MAX_CONNECTIONS_PER_ACCOUNT = 5;

export const ConnectionDetails_ConnectionFragment = graphql(`
  fragment ConnectionDetails_ConnectionFragment on Connection {
    id
    email
    provider
    status
    syncPause {
      message
    }
    createdAt
    lastSyncedAt
    resyncFrom
    nextRetryAt
    retryAttempt
    connectionsInUse
    lastCheck {
      state
      ...CheckNowResult_CheckFragment
    }
    owner {
      id
      name
      email
    }
    lastError {
      code
      message
      step
      ...ConnectionErrorNote_ErrorFragment
    }
    syncProgress {
      folder
      done
      total
    }
    folders {
      ...FolderList_FolderFragment
      ...FolderProblems_FolderFragment
    }
    history(first: 20) {
      at
      status
      code
      message
      step
    }
    imapSettings {
      ...ConnectionServerList_SettingsFragment
    }
  }
`);

const ConnectionDetailPanel_Query = graphql(`
  query ConnectionDetailPanel_Query($id: ID!) {
    connection(id: $id) {
      id
      updatedAt
      ...ConnectionDetails_ConnectionFragment
    }
  }
`);

const ConnectionDetailPanel_StatusChangedSubscription = graphql(`
  subscription ConnectionDetailPanel_StatusChangedSubscription($id: ID!) {
    connectionStatusChanged(connectionId: $id) {
      id
      updatedAt
      ...ConnectionDetails_ConnectionFragment
    }
  }
`);

export interface ConnectionDetailTarget {
  id: string;
  email: string;
}

export interface ConnectionDetailPanelProps {
  target: ConnectionDetailTarget | null;
  onClose(): void;
  /** Filters the list to this owner's connections. */
  onShowOwner(owner: { id: string; name: string; email: string }): void;
  returnFocusTo?: () => HTMLElement | null;
}

/** The drawer of one connection: live status, problem, folders, history, and actions. */
export function ConnectionDetailPanel({
  target,
  onClose,
  onShowOwner,
  returnFocusTo,
}: ConnectionDetailPanelProps) {
  return (
    <SidePanel
      open={target !== null}
      onClose={onClose}
      returnFocusTo={returnFocusTo}
      initialFocus="panel"
      title={target?.email ?? ''}
      description="Live sync health of this inbox, its folders and what happened to it."
      className="health-panel"
    >
      {target && <ConnectionDetails key={target.id} target={target} onShowOwner={onShowOwner} />}
    </SidePanel>
  );
}

function ConnectionDetails({
  target,
  onShowOwner,
}: {
  target: ConnectionDetailTarget;
  onShowOwner: ConnectionDetailPanelProps['onShowOwner'];
}) {
  const id = useId();
  const viewer = useViewerAccess();
  const [{ data, error }, reexecute] = useQuery({
    query: ConnectionDetailPanel_Query,
    variables: { id: target.id },
    requestPolicy: 'cache-and-network',
  });
  const [{ data: pushed }] = useSubscription({
    query: ConnectionDetailPanel_StatusChangedSubscription,
    variables: { id: target.id },
  });
  const listed = data?.connection;
  const current = listed ? fresher(listed, pushed?.connectionStatusChanged) : undefined;
  const connection = current
    ? getFragmentData(ConnectionDetails_ConnectionFragment, current)
    : undefined;

  // A status change while the drawer is open is announced here: a modal dialog hides the page's own live region.
  const [announcement, setAnnouncement] = useState('');
  const previousStatus = useRef<ConnectionStatus | undefined>(undefined);
  const status = connection?.status;
  const errorMessage = connection?.lastError?.message;
  useEffect(() => {
    if (!status) return;
    const before = previousStatus.current;
    previousStatus.current = status;
    if (before === undefined || before === status) return;
    const problem =
      errorMessage && status !== 'CONNECTED' && status !== 'SYNCING' ? `: ${errorMessage}` : '.';
    setAnnouncement(`Status changed to ${statusLabels[status].label}${problem}`);
  }, [status, errorMessage]);

  if (error && !data) {
    return (
      <LoadErrorAlert title="The details could not be loaded" error={error} reexecute={reexecute} />
    );
  }
  if (!data) {
    return (
      <p role="status" className="muted">
        Loading the details of {target.email}…
      </p>
    );
  }
  if (!connection) {
    return (
      <Alert tone="warning" title={`${target.email} is not connected any more`}>
        Its owner or another admin may have disconnected it. Close this panel to go back to the
        list.
      </Alert>
    );
  }

  const { lastError } = connection;
  const settings = connection.imapSettings;
  // Only the owner can reconnect (a password, or a certificate to trust, is theirs to confirm).
  const reconnectTo =
    connection.owner.id === viewer.id && !isViewOnly(viewer)
      ? reconnectEmailPath(connection.id)
      : undefined;
  return (
    <div className="health-panel__body">
      <VisuallyHidden role="status">{announcement}</VisuallyHidden>

      <section className="health-panel__section" aria-labelledby={`${id}-status`}>
        <h3 id={`${id}-status`} className="health-panel__heading">
          Status
        </h3>
        <div className="health-panel__status">
          <ConnectionStatusBadge status={connection.status} pause={connection.syncPause} labelled />
          <span className="muted">
            Last synced{' '}
            {connection.lastSyncedAt ? (
              <RelativeTime dateTime={connection.lastSyncedAt} />
            ) : (
              'not yet'
            )}
          </span>
        </div>
        {connection.status === 'SYNCING' && (
          <SyncProgressBar
            connectionId={connection.id}
            initial={connection.syncProgress}
            resyncFrom={connection.resyncFrom}
            syncedBefore={connection.lastSyncedAt !== null}
          />
        )}
        {lastError && (
          <ConnectionProblemAlert
            status={connection.status}
            error={lastError}
            retry={connection}
            reconnectTo={reconnectTo}
          >
            <p className="error-note__code">
              <code>{lastError.code}</code> at step <code>{lastError.step}</code>
            </p>
          </ConnectionProblemAlert>
        )}
        <dl className="health-facts">
          <Fact term="Owner">
            <span className="health-facts__owner">{connection.owner.name}</span>
            <span className="muted">{connection.owner.email}</span>
            <Button
              size="sm"
              variant="ghost"
              className="health-facts__owner-filter"
              onClick={() => onShowOwner(connection.owner)}
            >
              Show only {connection.owner.name}’s connections
            </Button>
          </Fact>
          <Fact term="Provider">{providerLabels[connection.provider]}</Fact>
          <Fact term="Connections in use">
            {connection.connectionsInUse} of at most {MAX_CONNECTIONS_PER_ACCOUNT}
          </Fact>
          <Fact term="Connected">
            <time dateTime={connection.createdAt}>{formatDateTime(connection.createdAt)}</time>
          </Fact>
          {settings && (
            <Fact term="Servers">
              <ConnectionServerList settings={settings} />
            </Fact>
          )}
        </dl>
      </section>

      <ConnectionActions
        id={connection.id}
        email={connection.email}
        lastCheck={connection.lastCheck}
      />

      <section className="health-panel__section" aria-labelledby={`${id}-folders`}>
        <h3 id={`${id}-folders`} className="health-panel__heading">
          Folders
        </h3>
        <FolderProblems folders={connection.folders} />
        <FolderList email={connection.email} folders={connection.folders} />
      </section>

      <section className="health-panel__section" aria-labelledby={`${id}-history`}>
        <h3 id={`${id}-history`} className="health-panel__heading">
          History
        </h3>
        {connection.history.length === 0 ? (
          <p className="muted">Nothing has happened yet.</p>
        ) : (
          <ol className="timeline" aria-labelledby={`${id}-history`}>
            {connection.history.map((event, index) => (
              <li
                key={`${event.at}-${index}`}
                className={`timeline__item timeline__item--${statusLabels[event.status].tone}`}
              >
                <span className="timeline__marker" aria-hidden="true" />
                <div className="timeline__content">
                  <div className="timeline__head">
                    <ConnectionStatusBadge status={event.status} />
                    <time dateTime={event.at} className="timeline__time">
                      {formatDateTimeSeconds(event.at)}
                    </time>
                  </div>
                  {event.message && <p className="timeline__message">{event.message}</p>}
                  {(event.code || event.step) && (
                    <p className="timeline__meta">
                      {event.code && <code>{event.code}</code>}
                      {event.code && event.step && ' at step '}
                      {event.step && <code>{event.step}</code>}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
