import { describe, expect, it } from 'vitest';
import { deadlineChangeTerms, writerDeadlineAfterChange } from '../../src/orders/deadlines/rules.js';
import { defaultPriceList } from '../../src/pricing/defaults.js';

const list = defaultPriceList('USD');
// 3 undergraduate history pages: 52.88 before the deadline band (see the price table tests).
const quoteInput = {
  pages: 3,
  spacing: 'double' as const,
  paperType: 'essay',
  workType: 'writing',
  academicLevel: 'undergraduate',
  subject: 'history',
  slides: 0,
  charts: 0,
  writerLevel: 'standard',
  preferredWriter: false,
  extraServices: [],
};
const HOUR = 3_600_000;
const placedAt = new Date('2026-12-01T00:00:00Z');
const at = (hours: number) => new Date(placedAt.getTime() + hours * HOUR);
const terms = (nowHours: number, currentHours: number, requestedHours: number, paidBandMaxHours = 240) =>
  deadlineChangeTerms({
    list,
    quoteInput,
    now: at(nowHours),
    currentDeadline: at(currentHours),
    requestedDeadline: at(requestedHours),
    paidBandMaxHours,
  });

describe('deadline change terms', () => {
  it('charges the difference between the needed band and the paid one when shortening', () => {
    // 10-day order (band 1.0: 52.88) shortened to 48 h from now (band 1.45: 76.68).
    expect(terms(0, 240, 48)).toMatchObject({ ok: true, kind: 'shorten', chargeCents: 7_668 - 5_288, paidBand: { maxHours: 48 } });
  });

  it('prices the urgency from now: a late shortening to 24 h left costs the 24 h band', () => {
    // Placed 8 days ago with 10 days; the client now wants it in 24 h: 92.54 − 52.88.
    expect(terms(192, 240, 216)).toMatchObject({ ok: true, chargeCents: 9_254 - 5_288, paidBand: { maxHours: 24 } });
  });

  it('charges nothing for a shortening that stays inside the paid band', () => {
    // 10 days left still needs only the 10-day band; 12 days paid at the 14-day band (0.95) after an extension: free too.
    expect(terms(0, 300, 240)).toMatchObject({ ok: true, kind: 'shorten', chargeCents: 0, paidBand: { maxHours: 240 } });
    expect(terms(0, 480, 288)).toMatchObject({ ok: true, kind: 'shorten', chargeCents: 0 });
  });

  it('charges only the part not yet paid after an earlier paid shortening', () => {
    // Paid for the 72 h band already; now 24 h: 92.54 − 66.10.
    expect(terms(0, 72, 24, 72)).toMatchObject({ ok: true, chargeCents: 9_254 - 6_610, paidBand: { maxHours: 24 } });
  });

  it('never charges or refunds an extension, and keeps the paid band', () => {
    expect(terms(0, 48, 480, 48)).toMatchObject({ ok: true, kind: 'extend', chargeCents: 0, paidBand: { maxHours: 48 } });
  });

  it('refuses the same deadline, one too close, and one beyond the list limit, naming the field', () => {
    expect(terms(0, 240, 240)).toEqual({ ok: false, field: 'deadline', reason: 'is the current deadline' });
    expect(terms(0, 240, 2)).toEqual({ ok: false, field: 'deadline', reason: 'must be at least 3 hours away' });
    expect(terms(10, 240, 5)).toMatchObject({ ok: false, field: 'deadline' });
    expect(terms(0, 240, 1441)).toEqual({ ok: false, field: 'deadline', reason: 'must be at most 1440 hours away' });
  });
});

describe('writer deadline after a change', () => {
  it('gives the writer 80 % of the time left, so a late shortening never lands in the past', () => {
    // Placed 200 h ago, new deadline in 24 h: 80 % of 224 h from placing would be past; 80 % of 24 h from now is not.
    expect(writerDeadlineAfterChange(at(200), at(224))).toEqual(new Date(at(200).getTime() + 0.8 * 24 * HOUR));
    expect(writerDeadlineAfterChange(at(0), at(480))).toEqual(at(384));
  });
});
