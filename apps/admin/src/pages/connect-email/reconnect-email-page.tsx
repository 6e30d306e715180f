import { EmptyState, PageHeader } from '@inlet/ui';
import { useQuery } from 'urql';
import { Link } from '@/components/link';
import { QueryStatus } from '@/components/query-status';
import { MyEmailLink } from '@/components/my-email-link';
import { graphql } from '@/gql';
import { paths } from '@/lib/routes';
import { useRoute } from '@/lib/use-route';
import { useViewerAccess } from '@/lib/viewer-access';
import { providerLabels } from '@/lib/connection-labels';
import { ExchangeConnectForm } from './exchange-connect-form';
import { ImapConnectForm } from './imap-connect-form';
import { oauthProviderOf } from './oauth-connect-model';
import { OAuthSignInButton } from './oauth-sign-in-button';

const ReconnectEmailPage_Query = graphql(`
  query ReconnectEmailPage_Query {
    myConnections {
      id
      email
      provider
      ...ImapConnectForm_ConnectionFragment
      ...ExchangeConnectForm_ConnectionFragment
    }
  }
`);

/**
 * Reconnect one of the viewer's inboxes (/my-email/reconnect?id=…). IMAP and Exchange: the connect form of
 * their kind with the saved settings, a new password. Google and Microsoft 365: their sign-in again.
 */
export function ReconnectEmailPage() {
  const route = useRoute();
  const id = route.search.get('id');
  // Always fresh: the settings to start from must be the saved ones.
  const [{ data, error }, reexecute] = useQuery({
    query: ReconnectEmailPage_Query,
    requestPolicy: 'network-only',
  });
  const connection = data?.myConnections.find((c) => c.id === id);
  const { seat } = useViewerAccess();
  const oauthProvider = connection && oauthProviderOf(connection.provider);

  const backToMyEmail = <MyEmailLink variant="primary" />;

  return (
    <>
      <Link to={paths.myEmail} className="back-link">
        <span aria-hidden="true">← </span>My email
      </Link>
      <PageHeader
        title={connection ? `Reconnect ${connection.email}` : 'Reconnect personal email'}
        description={
          oauthProvider && connection
            ? `Sign in with ${providerLabels[connection.provider]} again with the button below; the inbox's history is kept.`
            : 'Enter the current password of this inbox (or correct its servers), then choose Reconnect.'
        }
      />

      <QueryStatus
        error={data ? undefined : error}
        loading={!data}
        failedTitle="This page could not be loaded"
        loadingText="Loading the connection…"
        reexecute={reexecute}
      />

      {data && seat === 'VIEW_ONLY' && (
        <EmptyState title="Your seat is view-only">
          <p>
            A view-only seat cannot connect or reconnect an inbox; this one stays readable. Ask an
            admin to give you a full seat.
          </p>
        </EmptyState>
      )}
      {data && seat === 'FULL' && !connection && (
        <EmptyState title="This connection does not exist" action={backToMyEmail}>
          <p>It may have been disconnected. My email lists the inboxes you have connected.</p>
        </EmptyState>
      )}
      {data && seat === 'FULL' && connection?.provider === 'IMAP' && (
        <ImapConnectForm key={connection.id} mode="reconnect" connection={connection} />
      )}
      {data && seat === 'FULL' && connection?.provider === 'EXCHANGE' && (
        <ExchangeConnectForm key={connection.id} mode="reconnect" connection={connection} />
      )}
      {data && seat === 'FULL' && connection && oauthProvider && (
        <EmptyState
          title={`Sign in with ${providerLabels[connection.provider]} again`}
          action={
            <OAuthSignInButton
              start={{ kind: 'reconnect', provider: oauthProvider, connectionId: connection.id }}
              label={`Sign in with ${providerLabels[connection.provider]} again`}
            />
          }
        >
          <p>
            This inbox connects through its provider's sign-in, without a password in Inlet. Its
            history is kept.
          </p>
        </EmptyState>
      )}
    </>
  );
}
