import type { DelayUnit } from '../../db/tables/sequence.table.js';

/** When a sequence may send: minutes after local midnight [start, end) in `timeZone`, weekdays only or not. */
export interface SendWindow {
  timeZone: string;
  startMinute: number;
  endMinute: number;
  businessDaysOnly: boolean;
}

const MINUTE = 60_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Day of week (0 = Sunday) and minute of the day of `at` in the time zone. */
export function localTime(at: Date, timeZone: string): { weekday: number; minute: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  return { weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** True for a valid IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const isBusinessDay = (weekday: number) => weekday >= 1 && weekday <= 5;

export function insideWindow(at: Date, window: SendWindow): boolean {
  const { weekday, minute } = localTime(at, window.timeZone);
  if (window.businessDaysOnly && !isBusinessDay(weekday)) return false;
  return minute >= window.startMinute && minute < window.endMinute;
}

/**
 * The first moment at or after `at` inside the window. Jumps to the next opening in local minutes; the
 * loop re-checks after each jump, so a daylight-saving change lands on the opening within a jump or two.
 */
export function nextInWindow(at: Date, window: SendWindow): Date {
  let t = new Date(at.getTime());
  for (let i = 0; i < 16; i++) {
    if (insideWindow(t, window)) return t;
    const { weekday, minute } = localTime(t, window.timeZone);
    const dayOk = !window.businessDaysOnly || isBusinessDay(weekday);
    const minutes =
      dayOk && minute < window.startMinute
        ? window.startMinute - minute
        : 24 * 60 - minute + window.startMinute;
    // Land on the minute boundary of the opening.
    t = new Date(Math.floor(t.getTime() / MINUTE) * MINUTE + minutes * MINUTE);
  }
  return t;
}

/** `from` plus the step's delay: hours as they come, business days skipping Saturday and Sunday. */
export function addDelay(from: Date, amount: number, unit: DelayUnit, timeZone: string): Date {
  if (unit === 'HOURS') return new Date(from.getTime() + amount * 3_600_000);
  let t = from;
  let left = amount;
  while (left > 0) {
    t = new Date(t.getTime() + 24 * 3_600_000);
    if (isBusinessDay(localTime(t, timeZone).weekday)) left -= 1;
  }
  return t;
}
