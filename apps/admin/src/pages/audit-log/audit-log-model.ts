import { parseLocalDate } from '@/lib/format-date';

/** The actions the gateway records (apps/gateway recordAudit calls), with what an admin reads for each. */
export const actionLabels: Record<string, string> = {
  'user.create': 'Added a user',
  'user.update': 'Changed role or seat',
  'user.deactivate': 'Deactivated a user',
  'user.reactivate': 'Reactivated a user',
  'user.passwordLink': 'Made a password link',
  'user.setPassword': 'Set a password with a link',
  'user.endSessions': 'Signed a user out everywhere',
  'user.updateProfile': 'Changed their name',
  'user.changePassword': 'Changed their password',
  'user.changePassword.failed': 'Failed password change',
  'user.signOutElsewhere': 'Signed out elsewhere',
  'session.revoke': 'Ended one of their sessions',
  'signIn.succeeded': 'Signed in',
  'signIn.failed': 'Failed sign-in',
  'apiToken.create': 'Created an API token',
  'apiToken.revoke': 'Revoked an API token',
  'domainSettings.create': 'Added domain settings',
  'domainSettings.update': 'Changed domain settings',
  'domainSettings.delete': 'Deleted domain settings',
  'connection.create': 'Connected an inbox',
  'connection.reconnect': 'Reconnected an inbox',
  'connection.disconnect': 'Disconnected an inbox',
  'connection.resync': 'Resynced an inbox',
  'connection.checkNow': 'Checked an inbox now',
  'oauth_app.set': 'Saved an OAuth app',
};

/** An unknown action (a newer gateway's) shows as recorded. */
export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

export interface ChangeLine {
  key: string;
  before: string | null;
  after: string | null;
}

function parseObject(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The entry's before/after JSON as one line per field that differs (every field on a create or a
 * delete), in the order the fields were recorded: "seat: FULL → VIEW_ONLY" reads better than two blobs.
 */
export function describeChange(beforeJson: string | null, afterJson: string | null): ChangeLine[] {
  const before = parseObject(beforeJson) ?? {};
  const after = parseObject(afterJson) ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .map((key) => ({ key, before: show(before[key]), after: show(after[key]) }))
    .filter((line) => line.before !== line.after);
}

/**
 * The gateway's since/until for a From and a To date (YYYY-MM-DD, the viewer's local days, both
 * included): From's local midnight, and the midnight after To. An empty or partial date is no bound.
 */
export function auditTimeRange(
  from: string,
  to: string,
): { since: string | null; until: string | null } {
  const start = parseLocalDate(from);
  const end = parseLocalDate(to);
  if (end) end.setDate(end.getDate() + 1);
  return { since: start?.toISOString() ?? null, until: end?.toISOString() ?? null };
}
