import { Alert, Button, buttonClassName, EmptyState, PageHeader, VisuallyHidden } from '@inlet/ui';
import { useId, useMemo, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Link } from '@/components/link';
import { QueryStatus } from '@/components/query-status';
import { getFragmentData, graphql } from '@/gql';
import type {
  MyEmailPage_ConnectionFragmentFragment,
  MyEmailPage_StatusChangedSubscriptionSubscription,
} from '@/gql/graphql';
import { fresher, rememberPush, type HealthSnapshot } from '@/lib/live-connections';
import { useFocusPageHeading } from '@/lib/page-heading';
import { paths } from '@/lib/routes';
import { useHealthAnnouncement } from '@/lib/use-health-announcement';
import { useOffScreenPushes } from '@/lib/use-off-screen-pushes';
import { useRoute } from '@/lib/use-route';
import { isViewOnly, useViewerAccess } from '@/lib/viewer-access';
import { MyEmailConnection } from './my-email-connection';

// One selection for the list and its live pushes, so a pushed copy can stand in for a listed one.
const MyEmailPage_ConnectionFragment = graphql(`
  fragment MyEmailPage_ConnectionFragment on Connection {
    id
    updatedAt
    email
    status
    lastError {
      message
    }
    ...MyEmailConnection_ConnectionFragment
  }
`);

const MyEmailPage_Query = graphql(`
  query MyEmailPage_Query {
    myConnections {
      ...MyEmailPage_ConnectionFragment
    }
  }
`);

// The viewer's own connections as their status, error or sync state changes.
const MyEmailPage_StatusChangedSubscription = graphql(`
  subscription MyEmailPage_StatusChangedSubscription {
    connectionStatusChanged(scope: MINE) {
      ...MyEmailPage_ConnectionFragment
    }
  }
`);

type Pushes = ReadonlyMap<string, MyEmailPage_ConnectionFragmentFragment>;
const noPushes: Pushes = new Map();

/** A view-only seat sees the button it would use, disabled, described by why. */
function ConnectUnavailable({ reasonId }: { reasonId: string }) {
  return (
    <Button variant="primary" disabled aria-describedby={reasonId}>
      Connect personal email
    </Button>
  );
}

function ConnectLink() {
  return (
    <Link to={paths.connectEmail} className={buttonClassName({ variant: 'primary' })}>
      Connect personal email
    </Link>
  );
}

/** The viewer's own connected inboxes. */
export function MyEmailPage() {
  // An empty list holds no Connection, so name the types whose mutations should refetch it.
  const context = useMemo(() => ({ additionalTypenames: ['Connection', 'ConnectionRemoved'] }), []);
  // Fresh on every visit: a check started elsewhere may have changed a connection's status.
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: MyEmailPage_Query,
    context,
    requestPolicy: 'cache-and-network',
  });
  const [status, setStatus] = useState('');

  // After a disconnect the card is gone: focus goes to the page heading, whose status line says what happened.
  const focusPageHeading = useFocusPageHeading();

  // Live: each card shows the fresher of its listed copy and the last one pushed for it.
  const [{ data: pushes = noPushes }] = useSubscription(
    { query: MyEmailPage_StatusChangedSubscription },
    (known: Pushes | undefined, event: MyEmailPage_StatusChangedSubscriptionSubscription) =>
      rememberPush(
        known ?? noPushes,
        getFragmentData(MyEmailPage_ConnectionFragment, event.connectionStatusChanged),
      ),
  );
  const listed = data && getFragmentData(MyEmailPage_ConnectionFragment, data.myConnections);
  const connections = useMemo(
    () => listed?.map((connection) => fresher(connection, pushes.get(connection.id))),
    [listed, pushes],
  );

  // A connection pushed that is not listed (connected in another tab): fetch the list again.
  useOffScreenPushes(pushes, listed, () => reexecute({ requestPolicy: 'network-only' }));

  // Status changes are read out politely: "ada@example.com is now Connected."
  const snapshots = useMemo<HealthSnapshot[]>(
    () =>
      (connections ?? []).map((c) => ({
        id: c.id,
        email: c.email,
        status: c.status,
        errorMessage: c.lastError?.message,
      })),
    [connections],
  );
  const healthNews = useHealthAnnouncement(snapshots);

  // Back from a provider's sign-in (/my-email?connected=<id>): say which inbox was connected.
  const route = useRoute();
  const connectedId = route.search.get('connected');
  const justConnected = connectedId ? connections?.find((c) => c.id === connectedId) : undefined;
  const connectedNews = justConnected ? `Connected ${justConnected.email}.` : '';

  const viewOnly = isViewOnly(useViewerAccess());
  const seatNoteId = useId();
  return (
    <>
      <PageHeader
        title="My email"
        description="Connect your own inbox so replies are logged and you can send from your own address."
        actions={
          viewOnly ? (
            <ConnectUnavailable reasonId={seatNoteId} />
          ) : connections && connections.length > 0 ? (
            <ConnectLink />
          ) : undefined
        }
      />

      <div role="status" className="status-region status-region--page">
        {(status || connectedNews) && (
          <span className="status-message">{status || connectedNews}</span>
        )}
      </div>
      <VisuallyHidden role="status">{healthNews}</VisuallyHidden>

      <QueryStatus
        error={error}
        loading={!data && fetching}
        failedTitle="Your connections could not be loaded"
        loadingText="Loading your connections…"
        reexecute={reexecute}
      />

      {viewOnly && (
        <Alert tone="info" role="none" title="Your seat is view-only">
          <p id={seatNoteId}>
            A view-only seat can look around Inlet but cannot connect an inbox or send email. Your
            connected inboxes stay readable. Ask an admin for a full seat if you need to.
          </p>
        </Alert>
      )}

      {connections && connections.length === 0 && !viewOnly && (
        <EmptyState title="No inbox connected yet" action={<ConnectLink />}>
          <p>
            Connect any mailbox that offers IMAP and SMTP: Inlet looks up its servers from your
            address, checks them step by step and sends one test email before saving anything.
          </p>
        </EmptyState>
      )}

      {connections && connections.length > 0 && (
        <ul className="connection-list" aria-label="Your connected inboxes">
          {connections.map((connection) => (
            <MyEmailConnection
              key={connection.id}
              connection={connection}
              onDisconnected={(email) => {
                setStatus(`Disconnected ${email}.`);
                focusPageHeading();
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}
