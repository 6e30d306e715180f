import { parseLocalDate } from '@/lib/format-date';

/** Days back the "Resync from" date starts at. */
export const DEFAULT_RESYNC_DAYS = 30;

/** Why a "Resync from" date (a date input's YYYY-MM-DD) cannot be used, or null. `today` is YYYY-MM-DD too. */
export function resyncDateProblem(value: string, today: string): string | null {
  if (value === '') return 'Choose the date to re-read messages from.';
  if (!parseLocalDate(value)) return 'Enter a date as year, month and day.';
  if (value > today) return 'Choose today or a date in the past.';
  return null;
}
