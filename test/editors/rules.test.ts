import { describe, expect, it } from 'vitest';
import {
  claimExpiresAt,
  decideTaskTransition,
  editingReasons,
  requiresEditing,
  taskStatusesFor,
  turnaroundMinutes,
  type EditingRule,
} from '../../src/editors/rules.js';

const rule = (patch: Partial<EditingRule>): EditingRule => ({
  mode: 'rules',
  paperTypes: [],
  academicLevels: [],
  writerLevels: [],
  newWriterOrders: 0,
  ...patch,
});
const facts = { paperType: 'essay', academicLevel: 'phd', writerLevel: 'Entry', writerDeliveredOrders: 5 };

describe('when a delivery needs an editor', () => {
  it('never and always ignore the order', () => {
    expect(requiresEditing(rule({ mode: 'never', paperTypes: ['essay'] }), facts)).toBe(false);
    expect(editingReasons(rule({ mode: 'always' }), facts)).toEqual(['every order']);
  });

  it('by rules: any matching paper type, academic level or writer level (case-insensitive)', () => {
    expect(requiresEditing(rule({}), facts)).toBe(false);
    expect(editingReasons(rule({ paperTypes: ['Essay', 'report'] }), facts)).toEqual(['paper type essay']);
    expect(editingReasons(rule({ academicLevels: ['phd'] }), facts)).toEqual(['academic level phd']);
    expect(editingReasons(rule({ writerLevels: ['entry'] }), facts)).toEqual(['writer level Entry']);
    expect(requiresEditing(rule({ paperTypes: ['report'], academicLevels: ['master'] }), facts)).toBe(false);
    expect(requiresEditing(rule({ paperTypes: ['essay'] }), { ...facts, paperType: null })).toBe(false);
  });

  it("by rules: a new writer's first N orders", () => {
    expect(requiresEditing(rule({ newWriterOrders: 5 }), facts)).toBe(false); // the sixth
    expect(requiresEditing(rule({ newWriterOrders: 6 }), facts)).toBe(true);
    expect(requiresEditing(rule({ newWriterOrders: 1 }), { ...facts, writerDeliveredOrders: 0 })).toBe(true);
    expect(requiresEditing(rule({ newWriterOrders: 0 }), { ...facts, writerDeliveredOrders: 0 })).toBe(false);
  });
});

describe('editor task transitions', () => {
  it('allows each move from its statuses for its roles only', () => {
    expect(decideTaskTransition('claim', 'available', 'editor')).toEqual({ ok: true, to: 'claimed' });
    expect(decideTaskTransition('claim', 'claimed', 'editor')).toMatchObject({ ok: false, reason: 'illegal_from_status' });
    expect(decideTaskTransition('claim', 'available', 'staff')).toMatchObject({ ok: false, reason: 'not_allowed_for_role' });
    expect(decideTaskTransition('approve', 'available', 'editor')).toMatchObject({ ok: false, reason: 'illegal_from_status' });
    expect(decideTaskTransition('approve', 'claimed', 'editor')).toEqual({ ok: true, to: 'approved' });
    expect(decideTaskTransition('return', 'claimed', 'editor')).toEqual({ ok: true, to: 'returned' });
    expect(decideTaskTransition('return', 'approved', 'editor')).toMatchObject({ ok: false });
    expect(decideTaskTransition('expire', 'claimed', 'system')).toEqual({ ok: true, to: 'available' });
    expect(decideTaskTransition('expire', 'claimed', 'editor')).toMatchObject({ ok: false, reason: 'not_allowed_for_role' });
    expect(decideTaskTransition('reassign', 'claimed', 'staff')).toEqual({ ok: true, to: 'claimed' });
    expect(decideTaskTransition('reassign', 'returned', 'staff')).toMatchObject({ ok: false });
    expect(taskStatusesFor('reassign', 'staff')).toEqual(['available', 'claimed']);
    expect(taskStatusesFor('reassign', 'editor')).toEqual([]);
  });

  it('claim windows and turnaround', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(claimExpiresAt(at, 12).toISOString()).toBe('2026-12-01T22:00:00.000Z');
    expect(turnaroundMinutes({ claimedAt: at, decidedAt: new Date('2026-12-01T11:30:00Z') })).toBe(90);
    expect(turnaroundMinutes({ claimedAt: at, decidedAt: null })).toBeNull();
  });
});
