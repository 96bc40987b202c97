import { describe, expect, it } from 'vitest';
import {
  decideFineTransition,
  DEFAULT_FINE_TYPES,
  FINE_TYPE_CODES,
  fineAmountCents,
  fineRuleProblems,
  fineStatusesFor,
  latenessFineCents,
  latenessMs,
  latenessPercentBp,
} from '../../src/writers/fines/rules.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (h: number, m = 0) => h * HOUR + m * MINUTE;

describe('the lateness schedule (RULES.md "Fines": cumulative, capped at 100 % of the earning)', () => {
  const earning = 10_000; // $100 earned on the order

  it.each([
    ['0:00', at(0), 0, 0],
    ['0:59', at(0, 59), 0, 0],
    ['0:59:59.999', at(1) - 1, 0, 0],
    ['1:00 (+5 %)', at(1), 500, 500],
    ['1:59', at(1, 59), 500, 500],
    ['2:00 (+10 %)', at(2), 1_500, 1_500],
    ['3:00 (+15 %)', at(3), 3_000, 3_000],
    ['4:00 (+5 %)', at(4), 3_500, 3_500],
    ['5:00 (+5 %)', at(5), 4_000, 4_000],
    ['16:00', at(16), 9_500, 9_500],
    ['17:00: the cap is reached', at(17), 10_000, 10_000],
    ['18:00: over the cap', at(18), 10_500, 10_000],
    ['24:00: the last hourly step', at(24), 13_500, 10_000],
    ['47:59: no day completed after 24 h', at(47, 59), 13_500, 10_000],
    ['48:00: +20 % for the first day after 24 h', at(48), 15_500, 10_000],
    ['72:00: +20 % a day', at(72), 17_500, 10_000],
  ])('%s late: %i bp of the earning before the cap, %i cents fined', (_label, lateMs, bp, cents) => {
    expect(latenessPercentBp(lateMs)).toBe(bp);
    expect(latenessFineCents(lateMs, earning)).toBe(cents);
  });

  it('is capped at the writer’s earning on the order, whatever the lateness', () => {
    for (const h of [17, 24, 48, 24 * 30]) expect(latenessFineCents(at(h), 1_234)).toBe(1_234);
    expect(latenessFineCents(at(48), 0)).toBe(0);
  });

  it('rounds a share of an odd earning half-up to the cent', () => {
    expect(latenessFineCents(at(1), 333)).toBe(17); // 5 % of 3.33 = 16.65
  });

  it('is capped lower when a website sets a lower share on its lateness fine type', () => {
    expect(latenessFineCents(at(48), 10_000, 5_000)).toBe(5_000);
    expect(latenessFineCents(at(2), 10_000, 5_000)).toBe(1_500);
  });

  it('measures lateness from the writer deadline to the hand-in, or to now while the writer still has the work', () => {
    const writerDeadline = new Date('2026-12-01T12:00:00Z');
    const assignedAt = new Date('2026-12-01T00:00:00Z');
    const now = new Date('2026-12-01T15:30:00Z');
    expect(latenessMs({ writerDeadline, assignedAt, handedInAt: null, now })).toBe(at(3, 30));
    expect(latenessMs({ writerDeadline, assignedAt, handedInAt: new Date('2026-12-01T13:00:00Z'), now })).toBe(at(1));
    expect(latenessMs({ writerDeadline, assignedAt, handedInAt: new Date('2026-12-01T11:00:00Z'), now })).toBe(0);
    expect(latenessMs({ writerDeadline: null, assignedAt, handedInAt: null, now })).toBe(0);
    // A writer given the order after its writer deadline had passed is not late by it.
    expect(latenessMs({ writerDeadline, assignedAt: new Date('2026-12-01T13:00:00Z'), handedInAt: null, now })).toBe(0);
  });
});

describe('fine types (RULES.md "Fines" defaults)', () => {
  const byCode = Object.fromEntries(DEFAULT_FINE_TYPES.map((t) => [t.code, t]));
  const fine = (code: string, earning: number) => fineAmountCents(byCode[code]!, earning);

  it('has one default per type code', () => {
    expect(DEFAULT_FINE_TYPES.map((t) => t.code).sort()).toEqual([...FINE_TYPE_CODES].sort());
  });

  it('quality: 10 % of the earning, at least $5 and at most $50', () => {
    expect(fine('quality', 10_000)).toBe(1_000);
    expect(fine('quality', 2_000)).toBe(500);
    expect(fine('quality', 100_000)).toBe(5_000);
  });

  it('fixed amounts: privacy breach $50, wrong files $10, plagiarism $100, communication breach $15', () => {
    expect([fine('privacy_breach', 1), fine('wrong_files', 1), fine('plagiarism', 1), fine('communication_breach', 1)]).toEqual([
      5_000, 1_000, 10_000, 1_500,
    ]);
  });

  it('shares: excessive revisions 5 %, late reassignment request 15 %, inactivity 25 %, dropping late 20 % (min $10)', () => {
    expect([fine('excessive_revisions', 10_000), fine('late_reassignment_request', 10_000), fine('inactivity', 10_000)]).toEqual([
      500, 1_500, 2_500,
    ]);
    expect(fine('late_drop', 10_000)).toBe(2_000);
    expect(fine('late_drop', 1_000)).toBe(1_000);
  });

  it('refuses a rule with both or neither of an amount and a share, or a max under the min', () => {
    expect(fineRuleProblems({ amountCents: 100, percentBp: 100, minCents: 0, maxCents: null })).toHaveProperty('amountCents');
    expect(fineRuleProblems({ amountCents: null, percentBp: null, minCents: 0, maxCents: null })).toHaveProperty('amountCents');
    expect(fineRuleProblems({ amountCents: null, percentBp: 10_001, minCents: 0, maxCents: null })).toHaveProperty('percentBp');
    expect(fineRuleProblems({ amountCents: 100, percentBp: null, minCents: 500, maxCents: 100 })).toHaveProperty('maxCents');
    expect(fineRuleProblems({ amountCents: 100, percentBp: null, minCents: 0, maxCents: null })).toEqual({});
  });
});

describe('the fine’s transitions (issued -> (appealed -> escalated -> accepted | rejected) | waived | voided)', () => {
  it('lets only the writer appeal, and only an issued fine (so once)', () => {
    expect(decideFineTransition({ transition: 'appeal', from: 'issued', role: 'writer' })).toEqual({ ok: true, to: 'appealed' });
    expect(decideFineTransition({ transition: 'appeal', from: 'issued', role: 'admin' })).toMatchObject({
      ok: false,
      reason: 'not_allowed_for_role',
    });
    for (const from of ['appealed', 'escalated', 'rejected', 'accepted', 'waived', 'voided'] as const)
      expect(decideFineTransition({ transition: 'appeal', from, role: 'writer' })).toMatchObject({ ok: false, reason: 'wrong_status' });
  });

  it('lets support or an admin escalate and decide an appeal, and only an admin decide an escalated one', () => {
    expect(decideFineTransition({ transition: 'escalate', from: 'appealed', role: 'support' })).toEqual({ ok: true, to: 'escalated' });
    expect(decideFineTransition({ transition: 'accept', from: 'appealed', role: 'support' })).toEqual({ ok: true, to: 'accepted' });
    expect(decideFineTransition({ transition: 'reject', from: 'appealed', role: 'admin' })).toEqual({ ok: true, to: 'rejected' });
    expect(decideFineTransition({ transition: 'accept', from: 'escalated', role: 'support' })).toMatchObject({ ok: false });
    expect(decideFineTransition({ transition: 'accept', from: 'escalated', role: 'admin' })).toEqual({ ok: true, to: 'accepted' });
    expect(decideFineTransition({ transition: 'escalate', from: 'issued', role: 'admin' })).toMatchObject({
      ok: false,
      reason: 'wrong_status',
    });
    expect(fineStatusesFor('accept', 'support')).toEqual(['appealed']);
    expect(fineStatusesFor('accept', 'admin')).toEqual(['appealed', 'escalated']);
  });

  it('lets only admins waive or void a fine that still stands', () => {
    for (const from of ['issued', 'appealed', 'escalated', 'rejected'] as const) {
      expect(decideFineTransition({ transition: 'waive', from, role: 'admin' })).toEqual({ ok: true, to: 'waived' });
      expect(decideFineTransition({ transition: 'void', from, role: 'admin' })).toEqual({ ok: true, to: 'voided' });
    }
    expect(decideFineTransition({ transition: 'waive', from: 'issued', role: 'support' })).toMatchObject({
      reason: 'not_allowed_for_role',
    });
    for (const from of ['accepted', 'waived', 'voided'] as const)
      expect(decideFineTransition({ transition: 'void', from, role: 'admin' })).toMatchObject({ ok: false, reason: 'wrong_status' });
  });
});
