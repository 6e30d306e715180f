import { lazy } from 'react';

// Each page is its own chunk, loaded when first shown: the first screen downloads the shell and one
// page, not the whole console. Sign-in stays in the main chunk (it is the first screen signed out).

export const AuditLogPage = lazy(() =>
  import('@/pages/audit-log/audit-log-page').then((m) => ({ default: m.AuditLogPage })),
);
export const ConnectEmailPage = lazy(() =>
  import('@/pages/connect-email/connect-email-page').then((m) => ({
    default: m.ConnectEmailPage,
  })),
);
export const ReconnectEmailPage = lazy(() =>
  import('@/pages/connect-email/reconnect-email-page').then((m) => ({
    default: m.ReconnectEmailPage,
  })),
);
export const ConnectedEmailsPage = lazy(() =>
  import('@/pages/connected-emails/connected-emails-page').then((m) => ({
    default: m.ConnectedEmailsPage,
  })),
);
export const ContactPage = lazy(() =>
  import('@/pages/contacts/contact-page').then((m) => ({ default: m.ContactPage })),
);
export const ContactsPage = lazy(() =>
  import('@/pages/contacts/contacts-page').then((m) => ({ default: m.ContactsPage })),
);
export const DomainSettingsPage = lazy(() =>
  import('@/pages/domain-settings/domain-settings-page').then((m) => ({
    default: m.DomainSettingsPage,
  })),
);
export const IpAllowlistPage = lazy(() =>
  import('@/pages/ip-allowlist/ip-allowlist-page').then((m) => ({ default: m.IpAllowlistPage })),
);
export const MyAccountPage = lazy(() =>
  import('@/pages/my-account/my-account-page').then((m) => ({ default: m.MyAccountPage })),
);
export const MyEmailPage = lazy(() =>
  import('@/pages/my-email/my-email-page').then((m) => ({ default: m.MyEmailPage })),
);
export const OAuthAppsPage = lazy(() =>
  import('@/pages/oauth-apps/oauth-apps-page').then((m) => ({ default: m.OAuthAppsPage })),
);
export const SequencesPage = lazy(() =>
  import('@/pages/sequences/sequences-page').then((m) => ({ default: m.SequencesPage })),
);
export const SetPasswordPage = lazy(() =>
  import('@/pages/set-password-page').then((m) => ({ default: m.SetPasswordPage })),
);
export const TeamPage = lazy(() =>
  import('@/pages/team/team-page').then((m) => ({ default: m.TeamPage })),
);
export const WebhooksPage = lazy(() =>
  import('@/pages/webhooks/webhooks-page').then((m) => ({ default: m.WebhooksPage })),
);

/**
 * The GraphQL explorer (GraphiQL), in development builds only: `import.meta.env.DEV` is false in a
 * production build, so the import and GraphiQL are dropped from it and /explorer is not found.
 */
export const ExplorerPage = import.meta.env.DEV
  ? lazy(() => import('@/pages/explorer/explorer-page').then((m) => ({ default: m.ExplorerPage })))
  : null;
