import { describe, expect, it } from 'vitest';
import { mergeTimeline, timelineTotal } from './timeline-model';

const at = (id: string, occurredAt: string) => ({ id, occurredAt });

describe('timeline model', () => {
  it('puts live arrivals among the fetched emails, newest first, each once', () => {
    const fetched = [at('b', '2026-11-23T10:00:00.000Z'), at('a', '2026-11-22T09:00:00.000Z')];
    const live = [at('d', '2026-11-23T12:00:00.000Z'), at('b', '2026-11-23T10:00:00.000Z')];
    expect(mergeTimeline(live, fetched).map((item) => item.id)).toEqual(['d', 'b', 'a']);
    // An email logged with an older date (a late sync) goes where it belongs, not on top.
    expect(
      mergeTimeline([at('old', '2026-11-01T00:00:00.000Z')], fetched).map((item) => item.id),
    ).toEqual(['b', 'a', 'old']);
    // Same instant: live first, then the gateway's order.
    const same = '2026-11-23T10:00:00.000Z';
    expect(
      mergeTimeline([at('x', same)], [at('y', same), at('z', same)]).map((item) => item.id),
    ).toEqual(['x', 'y', 'z']);
  });

  it('counts live arrivals the fetched total does not include yet', () => {
    const live = [at('d', '2026-11-23T12:00:00.000Z'), at('b', '2026-11-23T10:00:00.000Z')];
    expect(timelineTotal(2, live, new Set(['a', 'b']))).toBe(3);
    expect(timelineTotal(0, [], new Set())).toBe(0);
  });
});
