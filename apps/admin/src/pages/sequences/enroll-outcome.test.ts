import { describe, expect, it } from 'vitest';
import { enrollOutcome } from './enroll-outcome';

describe('enrollOutcome', () => {
  it('counts the enrolled, says why others were refused, and keeps recent repliers for confirmation', () => {
    expect(
      enrollOutcome({
        enrolled: [{}, {}],
        refused: [
          {
            contactId: 'c1',
            email: 'ann@x.test',
            code: 'ALREADY_ENROLLED',
            message: 'ann@x.test is already in one of your active sequences.',
          },
          {
            contactId: 'c2',
            email: 'bob@x.test',
            code: 'RECENTLY_REPLIED',
            message: 'bob@x.test replied to you in the last 30 days.',
          },
        ],
      }),
    ).toEqual({
      message: '2 enrolled. ann@x.test is already in one of your active sequences.',
      recentlyReplied: [{ contactId: 'c2', email: 'bob@x.test' }],
    });
    expect(enrollOutcome({ enrolled: [{}], refused: [] })).toEqual({
      message: '1 enrolled.',
      recentlyReplied: [],
    });
  });
});
