import { describe, expect, it } from 'vitest';
import { actionLabel, describeChange } from './audit-log-model';

describe('describeChange', () => {
  it('lists only the fields that changed', () => {
    expect(describeChange('{"email":"a@x.test","role":"USER","seat":"FULL"}', '{"email":"a@x.test","role":"USER","seat":"VIEW_ONLY"}')).toEqual([
      { key: 'seat', before: 'FULL', after: 'VIEW_ONLY' },
    ]);
  });

  it('lists every field of a create or a delete, and shows nested values as JSON', () => {
    expect(describeChange(null, '{"email":"a@x.test","limits":{"n":1},"gone":null}')).toEqual([
      { key: 'email', before: null, after: 'a@x.test' },
      { key: 'limits', before: null, after: '{"n":1}' },
    ]);
    expect(describeChange('{"domain":"x.test"}', null)).toEqual([{ key: 'domain', before: 'x.test', after: null }]);
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
