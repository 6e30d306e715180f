import { lazy } from 'react';
import type { Client } from 'urql';
import { paths } from '@/lib/routes';

// Each page is its own chunk, loaded when first shown: the first screen downloads the shell and one
// page, not the whole console. Sign-in stays in the main chunk (it is the first screen signed out).

/** Each page's module by its path; main.tsx starts the first page's download at once (preloadPageOf). */
const loaders = {
  [paths.auditLog]: () => import('@/pages/audit-log/audit-log-page'),
  [paths.connectEmail]: () => import('@/pages/connect-email/connect-email-page'),
  [paths.reconnectEmail]: () => import('@/pages/connect-email/reconnect-email-page'),
  [paths.connectedEmails]: () => import('@/pages/connected-emails/connected-emails-page'),
  [paths.contact]: () => import('@/pages/contacts/contact-page'),
  [paths.contacts]: () => import('@/pages/contacts/contacts-page'),
  [paths.domainSettings]: () => import('@/pages/domain-settings/domain-settings-page'),
  [paths.ipAllowlist]: () => import('@/pages/ip-allowlist/ip-allowlist-page'),
  [paths.myAccount]: () => import('@/pages/my-account/my-account-page'),
  [paths.myEmail]: () => import('@/pages/my-email/my-email-page'),
  [paths.oauthApps]: () => import('@/pages/oauth-apps/oauth-apps-page'),
  [paths.sequences]: () => import('@/pages/sequences/sequences-page'),
  [paths.setPassword]: () => import('@/pages/set-password-page'),
  [paths.team]: () => import('@/pages/team/team-page'),
  [paths.webhooks]: () => import('@/pages/webhooks/webhooks-page'),
} as const;

export const AuditLogPage = lazy(() =>
  loaders[paths.auditLog]().then((m) => ({ default: m.AuditLogPage })),
);
export const ConnectEmailPage = lazy(() =>
  loaders[paths.connectEmail]().then((m) => ({ default: m.ConnectEmailPage })),
);
export const ReconnectEmailPage = lazy(() =>
  loaders[paths.reconnectEmail]().then((m) => ({ default: m.ReconnectEmailPage })),
);
export const ConnectedEmailsPage = lazy(() =>
  loaders[paths.connectedEmails]().then((m) => ({ default: m.ConnectedEmailsPage })),
);
export const ContactPage = lazy(() =>
  loaders[paths.contact]().then((m) => ({ default: m.ContactPage })),
);
export const ContactsPage = lazy(() =>
  loaders[paths.contacts]().then((m) => ({ default: m.ContactsPage })),
);
export const DomainSettingsPage = lazy(() =>
  loaders[paths.domainSettings]().then((m) => ({ default: m.DomainSettingsPage })),
);
export const IpAllowlistPage = lazy(() =>
  loaders[paths.ipAllowlist]().then((m) => ({ default: m.IpAllowlistPage })),
);
export const MyAccountPage = lazy(() =>
  loaders[paths.myAccount]().then((m) => ({ default: m.MyAccountPage })),
);
export const MyEmailPage = lazy(() =>
  loaders[paths.myEmail]().then((m) => ({ default: m.MyEmailPage })),
);
export const OAuthAppsPage = lazy(() =>
  loaders[paths.oauthApps]().then((m) => ({ default: m.OAuthAppsPage })),
);
export const SequencesPage = lazy(() =>
  loaders[paths.sequences]().then((m) => ({ default: m.SequencesPage })),
);
export const SetPasswordPage = lazy(() =>
  loaders[paths.setPassword]().then((m) => ({ default: m.SetPasswordPage })),
);
export const TeamPage = lazy(() => loaders[paths.team]().then((m) => ({ default: m.TeamPage })));
export const WebhooksPage = lazy(() =>
  loaders[paths.webhooks]().then((m) => ({ default: m.WebhooksPage })),
);

/**
 * A page module may export `prefetch(client)`: it starts the query the page asks first, with the same
 * variables, so the page finds it in urql's cache or in flight instead of asking after React rendered it.
 */
interface PageModule {
  prefetch?(client: Client): void;
}

/**
 * Starts downloading the chunk of the page at `path` (the one the console opens at), if it has one, and
 * once it is there the page's first query, alongside the viewer's (main.tsx), not after it.
 */
export function preloadPageOf(path: string, client: Client): void {
  const load = (loaders as Record<string, (() => Promise<PageModule>) | undefined>)[path];
  // A failed download shows (and is retried) where the page renders.
  load?.().then(
    (page) => page.prefetch?.(client),
    () => {},
  );
}

/**
 * The GraphQL explorer (GraphiQL), in development builds only: `import.meta.env.DEV` is false in a
 * production build, so the import and GraphiQL are dropped from it and /explorer is not found.
 */
export const ExplorerPage = import.meta.env.DEV
  ? lazy(() => import('@/pages/explorer/explorer-page').then((m) => ({ default: m.ExplorerPage })))
  : null;
