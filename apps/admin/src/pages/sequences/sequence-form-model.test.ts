import { describe, expect, it } from 'vitest';
import {
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
});
