import { describe, expect, it } from 'vitest';
import { addDelay, nextInWindow } from './send-window.js';
import { renderTemplate, tokenValues, unknownTokens } from './templates.js';

const paris = { timeZone: 'Europe/Paris', startMinute: 9 * 60, endMinute: 17 * 60 };

describe('send window', () => {
  it('moves a time outside the window to the next opening in the sender’s time zone', () => {
    // Friday 18:00 in Paris (17:00 UTC): business days only -> Monday 09:00 Paris (08:00 UTC).
    expect(
      nextInWindow(new Date('2026-12-11T17:00:00Z'), { ...paris, businessDaysOnly: true }),
    ).toEqual(new Date('2026-12-14T08:00:00Z'));
    // Any day: Saturday 09:00 Paris.
    expect(
      nextInWindow(new Date('2026-12-11T17:00:00Z'), { ...paris, businessDaysOnly: false }),
    ).toEqual(new Date('2026-12-12T08:00:00Z'));
    // Inside the window: unchanged.
    const inside = new Date('2026-12-10T10:30:00Z');
    expect(nextInWindow(inside, { ...paris, businessDaysOnly: true })).toEqual(inside);
  });

  it('lands on the local opening across a daylight-saving change', () => {
    // Saturday 28 March 2026, 20:00 UTC; Paris moves to UTC+2 that night: Monday 09:00 is 07:00 UTC.
    expect(
      nextInWindow(new Date('2026-03-28T20:00:00Z'), { ...paris, businessDaysOnly: true }),
    ).toEqual(new Date('2026-03-30T07:00:00Z'));
  });

  it('counts business days over a weekend and hours as they come', () => {
    // Thursday + 2 business days = Monday, same time.
    expect(addDelay(new Date('2026-12-10T10:00:00Z'), 2, 'BUSINESS_DAYS', 'UTC')).toEqual(
      new Date('2026-12-14T10:00:00Z'),
    );
    expect(addDelay(new Date('2026-12-10T10:00:00Z'), 30, 'HOURS', 'UTC')).toEqual(
      new Date('2026-12-11T16:00:00Z'),
    );
  });
});

describe('templates', () => {
  const values = tokenValues({
    contact: { email: 'ada@x.test', name: 'Ada Lovelace', company: null },
    sender: { email: 'jane@y.test', name: 'Jane' },
  });

  it('renders known tokens and names the ones without a value', () => {
    expect(renderTemplate('Hi {{ first_name }}, {{sender.first_name}} here', values)).toEqual({
      ok: true,
      text: 'Hi Ada, Jane here',
    });
    expect(renderTemplate('At {{company}}?', values)).toEqual({ ok: false, missing: ['company'] });
  });

  it('finds unknown tokens', () => {
    expect(unknownTokens('{{first_name}} {{nickname}} {{sender.title}}')).toEqual([
      'nickname',
      'sender.title',
    ]);
  });
});
