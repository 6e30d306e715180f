import { describe, expect, it } from 'vitest';
import { checkNote } from './check-note';
import { formatTime } from './format-date';

const requestedAt = '2025-03-10T14:02:00.000Z';
const finishedAt = '2025-03-10T14:02:03.000Z';

describe('checkNote', () => {
  it('says a check is running, with when it was asked for', () => {
    expect(
      checkNote({
        state: 'RUNNING',
        requestedAt,
        finishedAt: null,
        newMessages: null,
        error: null,
      }),
    ).toEqual({ tone: 'running', text: `Checking now (asked at ${formatTime(requestedAt)})…` });
  });

  it('says when a check finished and how many new messages it found, in words', () => {
    const done = (newMessages: number) =>
      checkNote({ state: 'DONE', requestedAt, finishedAt, newMessages, error: null })?.text;
    expect(done(3)).toBe(`Checked at ${formatTime(finishedAt)}: 3 new messages.`);
    expect(done(1)).toBe(`Checked at ${formatTime(finishedAt)}: 1 new message.`);
    expect(done(0)).toBe(`Checked at ${formatTime(finishedAt)}: no new messages.`);
  });

  it('gives a failed check its error and hint', () => {
    expect(
      checkNote({
        state: 'FAILED',
        requestedAt,
        finishedAt,
        newMessages: null,
        error: { message: 'The server refused the connection.', hint: 'Check the port.' },
      }),
    ).toEqual({
      tone: 'problem',
      text: `The check at ${formatTime(finishedAt)} failed: The server refused the connection.`,
      hint: 'Check the port.',
    });
  });

  it('says nothing before the first check', () => {
    expect(checkNote(null)).toBeNull();
  });
});
