import { describe, expect, it } from 'vitest';
import {
  draftOf,
  minutesOf,
  newSequenceDraft,
  newStep,
  parseAddresses,
  sequenceInput,
} from './sequence-form-model';

describe('sequence form model', () => {
  it('turns the draft into the mutation input', () => {
    const draft = {
      ...newSequenceDraft('c1'),
      name: 'Intro',
      steps: [newStep(true), newStep(false)],
    };
    const input = sequenceInput({ ...draft, windowStart: '08:30', windowEnd: '18:00' });
    expect(input).toMatchObject({
      name: 'Intro',
      connectionId: 'c1',
      windowStartMinute: 510,
      windowEndMinute: 1080,
    });
    expect(input.steps.map((s) => [s.delayAmount, s.delayUnit, s.replyInThread])).toEqual([
      [0, 'HOURS', false],
      [3, 'BUSINESS_DAYS', true],
    ]);
  });

  it('reads times and address lists', () => {
    expect(minutesOf('9:05')).toBe(545);
    expect(minutesOf('noon')).toBeNaN();
    expect(parseAddresses('a@x.test, B@x.test\nb@x.test  c@x.test')).toEqual([
      'a@x.test',
      'b@x.test',
      'c@x.test',
    ]);
  });

  it('reads a saved sequence back into a draft that saves the same input', () => {
    const saved = {
      name: 'Intro',
      shared: true,
      settings: {
        connectionId: 'c1',
        timeZone: 'Europe/Paris',
        windowStartMinute: 510,
        windowEndMinute: 1440,
        businessDaysOnly: false,
        stopOnAutoReply: true,
      },
      steps: [
        {
          subject: 'Hi',
          body: 'Hello',
          delayAmount: 0,
          delayUnit: 'HOURS' as const,
          replyInThread: false,
        },
        {
          subject: '',
          body: 'Again',
          delayAmount: 3,
          delayUnit: 'BUSINESS_DAYS' as const,
          replyInThread: true,
        },
      ],
    };
    const draft = draftOf(saved);
    expect(draft).toMatchObject({ windowStart: '08:30', windowEnd: '00:00', connectionId: 'c1' });
    expect(sequenceInput(draft)).toEqual({
      name: 'Intro',
      shared: true,
      // The settings go flat into the input.
      ...saved.settings,
      steps: saved.steps.map(({ replyInThread, ...step }) => ({ ...step, replyInThread })),
    });
  });
});
