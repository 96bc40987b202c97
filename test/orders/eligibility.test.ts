import { describe, expect, it } from 'vitest';
import { checkWriterEligibility, type EligibilityInput } from '../../src/orders/eligibility.js';

const now = new Date('2026-11-25T12:00:00Z');
const base: EligibilityInput = {
  writerId: 7,
  writerStatus: 'active',
  restriction: null,
  activeOrders: 0,
  capacity: 3,
  blockedByClient: false,
  qualifiedForSubject: true,
  visibility: 'pool',
  preferredWriterId: null,
  publishedAt: new Date(now.getTime() - 20 * 60_000),
  previewMinutes: 15,
  now,
  mode: 'take',
};
const reason = (patch: Partial<EligibilityInput>) => {
  const result = checkWriterEligibility({ ...base, ...patch });
  return result.ok ? 'ok' : result.reason;
};

describe('writer eligibility', () => {
  it('lets an active writer under capacity take a published pool order after the preview', () => {
    expect(reason({})).toBe('ok');
  });

  it.each([
    [{ writerStatus: 'suspended' as const }, 'writer_not_active'],
    [{ writerStatus: 'pending_approval' as const }, 'writer_not_active'],
    [{ writerStatus: 'probation' as const }, 'writer_on_probation'],
    [{ restriction: 'probation' as const }, 'writer_on_probation'],
    [{ restriction: 'probation' as const, mode: 'request' as const }, 'writer_on_probation'],
    [{ restriction: 'probation' as const, mode: 'assign' as const }, 'writer_on_probation'],
    [{ restriction: 'suspension' as const, mode: 'request' as const }, 'writer_suspended'],
    [{ restriction: 'suspension' as const, mode: 'assign' as const }, 'writer_suspended'],
    [{ activeOrders: 3 }, 'at_capacity'],
    [{ blockedByClient: true }, 'blocked_by_client'],
    [{ qualifiedForSubject: false }, 'not_qualified'],
    [{ qualifiedForSubject: false, mode: 'assign' as const }, 'not_qualified'],
    [{ visibility: 'hidden' as const }, 'not_visible'],
    [{ visibility: 'preferred_writer_only' as const, preferredWriterId: 8 }, 'not_visible'],
    [{ publishedAt: new Date(now.getTime() - 14 * 60_000) }, 'in_preview'],
  ])('refuses %j: %s', (patch, expected) => {
    expect(reason(patch)).toBe(expected);
  });

  it('allows requests during the preview and at capacity, but not on probation-free blocks', () => {
    expect(reason({ mode: 'request', publishedAt: now })).toBe('ok');
    expect(reason({ mode: 'request', activeOrders: 10 })).toBe('ok');
    expect(reason({ mode: 'request', writerStatus: 'probation' })).toBe('ok');
    expect(reason({ mode: 'request', blockedByClient: true })).toBe('blocked_by_client');
  });

  it('lets staff assign hidden orders during the preview, within capacity', () => {
    expect(reason({ mode: 'assign', visibility: 'hidden', publishedAt: now })).toBe('ok');
    expect(reason({ mode: 'assign', activeOrders: 3 })).toBe('at_capacity');
    expect(reason({ mode: 'assign', blockedByClient: true })).toBe('blocked_by_client');
  });

  it('lets the preferred writer see a preferred-only order, exactly at the end of the preview', () => {
    expect(reason({ visibility: 'preferred_writer_only', preferredWriterId: 7, publishedAt: new Date(now.getTime() - 15 * 60_000) })).toBe(
      'ok',
    );
  });
});
