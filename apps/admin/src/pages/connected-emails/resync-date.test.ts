import { describe, expect, it } from 'vitest';
import { resyncDateProblem } from './resync-date';

describe('Resync from date', () => {
  it('accepts today and past dates only', () => {
    expect(resyncDateProblem('2025-03-10', '2025-03-10')).toBeNull();
    expect(resyncDateProblem('2020-01-15', '2025-03-10')).toBeNull();
    expect(resyncDateProblem('2025-03-11', '2025-03-10')).toBe(
      'Choose today or a date in the past.',
    );
    expect(resyncDateProblem('', '2025-03-10')).toBe('Choose the date to re-read messages from.');
    expect(resyncDateProblem('2025-02-30', '2025-03-10')).toBe(
      'Enter a date as year, month and day.',
    );
  });
});
