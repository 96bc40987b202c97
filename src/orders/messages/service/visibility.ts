import { Op, type WhereOptions } from 'sequelize';
import type { OrderMessage } from '../models.js';
import type { MessageParty } from '../rules.js';

/** Which messages of a thread the party sees: staff all; clients and writers the visible ones and their own. */
export function visibleTo(party: MessageParty, userId: number | null): WhereOptions<OrderMessage> {
  if (party === 'staff') return {};
  return { [Op.or]: [{ status: 'visible' }, ...(userId !== null ? [{ authorId: userId }] : [])] };
}
