import { describe, expect, it } from 'vitest';
import { formatRelativeTime, localDateString, parseLocalDate } from './format-date';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('dates', () => {
  it('says how long ago, in words', () => {
    expect(formatRelativeTime(ago(10), now, 'en')).toBe('just now');
    expect(formatRelativeTime(ago(-20), now, 'en')).toBe('just now');
    expect(formatRelativeTime(ago(60), now, 'en')).toBe('1 minute ago');
    expect(formatRelativeTime(ago(5 * 60), now, 'en')).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(3 * 3600), now, 'en')).toBe('3 hours ago');
    expect(formatRelativeTime(ago(26 * 3600), now, 'en')).toBe('yesterday');
    expect(formatRelativeTime(ago(3 * 24 * 3600), now, 'en')).toBe('3 days ago');
    expect(formatRelativeTime(ago(400 * 24 * 3600), now, 'en')).toBe('last year');
    expect(formatRelativeTime('not a date', now, 'en')).toBe('not a date');
  });

  it('reads and writes date input values as local calendar dates', () => {
    expect(parseLocalDate('2025-02-28')?.getDate()).toBe(28);
    expect(parseLocalDate('2025-02-30')).toBeNull();
    expect(parseLocalDate('28/02/2025')).toBeNull();
    expect(localDateString(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});
