export const paths = {
  signIn: '/sign-in',
  domainSettings: '/domain-settings',
  connectedEmails: '/connected-emails',
  ipAllowlist: '/ip-allowlist',
  myEmail: '/my-email',
} as const;

export interface NavItem {
  path: string;
  label: string;
  /** SUPER_ADMIN and ADMIN only (viewer.canManageWorkspace). */
  adminOnly: boolean;
}

export const navItems: readonly NavItem[] = [
  { path: paths.domainSettings, label: 'Domain settings', adminOnly: true },
  { path: paths.connectedEmails, label: 'Connected emails', adminOnly: true },
  { path: paths.ipAllowlist, label: 'IP allowlist', adminOnly: false },
  { path: paths.myEmail, label: 'My email', adminOnly: false },
];

export function homePath(canManageWorkspace: boolean): string {
  return canManageWorkspace ? paths.domainSettings : paths.myEmail;
}

/** Only a path inside the console may be a sign-in `next` target (no open redirect to //other.host). */
export function safeNextPath(next: string | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next === paths.signIn || next.startsWith(`${paths.signIn}?`)) return undefined;
  return next;
}

export function signInPath(next?: string): string {
  const safe = safeNextPath(next ?? null);
  return safe && safe !== '/' ? `${paths.signIn}?next=${encodeURIComponent(safe)}` : paths.signIn;
}
