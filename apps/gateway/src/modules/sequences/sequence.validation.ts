import type { SequenceInput } from '../../__generated__/resolvers-types.js';
import { isTimeZone } from '../../engine/sequences/send-window.js';
import { unknownTokens } from '../../engine/sequences/templates.js';
import type { FieldProblem } from '../../validation.js';

export const MAX_STEPS = 20;

/** Every problem of a sequence to save; unknown template tokens are refused here, at save time. */
export function sequenceProblems(input: SequenceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (name === '' || name.length > 200)
    problems.push({ field: 'name', message: 'Enter a name of 1 to 200 characters.' });
  if (!isTimeZone(input.timeZone))
    problems.push({
      field: 'timeZone',
      message: `"${input.timeZone}" is not a time zone; use a name such as Europe/Paris.`,
    });
  const start = input.windowStartMinute ?? 540;
  const end = input.windowEndMinute ?? 1020;
  if (!Number.isInteger(start) || start < 0 || start > 1439)
    problems.push({ field: 'windowStartMinute', message: 'Start between 0 and 1439 minutes.' });
  if (!Number.isInteger(end) || end <= start || end > 1440)
    problems.push({
      field: 'windowEndMinute',
      message: 'End the send window after its start, at most at midnight (1440).',
    });
  if (input.steps.length === 0 || input.steps.length > MAX_STEPS)
    problems.push({ field: 'steps', message: `A sequence has 1 to ${MAX_STEPS} steps.` });
  input.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    const inThread = step.replyInThread ?? false;
    if (inThread && i === 0)
      problems.push({
        field: `${at}.replyInThread`,
        message: 'The first step has no earlier email to reply to.',
      });
    if (!inThread && step.subject.trim() === '')
      problems.push({ field: `${at}.subject`, message: 'Enter a subject.' });
    if (step.subject.length > 998 || /[\r\n]/.test(step.subject))
      problems.push({
        field: `${at}.subject`,
        message: 'Enter a one-line subject of at most 998 characters.',
      });
    if (step.body.trim() === '' || step.body.length > 100_000)
      problems.push({
        field: `${at}.body`,
        message: 'Write the email (at most 100,000 characters).',
      });
    if (!Number.isInteger(step.delayAmount) || step.delayAmount < 0 || step.delayAmount > 365)
      problems.push({ field: `${at}.delayAmount`, message: 'Use a delay of 0 to 365.' });
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownTokens(step[field]);
      if (unknown.length > 0)
        problems.push({
          field: `${at}.${field}`,
          message: `Unknown token ${unknown.map((t) => `{{${t}}}`).join(', ')}. Use {{first_name}}, {{last_name}}, {{name}}, {{email}}, {{company}} or {{sender.first_name}}, {{sender.last_name}}, {{sender.name}}, {{sender.email}}.`,
        });
    }
  });
  return problems;
}
