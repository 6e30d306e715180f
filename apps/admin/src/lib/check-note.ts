import { formatTime } from './format-date';

/** Connection.lastCheck as the console reads it. */
export interface LastCheck {
  state: 'RUNNING' | 'DONE' | 'FAILED';
  requestedAt: string;
  finishedAt: string | null;
  newMessages: number | null;
  error: { message: string; hint: string } | null;
}

export interface CheckNote {
  tone: 'running' | 'done' | 'problem';
  text: string;
  /** What to do, for a failed check. */
  hint?: string;
}

/**
 * What the last "Check now" did, in one sentence that stays until the next check: "Checking now…",
 * then "Checked at 14:02: 3 new messages." or "The check at 14:02 failed: <what happened>".
 */
export function checkNote(check: LastCheck | null | undefined): CheckNote | null {
  if (!check) return null;
  if (check.state === 'RUNNING')
    return { tone: 'running', text: `Checking now (asked at ${formatTime(check.requestedAt)})…` };
  const at = formatTime(check.finishedAt ?? check.requestedAt);
  if (check.state === 'FAILED')
    return {
      tone: 'problem',
      text: `The check at ${at} failed: ${check.error?.message ?? 'it did not finish.'}`,
      ...(check.error ? { hint: check.error.hint } : {}),
    };
  const found = check.newMessages ?? 0;
  const news =
    found === 0 ? 'no new messages' : found === 1 ? '1 new message' : `${found} new messages`;
  return { tone: 'done', text: `Checked at ${at}: ${news}.` };
}
