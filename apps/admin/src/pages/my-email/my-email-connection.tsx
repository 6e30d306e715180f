import { Alert, Badge, Button, buttonClassName, VisuallyHidden } from '@inlet/ui';
import { useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { CheckNowResult } from '@/components/check-now-result';
import { ConnectionProblemAlert } from '@/components/connection-problem-alert';
import { ConnectionStatusBadge } from '@/components/connection-status-badge';
import { Fact } from '@/components/fact';
import { FolderList } from '@/components/folder-list';
import { FolderProblems } from '@/components/folder-problems';
import { Link } from '@/components/link';
import { RelativeTime } from '@/components/relative-time';
import { ConnectionServerList } from '@/components/server-list';
import { SyncProgressBar } from '@/components/sync-progress-bar';
import { useCheckConnectionNow } from '@/components/use-check-connection-now';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { providerLabels } from '@/lib/connection-labels';
import { formatDateTime } from '@/lib/format-date';
import { reconnectEmailPath } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useConfirmationFocus } from '@/lib/use-confirmation-focus';
import { isViewOnly, useViewerAccess } from '@/lib/viewer-access';
import { oauthProviderOf } from '@/pages/connect-email/oauth-connect-model';
import { OAuthSignInButton } from '@/pages/connect-email/oauth-sign-in-button';
import { EmailAddress } from '@/components/email-address';

export const MyEmailConnection_ConnectionFragment = graphql(`
  fragment MyEmailConnection_ConnectionFragment on Connection {
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
    lastCheck {
      state
      ...CheckNowResult_CheckFragment
    }
    syncProgress {
      folder
      done
      total
    }
    lastError {
      ...ConnectionErrorNote_ErrorFragment
    }
    folders {
      ...FolderList_FolderFragment
      ...FolderProblems_FolderFragment
    }
    imapSettings {
      username
      ...ConnectionServerList_SettingsFragment
      trustAnyCertificate
      inboxAutomation
    }
    exchangeSettings {
      ewsUrl
      serverVersion
      ruleFolders
    }
  }
`);

const MyEmailConnection_DisconnectMutation = graphql(`
  mutation MyEmailConnection_DisconnectMutation($id: ID!) {
    disconnect(id: $id) {
      ... on ConnectionRemoved {
        id
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export interface MyEmailConnectionProps {
  connection: FragmentType<typeof MyEmailConnection_ConnectionFragment>;
  onDisconnected(email: string): void;
}

/** One connected inbox: health, last problem, and its actions. */
export function MyEmailConnection({
  connection: connectionRef,
  onDisconnected,
}: MyEmailConnectionProps) {
  const connection = getFragmentData(MyEmailConnection_ConnectionFragment, connectionRef);
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: disconnecting }, disconnect] = useMutation(
    MyEmailConnection_DisconnectMutation,
  );
  const [checking, checkNow] = useCheckConnectionNow();
  const [checkProblem, setCheckProblem] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const disconnectRef = useRef<HTMLButtonElement>(null);
  useConfirmationFocus(confirming, keepRef, disconnectRef);

  const onDisconnect = async () => {
    if (disconnecting) return;
    setProblem(null);
    const result = await disconnect({ id: connection.id });
    const outcome = result.data?.disconnect;
    if (outcome?.__typename === 'ConnectionRemoved' || outcome?.__typename === 'NotFound') {
      onDisconnected(connection.email);
      return;
    }
    setConfirming(false);
    setProblem(result.error ? describeError(result.error) : 'Try again.');
  };

  const onCheckNow = async () => {
    setCheckProblem(null);
    const outcome = await checkNow(connection.id, connection.email);
    setCheckProblem(outcome.ok ? null : outcome.message);
  };
  const checkRunning = checking || connection.lastCheck?.state === 'RUNNING';

  const oauthProvider = oauthProviderOf(connection.provider);
  const needsOwner = connection.status === 'NEEDS_REAUTH' || connection.status === 'ERROR';
  const viewOnly = isViewOnly(useViewerAccess());
  const settings = connection.imapSettings;
  const exchange = connection.exchangeSettings;
  const { lastError } = connection;
  return (
    <li className="card connection-card" aria-labelledby={`${id}-email`}>
      <div className="connection-card__header">
        <h2 id={`${id}-email`} className="connection-card__email">
          <EmailAddress address={connection.email} />
        </h2>
        <ConnectionStatusBadge status={connection.status} pause={connection.syncPause} labelled />
      </div>

      {connection.status === 'SYNCING' && (
        <SyncProgressBar
          connectionId={connection.id}
          initial={connection.syncProgress}
          resyncFrom={connection.resyncFrom}
          syncedBefore={connection.lastSyncedAt !== null}
          className="connection-card__progress"
        />
      )}

      <dl className="connection-card__facts">
        <Fact term="Provider">{providerLabels[connection.provider]}</Fact>
        {settings && (
          <Fact term="Servers">
            <ConnectionServerList settings={settings}>
              {settings.trustAnyCertificate && (
                <li>
                  <Badge tone="warning">Own certificate trusted (pinned)</Badge>
                </li>
              )}
            </ConnectionServerList>
          </Fact>
        )}
        {exchange && (
          <Fact term="Server">
            <ul className="server-list">
              <li>
                <span className="server-list__role">EWS</span>
                <code className="server-list__url">{exchange.ewsUrl}</code>
                <span className="server-list__meta">{exchange.serverVersion}</span>
              </li>
              {exchange.ruleFolders.length > 0 && (
                <li>
                  <span className="server-list__meta">
                    Also reads {exchange.ruleFolders.join(', ')} (inbox rule folders)
                  </span>
                </li>
              )}
            </ul>
          </Fact>
        )}
        <Fact term="Connected">
          <time dateTime={connection.createdAt}>{formatDateTime(connection.createdAt)}</time>
        </Fact>
        <Fact term="Folders">
          <FolderList email={connection.email} folders={connection.folders} layout="list" />
        </Fact>
        <Fact term="Last synced">
          {connection.lastSyncedAt ? (
            <RelativeTime dateTime={connection.lastSyncedAt} />
          ) : (
            'Not yet'
          )}
        </Fact>
      </dl>

      <div className="connection-card__check">
        <Button size="sm" busy={checkRunning} onClick={() => void onCheckNow()}>
          Check now<VisuallyHidden> {connection.email}</VisuallyHidden>
        </Button>
        <CheckNowResult check={connection.lastCheck} problem={checkProblem} />
      </div>

      {lastError && (
        <ConnectionProblemAlert
          status={connection.status}
          error={lastError}
          retry={connection}
          reconnectTo={viewOnly ? undefined : reconnectEmailPath(connection.id)}
        />
      )}
      <FolderProblems folders={connection.folders} />

      {problem && (
        <Alert tone="danger" title={`${connection.email} was not disconnected`}>
          {problem}
        </Alert>
      )}

      {confirming ? (
        <Alert
          tone="danger"
          title={`Disconnect ${connection.email}?`}
          actions={
            <>
              <Button
                variant="danger"
                size="sm"
                busy={disconnecting}
                onClick={() => void onDisconnect()}
              >
                Disconnect
              </Button>
              <Button ref={keepRef} size="sm" onClick={() => setConfirming(false)}>
                Keep it connected
              </Button>
            </>
          }
        >
          <p>
            Inlet stops reading and sending for this inbox and deletes its stored password and
            connection history. Your mail stays on your server.
          </p>
        </Alert>
      ) : (
        <div className="connection-card__actions">
          <div className="connection-card__reconnect">
            {viewOnly ? (
              <>
                <Button size="sm" disabled aria-describedby={`${id}-reconnect-note`}>
                  Reconnect<VisuallyHidden> {connection.email}</VisuallyHidden>
                </Button>
                <p id={`${id}-reconnect-note`} className="connection-card__note">
                  Your seat is view-only: reconnecting needs a full seat. Ask an admin for one.
                </p>
              </>
            ) : oauthProvider ? (
              <>
                <OAuthSignInButton
                  start={{
                    kind: 'reconnect',
                    provider: oauthProvider,
                    connectionId: connection.id,
                  }}
                  label={`Reconnect ${connection.email}`}
                  size="sm"
                  variant={needsOwner ? 'primary' : 'secondary'}
                  aria-describedby={`${id}-reconnect-note`}
                />
                <p id={`${id}-reconnect-note`} className="connection-card__note">
                  {needsOwner
                    ? `Sign in with ${providerLabels[connection.provider]} again to get this inbox working again.`
                    : `Signs in with ${providerLabels[connection.provider]} again; the history is kept.`}
                </p>
              </>
            ) : (
              <>
                <Link
                  to={reconnectEmailPath(connection.id)}
                  className={buttonClassName({
                    size: 'sm',
                    variant: needsOwner ? 'primary' : 'secondary',
                  })}
                  aria-describedby={`${id}-reconnect-note`}
                >
                  Reconnect<VisuallyHidden> {connection.email}</VisuallyHidden>
                </Link>
                <p id={`${id}-reconnect-note`} className="connection-card__note">
                  {needsOwner
                    ? 'Enter the current password to get this inbox working again.'
                    : 'Changed your password or servers? Reconnect keeps the history.'}
                </p>
              </>
            )}
          </div>
          <Button
            ref={disconnectRef}
            size="sm"
            variant="ghost"
            className="connection-card__disconnect"
            aria-label={`Disconnect ${connection.email}…`}
            onClick={() => setConfirming(true)}
          >
            Disconnect…
          </Button>
        </div>
      )}
    </li>
  );
}
