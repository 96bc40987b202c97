import { Op, type WhereOptions } from 'sequelize';
import { Order } from '../../../orders/index.js';
import type { Actor } from '../../../platform/actor.js';
import { Forbidden } from '../../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../../platform/http/pagination.js';
import { Fine } from '../models.js';
import type { FineStatus } from '../rules.js';
import type { MyFinesQuery } from '../schemas.js';

/** A fine as its writer sees it: what, how much, where it stands — no staff ids or internal notes. */
export interface WriterFineView {
  id: number;
  orderId: number;
  orderNumber: string | null;
  type: string;
  status: FineStatus;
  amountCents: number;
  refundedCents: number;
  currency: string;
  lateMinutes: number | null;
  reason: string;
  appealReason: string | null;
  appealedAt: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  issuedAt: string;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const serializeWriterFine = (f: Fine & { order?: Order | null }): WriterFineView => ({
  id: f.id,
  orderId: f.orderId,
  orderNumber: f.order?.number ?? null,
  type: f.typeCode,
  status: f.status,
  amountCents: f.amountCents,
  refundedCents: f.refundedCents,
  currency: f.currency,
  lateMinutes: f.lateMinutes,
  reason: f.reason,
  appealReason: f.appealReason,
  appealedAt: iso(f.appealedAt),
  decisionNote: f.decisionNote,
  decidedAt: iso(f.decidedAt),
  issuedAt: f.createdAt.toISOString(),
});

/** One fine as its writer sees it, its order named by number (the answer to an appeal, as the list shows it). */
export async function writerFineView(fine: Fine): Promise<WriterFineView> {
  const order = await Order.findByPk(fine.orderId, { attributes: ['id', 'number'] });
  return serializeWriterFine(Object.assign(fine, { order }));
}

/** The signed-in writer's fines, newest first, filtered by status, type or order. */
export async function listMyFines(actor: Actor, query: MyFinesQuery): Promise<Page<WriterFineView>> {
  if (actor.role !== 'writer' || actor.userId === null || actor.websiteId === null) throw Forbidden('Only writers have fines');
  const cursor = decodeCursor(query.cursor);
  const where: WhereOptions<Fine> = {
    writerId: actor.userId,
    websiteId: actor.websiteId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { typeCode: query.type } : {}),
    ...(query.orderId ? { orderId: query.orderId } : {}),
    ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}),
  };
  const rows = await Fine.findAll({
    where,
    include: [{ model: Order, as: 'order', attributes: ['id', 'number'] }],
    order: [['id', 'DESC']],
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit, (f) => ({ value: null, id: f.id }), serializeWriterFine);
}
