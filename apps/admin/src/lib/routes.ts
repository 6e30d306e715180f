export const paths = {
  signIn: '/sign-in',
  domainSettings: '/domain-settings',
  connectedEmails: '/connected-emails',
  ipAllowlist: '/ip-allowlist',
  myEmail: '/my-email',
  connectEmail: '/my-email/connect',
  reconnectEmail: '/my-email/reconnect',
  contacts: '/contacts',
  contact: '/contacts/contact',
  sequences: '/sequences',
  oauthApps: '/oauth-apps',
  team: '/team',
  auditLog: '/audit-log',
  webhooks: '/webhooks',
  setPassword: '/set-password',
  myAccount: '/account',
  /** Development builds only (lazy-pages.ts). */
  explorer: '/explorer',
} as const;

/** A one-time set-password link: the secret rides in the fragment, which browsers never send to servers or in Referer. */
export function passwordLinkUrl(origin: string, secret: string): string {
  return `${origin}${paths.setPassword}#${encodeURIComponent(secret)}`;
}

/** The reconnect form of one of the viewer's connections. */
export function reconnectEmailPath(connectionId: string): string {
  return `${paths.reconnectEmail}?id=${encodeURIComponent(connectionId)}`;
}

/** One contact's page (timeline and compose). */
export function contactPath(contactId: string): string {
  return `${paths.contact}?id=${encodeURIComponent(contactId)}`;
}

export interface NavItem {
  path: string;
  label: string;
  /** SUPER_ADMIN and ADMIN only (viewer.canManageWorkspace). */
  adminOnly: boolean;
  /** SUPER_ADMIN only. */
  superAdminOnly?: boolean;
}

export const navItems: readonly NavItem[] = [
  { path: paths.domainSettings, label: 'Domain settings', adminOnly: true },
  { path: paths.connectedEmails, label: 'Connected emails', adminOnly: true },
  { path: paths.ipAllowlist, label: 'IP allowlist', adminOnly: false },
  { path: paths.myEmail, label: 'My email', adminOnly: false },
  { path: paths.myAccount, label: 'My account', adminOnly: false },
  { path: paths.contacts, label: 'Contacts', adminOnly: false },
  { path: paths.sequences, label: 'Sequences', adminOnly: false },
  { path: paths.oauthApps, label: 'OAuth apps', adminOnly: true, superAdminOnly: true },
  { path: paths.team, label: 'Team', adminOnly: true },
  { path: paths.auditLog, label: 'Audit log', adminOnly: true },
  { path: paths.webhooks, label: 'Webhooks', adminOnly: true },
];

/** The nav item a path belongs to: its own, or its section's for a page under it (/my-email/connect). */
export function navItemFor(path: string): NavItem | undefined {
  return (
    navItems.find((item) => item.path === path) ??
    navItems.find((item) => path.startsWith(`${item.path}/`))
  );
}

/** Pages that are not in the navigation, by path: their tab title. */
const subpageTitles: Record<string, string> = {
  [paths.connectEmail]: 'Connect personal email',
  [paths.reconnectEmail]: 'Reconnect personal email',
};

/** Pages whose tab title names what they show (a contact's name), set by the page itself. */
const selfTitledPaths: ReadonlySet<string> = new Set([paths.contact]);

/** The tab title of a signed-in page, or null when the page titles itself. */
export function pageTitle(path: string): string | null {
  if (selfTitledPaths.has(path)) return null;
  return (
    subpageTitles[path] ?? navItems.find((item) => item.path === path)?.label ?? 'Page not found'
  );
}

export function homePath(canManageWorkspace: boolean): string {
  return canManageWorkspace ? paths.domainSettings : paths.myEmail;
}

/** Only a path inside the console may be a sign-in `next` target (no open redirect to //other.host). */
export function safeNextPath(next: string | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return undefined;
  if (next === paths.signIn || next.startsWith(`${paths.signIn}?`)) return undefined;
  return next;
}

export function signInPath(next?: string): string {
  const safe = safeNextPath(next ?? null);
  return safe && safe !== '/' ? `${paths.signIn}?next=${encodeURIComponent(safe)}` : paths.signIn;
}
