import { describe, expect, it } from 'vitest';
import {
  fresher,
  healthAnnouncement,
  rememberPush,
  statusesById,
  type HealthSnapshot,
} from './live-connections';

const listed = { id: 'c1', updatedAt: '2025-03-01T10:00:00.000Z', from: 'query' };

describe('live connections', () => {
  it('shows a push at once, but not an older push over a newer refetch', () => {
    expect(fresher(listed, undefined)).toBe(listed);
    const push = { id: 'c1', updatedAt: '2025-03-01T10:00:05.000Z', from: 'push' };
    expect(fresher(listed, push)).toBe(push);
    const tie = { ...push, updatedAt: listed.updatedAt };
    expect(fresher(listed, tie)).toBe(tie);
    const refetched = { id: 'c1', updatedAt: '2025-03-01T10:00:09.000Z', from: 'query' };
    expect(fresher(refetched, push)).toBe(refetched);
    expect(fresher(listed, { ...push, id: 'other' })).toBe(listed);
  });

  it('remembers only the newest push of each connection', () => {
    const first = { id: 'c1', updatedAt: '2025-03-01T10:00:05.000Z' };
    const second = { id: 'c1', updatedAt: '2025-03-01T10:00:06.000Z' };
    const a = rememberPush(new Map(), first);
    const b = rememberPush(a, second);
    expect(b.get('c1')).toBe(second);
    // A late, older push (out of order) changes nothing, and keeps the same map.
    expect(rememberPush(b, first)).toBe(b);
    expect(rememberPush(b, { id: 'c2', updatedAt: first.updatedAt }).size).toBe(2);
  });

  it('announces a status change of a row on screen, with the error', () => {
    const before: HealthSnapshot[] = [
      { id: 'c1', email: 'ada@example.com', status: 'CONNECTED' },
      { id: 'c2', email: 'bob@example.com', status: 'CONNECTED' },
    ];
    const previous = statusesById(before);
    expect(healthAnnouncement(previous, before)).toBeNull();
    expect(
      healthAnnouncement(previous, [
        {
          id: 'c1',
          email: 'ada@example.com',
          status: 'RETRYING',
          errorMessage: 'The server did not answer.',
        },
        before[1]!,
      ]),
    ).toBe('ada@example.com is now Retrying: The server did not answer.');
    expect(
      healthAnnouncement(statusesById([{ ...before[0]!, status: 'SYNCING' }]), [before[0]!]),
    ).toBe('ada@example.com is now Connected.');
    // A row that just appeared is not a change.
    expect(healthAnnouncement(new Map(), before)).toBeNull();
  });

  it('sums up many changes at once', () => {
    const rows = ['a', 'b', 'c', 'd', 'e'].map((n) => ({
      id: n,
      email: `${n}@example.com`,
      status: 'RETRYING' as const,
    }));
    const previous = new Map(rows.map((r) => [r.id, 'CONNECTED' as const]));
    expect(healthAnnouncement(previous, rows)).toBe(
      '5 connections changed status: a@example.com Retrying, b@example.com Retrying, c@example.com Retrying, and 2 more.',
    );
  });
});
