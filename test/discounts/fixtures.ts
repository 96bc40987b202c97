import type { Actor } from '../../src/platform/actor.js';
import { DiscountCode, DiscountUsage } from '../../src/discounts/models.js';
import { createDiscountCode } from '../../src/discounts/service/codes.js';

let serial = 0;

/** A code on the admin's website with these terms (20 % by default: it beats the 15 % first-order discount). */
export async function newCode(admin: Actor, terms: Record<string, unknown> = {}): Promise<DiscountCode> {
  return createDiscountCode(admin, admin.websiteId!, {
    code: `T${++serial}${Date.now().toString(36)}`.toUpperCase(),
    kind: 'percentage',
    percentBp: 2_000,
    ...terms,
  });
}

export const codeRow = async (id: number) => (await DiscountCode.findByPk(id))!;
export const usagesOf = (codeId: number) => DiscountUsage.findAll({ where: { codeId }, order: [['id', 'ASC']] });
