import { Alert, Button, buttonClassName, EmptyState, PageHeader } from '@inlet/ui';
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Link } from '@/components/link';
import { graphql } from '@/gql';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { MyEmailConnection } from './my-email-connection';

const MyEmailPage_Query = graphql(`
  query MyEmailPage_Query {
    viewer {
      user {
        id
        seat
      }
    }
    myConnections {
      id
      ...MyEmailConnection_ConnectionFragment
    }
  }
`);

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
  const [{ data, error, fetching }, reexecute] = useQuery({ query: MyEmailPage_Query, context, requestPolicy: 'cache-and-network' });
  const [status, setStatus] = useState('');

  // After a disconnect the card is gone: focus goes to the page heading, whose status line says what happened.
  const [focusHeading, setFocusHeading] = useState(false);
  useEffect(() => {
    if (!focusHeading) return;
    document.querySelector<HTMLElement>('#main h1')?.focus();
    setFocusHeading(false);
  }, [focusHeading]);

  const connections = data?.myConnections;
  const viewOnly = data?.viewer?.user.seat === 'VIEW_ONLY';
  return (
    <>
      <PageHeader
        title="My email"
        description="Connect your own inbox so replies are logged and you can send from your own address."
        actions={!viewOnly && connections && connections.length > 0 ? <ConnectLink /> : undefined}
      />

      <div role="status" className="status-region status-region--page">
        {status && <span className="status-message">{status}</span>}
      </div>

      {error && (
        <Alert
          tone="danger"
          title="Your connections could not be loaded"
          actions={
            <Button size="sm" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
              Try again
            </Button>
          }
        >
          {describeError(error)}
        </Alert>
      )}

      {!data && fetching && (
        <p role="status" className="muted">
          Loading your connections…
        </p>
      )}

      {viewOnly && (
        <Alert tone="info" role="none" title="Your seat is view-only">
          <p>A view-only seat can look around Inlet but cannot connect an inbox or send email. Ask an admin for a full seat if you need to.</p>
        </Alert>
      )}

      {connections && connections.length === 0 && !viewOnly && (
        <EmptyState title="No inbox connected yet" action={<ConnectLink />}>
          <p>
            Connect any mailbox that offers IMAP and SMTP: Inlet looks up its servers from your address, checks them step by step and
            sends one test email before saving anything.
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
                setFocusHeading(true);
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}
