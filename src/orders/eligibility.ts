import type { UserStatus } from '../identity/index.js';
import type { OrderVisibility } from './models.js';

/**
 * Pure rules for who may take or be given an order (RULES.md "Orders"): the writer's standing,
 * capacity, the client's block list, subject gating, the order's visibility and the preview period.
 */
export type IneligibleReason =
  | 'writer_not_active'
  | 'writer_on_probation'
  | 'writer_suspended'
  | 'at_capacity'
  | 'blocked_by_client'
  | 'not_visible'
  | 'in_preview'
  | 'already_requested'
  | 'not_qualified';

export interface EligibilityInput {
  writerId: number;
  writerStatus: UserStatus;
  /** A probation or suspension the writers area holds in force (no new takes, requests or assignments). */
  restriction: 'probation' | 'suspension' | null;
  activeOrders: number;
  capacity: number;
  blockedByClient: boolean;
  /** Whether the writer is qualified for the order's subject (true when the website does not gate subjects). */
  qualifiedForSubject: boolean;
  visibility: OrderVisibility;
  preferredWriterId: number | null;
  publishedAt: Date | null;
  previewMinutes: number;
  now: Date;
  /** 'take' is immediate and waits for the preview; 'assign' is staff's and skips visibility and preview; 'request' is allowed during the preview. */
  mode: 'take' | 'request' | 'assign';
}

export type Eligibility = { ok: true } | { ok: false; reason: IneligibleReason; message: string };

/** The statuses in which an order counts toward a writer's capacity. */
export const ACTIVE_FOR_WRITER = ['pending_writer_acceptance', 'in_progress', 'under_editing', 'revision_requested'] as const;

export function previewEndsAt(publishedAt: Date | null, previewMinutes: number): Date | null {
  return publishedAt ? new Date(publishedAt.getTime() + previewMinutes * 60_000) : null;
}

/** Whether the order shows in this writer's pool at all (before any capacity check). */
export function visibleInPool(input: Pick<EligibilityInput, 'visibility' | 'preferredWriterId' | 'writerId' | 'blockedByClient'>): boolean {
  if (input.blockedByClient) return false;
  if (input.visibility === 'hidden') return false;
  if (input.visibility === 'preferred_writer_only') return input.preferredWriterId === input.writerId;
  return true;
}

export function checkWriterEligibility(input: EligibilityInput): Eligibility {
  if (input.restriction === 'suspension') return { ok: false, reason: 'writer_suspended', message: 'The writer is suspended' };
  if (input.restriction === 'probation')
    return { ok: false, reason: 'writer_on_probation', message: 'Writers on probation may not take, request or be given new orders' };
  if (input.writerStatus === 'probation' && input.mode !== 'request') {
    return { ok: false, reason: 'writer_on_probation', message: 'Writers on probation may not take new orders' };
  }
  if (input.writerStatus !== 'active' && input.writerStatus !== 'probation') {
    return { ok: false, reason: 'writer_not_active', message: 'The writer account is not active' };
  }
  if (input.blockedByClient) return { ok: false, reason: 'blocked_by_client', message: 'The client has blocked this writer' };
  if (!input.qualifiedForSubject) return { ok: false, reason: 'not_qualified', message: 'The writer is not qualified for this subject' };
  if (input.mode !== 'assign' && !visibleInPool(input))
    return { ok: false, reason: 'not_visible', message: 'This order is not open to this writer' };
  if (input.mode !== 'request' && input.activeOrders >= input.capacity) {
    return {
      ok: false,
      reason: 'at_capacity',
      message: `The writer already has ${input.activeOrders} active orders (limit ${input.capacity})`,
    };
  }
  if (input.mode === 'take') {
    const ends = previewEndsAt(input.publishedAt, input.previewMinutes);
    if (ends && input.now.getTime() < ends.getTime()) {
      return { ok: false, reason: 'in_preview', message: `This order can be taken from ${ends.toISOString()}; you may request it now` };
    }
  }
  return { ok: true };
}
