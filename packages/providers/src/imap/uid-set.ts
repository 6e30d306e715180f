/** IMAP sequence sets ("1:3,5,9:12") to and from UID lists. */

/** Sorted, de-duplicated UIDs as a compact sequence set; '' for none. */
export function toSequenceSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)]
    .filter((u) => Number.isInteger(u) && u > 0)
    .sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined)
      parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = prev = uid;
  }
  if (start !== undefined && prev !== undefined)
    parts.push(start === prev ? `${start}` : `${start}:${prev}`);
  return parts.join(',');
}

/**
 * Expands a sequence set the server sent (an ESEARCH ALL result). The server chooses the ranges, so
 * the expansion is bounded: more than `limit` UIDs is an error rather than an unbounded allocation.
 */
export function parseSequenceSet(set: string, limit: number): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    if (part === '') continue;
    const match = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(part.trim());
    if (!match) throw new Error(`Invalid sequence set from server: ${set.slice(0, 80)}`);
    const a = Number(match[1]);
    const b = match[2] === undefined ? a : Number(match[2]);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (out.length + (hi - lo + 1) > limit)
      throw new Error(`Sequence set from server has more than ${limit} UIDs`);
    for (let uid = lo; uid <= hi; uid++) out.push(uid);
  }
  return out;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The last of ascending UIDs; 0 for none. */
export function lastOf(uids: readonly number[]): number {
  return uids[uids.length - 1] ?? 0;
}
