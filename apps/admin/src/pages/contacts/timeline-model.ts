import type { Tone } from '@inlet/ui';
import type { EmailActivityType } from '@/gql/graphql';

/**
 * How each kind of entry reads: a badge in words (the colour only repeats it), the direction ("to" or
 * "from" the contact) and what happened when. Timelines are shared, so nothing says "you".
 */
export const activityTypeLabels: Record<
  EmailActivityType,
  { label: string; tone: Tone; direction: 'to' | 'from'; happened: string }
> = {
  SENT_ONE_TO_ONE: { label: 'Sent', tone: 'info', direction: 'to', happened: 'Sent' },
  REPLY: { label: 'Reply', tone: 'success', direction: 'from', happened: 'Received' },
};

export interface TimelineKey {
  id: string;
  /** ISO 8601 in UTC, as the gateway sends it: comparable as text. */
  occurredAt: string;
}

/**
 * The timeline to show: activities that arrived live, then the fetched pages, each once, newest first.
 * Entries at the same instant keep their order (live first, then the gateway's).
 */
export function mergeTimeline<T extends TimelineKey>(
  live: readonly T[],
  fetched: readonly T[],
): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const item of [...live, ...fetched]) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    merged.push(item);
  }
  return merged.sort((a, b) =>
    a.occurredAt === b.occurredAt ? 0 : a.occurredAt < b.occurredAt ? 1 : -1,
  );
}

/** The total to show: the gateway's count plus live arrivals it did not count yet. */
export function timelineTotal(
  totalCount: number,
  live: readonly TimelineKey[],
  fetchedIds: ReadonlySet<string>,
): number {
  return totalCount + live.filter((item) => !fetchedIds.has(item.id)).length;
}
