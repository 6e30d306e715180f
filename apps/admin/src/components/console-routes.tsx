import { Suspense, useCallback, useEffect, useMemo } from 'react';
import { useQuery, type Client } from 'urql';
import { getFragmentData, graphql } from '@/gql';
import type { Role } from '@/gql/graphql';
import { endSession } from '@/lib/console-session';
import { homePath, paths, safeNextPath, signInPath } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useConsoleSession } from '@/lib/use-console-session';
import { ViewerAccessContext } from '@/lib/viewer-access';
import { navigate, useRoute } from '@/lib/use-route';
import { NoAccessPage } from '@/pages/no-access-page';
import { NotFoundPage } from '@/pages/not-found-page';
import { SignInPage } from '@/pages/sign-in-page';
import { AppShell } from './app-shell';
import { FullPageMessage } from './full-page-message';
import {
  AuditLogPage,
  ConnectEmailPage,
  ConnectedEmailsPage,
  ContactPage,
  ContactsPage,
  DomainSettingsPage,
  ExplorerPage,
  IpAllowlistPage,
  MyAccountPage,
  MyEmailPage,
  OAuthAppsPage,
  ReconnectEmailPage,
  SequencesPage,
  SetPasswordPage,
  TeamPage,
  WebhooksPage,
} from './lazy-pages';
import { LiveViewer, LiveViewer_ViewerFragment } from './live-viewer';

const ConsoleRoutes_Query = graphql(`
  query ConsoleRoutes_Query {
    viewer {
      ...LiveViewer_ViewerFragment
      user {
        ...AppShell_UserFragment
      }
    }
  }
`);

/**
 * Starts reading the viewer before React has rendered anything (main.tsx): the first render then
 * finds it in urql's cache or in flight (same document and variables), instead of asking after it.
 */
export function prefetchViewer(client: Client): void {
  void client.query(ConsoleRoutes_Query, {}).toPromise();
}

function renderPage(
  path: string,
  canManageWorkspace: boolean,
  viewerUser: { id: string; role: Role },
) {
  const superAdmin = viewerUser.role === 'SUPER_ADMIN';
  switch (path) {
    case paths.domainSettings:
      return canManageWorkspace ? <DomainSettingsPage /> : <NoAccessPage title="Domain settings" />;
    case paths.connectedEmails:
      return canManageWorkspace ? (
        <ConnectedEmailsPage />
      ) : (
        <NoAccessPage title="Connected emails" />
      );
    case paths.ipAllowlist:
      return <IpAllowlistPage canManageWorkspace={canManageWorkspace} />;
    case paths.myEmail:
      return <MyEmailPage />;
    case paths.myAccount:
      return <MyAccountPage />;
    case paths.connectEmail:
      return <ConnectEmailPage />;
    case paths.reconnectEmail:
      return <ReconnectEmailPage />;
    case paths.contacts:
      return <ContactsPage canManageWorkspace={canManageWorkspace} />;
    case paths.contact:
      return <ContactPage canManageWorkspace={canManageWorkspace} />;
    case paths.sequences:
      return <SequencesPage />;
    case paths.oauthApps:
      return superAdmin ? <OAuthAppsPage /> : <NoAccessPage title="OAuth apps" />;
    case paths.team:
      return canManageWorkspace ? (
        <TeamPage viewerRole={viewerUser.role} viewerId={viewerUser.id} />
      ) : (
        <NoAccessPage title="Team" />
      );
    case paths.auditLog:
      return canManageWorkspace ? <AuditLogPage /> : <NoAccessPage title="Audit log" />;
    case paths.webhooks:
      return canManageWorkspace ? <WebhooksPage /> : <NoAccessPage title="Webhooks" />;
    case paths.explorer:
      return ExplorerPage ? <ExplorerPage /> : <NotFoundPage />;
    default:
      return <NotFoundPage />;
  }
}

/** Decides between sign-in and the signed-in console, and which page to show. */
export function ConsoleRoutes() {
  const route = useRoute();
  const [{ data, error }, reexecute] = useQuery({ query: ConsoleRoutes_Query, variables: {} });
  // The viewer's access (the fragment LiveViewer compares pushes with), and its user for the shell.
  const viewer = getFragmentData(LiveViewer_ViewerFragment, data?.viewer ?? null);
  const shellUser = data?.viewer?.user;
  const session = useConsoleSession();
  const refetchViewer = useCallback(
    () => reexecute({ requestPolicy: 'network-only' }),
    [reexecute],
  );
  const access = useMemo(
    () =>
      viewer && {
        id: viewer.user.id,
        role: viewer.user.role,
        seat: viewer.user.seat,
        canManageWorkspace: viewer.canManageWorkspace,
      },
    [viewer],
  );
  const onSignIn = route.path === paths.signIn;
  // A password link is for someone who cannot sign in yet, and may be opened while someone else is signed in.
  const onSetPassword = route.path === paths.setPassword;
  const loaded = data !== undefined;

  useEffect(() => {
    if (!loaded || onSetPassword) return;
    if (!viewer && !onSignIn) {
      // Ended while open (the gateway closed its socket first): sign-in says why.
      const reason = session.lastAccessEvent();
      if (reason !== null) endSession(reason);
      else navigate(signInPath(route.href), { replace: true });
    } else if (viewer && (onSignIn || route.path === '/')) {
      navigate(safeNextPath(route.search.get('next')) ?? homePath(viewer.canManageWorkspace), {
        replace: true,
      });
    }
  }, [loaded, viewer, onSignIn, onSetPassword, route, session]);

  if (onSetPassword)
    return (
      <Suspense fallback={<FullPageMessage title="Loading Inlet…" />}>
        <SetPasswordPage />
      </Suspense>
    );

  // Opening the console at /sign-in, the form shows before the viewer is known: it is the page the
  // build prerendered (prerender-sign-in.tsx), which React takes over (hydrates) here. Once signed
  // in (a new session), "Loading" shows until the viewer is read, not the emptied form.
  const pageLoadSession = session.generation === 1;
  if (onSignIn && !viewer && (loaded || (pageLoadSession && !error)))
    return <SignInPage endedBecause={session.endedBecause} />;

  if (!loaded) {
    if (error) {
      return (
        <FullPageMessage
          title="Inlet is not answering"
          message={describeError(error)}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      );
    }
    return <FullPageMessage title="Loading Inlet…" />;
  }
  if (!viewer || !shellUser) return <FullPageMessage title="Loading Inlet…" />;
  if (onSignIn || route.path === '/') return <FullPageMessage title="Loading Inlet…" />;

  return (
    <ViewerAccessContext value={access}>
      <AppShell user={shellUser} canManageWorkspace={viewer.canManageWorkspace} path={route.path}>
        <LiveViewer viewer={viewer} refetch={refetchViewer} />
        {/* A page not loaded yet: its chunk is fetched while this says so. */}
        <Suspense
          fallback={
            <p role="status" className="muted">
              Loading…
            </p>
          }
        >
          {renderPage(route.path, viewer.canManageWorkspace, viewer.user)}
        </Suspense>
      </AppShell>
    </ViewerAccessContext>
  );
}
