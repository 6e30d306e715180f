import { describe, expect, it } from 'vitest';
import { actionLabel, auditTimeRange, describeChange } from './audit-log-model';

describe('auditTimeRange', () => {
  it('spans whole local days, both included, and ignores an unfinished date', () => {
    expect(auditTimeRange('2026-12-01', '2026-12-03')).toEqual({
      since: new Date(2026, 11, 1).toISOString(),
      until: new Date(2026, 11, 4).toISOString(),
    });
    expect(auditTimeRange('', '2026-12-31')).toEqual({
      since: null,
      until: new Date(2027, 0, 1).toISOString(),
    });
    expect(auditTimeRange('2026-02-30', '')).toEqual({ since: null, until: null });
  });
});

describe('describeChange', () => {
  it('lists only the fields that changed', () => {
    expect(
      describeChange(
        '{"email":"a@x.test","role":"USER","seat":"FULL"}',
        '{"email":"a@x.test","role":"USER","seat":"VIEW_ONLY"}',
      ),
    ).toEqual([{ key: 'seat', before: 'FULL', after: 'VIEW_ONLY' }]);
  });

  it('lists every field of a create or a delete, and shows nested values as JSON', () => {
    expect(describeChange(null, '{"email":"a@x.test","limits":{"n":1},"gone":null}')).toEqual([
      { key: 'email', before: null, after: 'a@x.test' },
      { key: 'limits', before: null, after: '{"n":1}' },
    ]);
    expect(describeChange('{"domain":"x.test"}', null)).toEqual([
      { key: 'domain', before: 'x.test', after: null },
    ]);
  });

  it('shows nothing for JSON that is not an object', () => {
    expect(describeChange('not json', '[1]')).toEqual([]);
  });
});

describe('actionLabel', () => {
  it('names known actions and shows unknown ones as recorded', () => {
    expect(actionLabel('user.update')).toBe('Changed role or seat');
    expect(actionLabel('something.new')).toBe('something.new');
  });
});
