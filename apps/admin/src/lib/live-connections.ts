import type { ConnectionStatus } from '@/gql/graphql';
import { statusLabels } from './connection-labels';

/** What every copy of a connection carries, whether a query or the subscription delivered it. */
export interface Versioned {
  id: string;
  /** Bumped by the gateway on every status, error or sync change. */
  updatedAt: string;
}

/**
 * The fresher copy of one connection: the list's (from a query) or the last one the subscription
 * pushed. The subscription wins a tie, so a push is shown at once; a refetch that happened after the
 * push wins by its newer updatedAt. Copies of other connections are ignored.
 */
export function fresher<A extends Versioned, B extends Versioned>(
  listed: A,
  pushed: B | undefined,
): A | B {
  if (!pushed || pushed.id !== listed.id) return listed;
  const pushedAt = Date.parse(pushed.updatedAt);
  const listedAt = Date.parse(listed.updatedAt);
  if (Number.isNaN(listedAt)) return pushed;
  return pushedAt >= listedAt ? pushed : listed;
}

/** Keeps the latest push per connection id (a newer one replaces an older one, never the reverse). */
export function rememberPush<B extends Versioned>(
  pushes: ReadonlyMap<string, B>,
  pushed: B,
): ReadonlyMap<string, B> {
  const known = pushes.get(pushed.id);
  if (known && fresher(pushed, known) === known && known !== pushed) return pushes;
  const next = new Map(pushes);
  next.set(pushed.id, pushed);
  return next;
}

export interface HealthSnapshot {
  id: string;
  email: string;
  status: ConnectionStatus;
  errorMessage?: string | null;
}

/**
 * One sentence for the polite live region when connections already on screen change status:
 * "ada@example.com is now Retrying: The server did not answer." New rows, and rows whose status
 * is unchanged, say nothing. Several changes at once are summed up rather than read one by one.
 */
export function healthAnnouncement(
  previous: ReadonlyMap<string, ConnectionStatus>,
  current: readonly HealthSnapshot[],
): string | null {
  const changed = current.filter((c) => {
    const before = previous.get(c.id);
    return before !== undefined && before !== c.status;
  });
  if (changed.length === 0) return null;
  if (changed.length === 1) {
    const [c] = changed as [HealthSnapshot];
    const problem =
      c.errorMessage && c.status !== 'CONNECTED' && c.status !== 'SYNCING'
        ? `: ${c.errorMessage}`
        : '.';
    return `${c.email} is now ${statusLabels[c.status].label}${problem}`;
  }
  const shown = changed.slice(0, 3).map((c) => `${c.email} ${statusLabels[c.status].label}`);
  const more = changed.length > 3 ? `, and ${changed.length - 3} more` : '';
  return `${changed.length} connections changed status: ${shown.join(', ')}${more}.`;
}

export function statusesById(rows: readonly HealthSnapshot[]): Map<string, ConnectionStatus> {
  return new Map(rows.map((r) => [r.id, r.status]));
}
