import { Op } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { ACTIVE_FOR_WRITER, checkWriterEligibility, type Eligibility, type EligibilityInput } from '../eligibility.js';
import { ClientWriterPreference, Order } from '../models.js';
import { canActAsWriter } from '../policy.js';
import { WriterSubject } from '../qualifications/index.js';
import type { PayTerms } from '../writer-pay.js';
import { levelStandingOf, type WriterRestriction } from '../writer-standing.js';

/** What eligibility needs to know about a writer, read once per use case. */
export interface WriterStanding {
  writer: User;
  activeOrders: number;
  capacity: number;
  previewMinutes: number;
  /** The writer's pay terms today (their level's rate card): what an order in the pool would pay if taken now. */
  payTerms: PayTerms;
  /** A probation or suspension in force (the writers area's). */
  restriction: WriterRestriction | null;
  /** The subjects the writer may work on; null when the website does not gate subjects. */
  subjects: ReadonlySet<string> | null;
}

/** Whether a writer may work on an order's subject (an order without a subject yet is not gated). */
export const qualifiedFor = (subjects: ReadonlySet<string> | null, subject: string | null): boolean =>
  subjects === null || subject === null || subjects.has(subject);

export async function writerStanding(writerId: number, websiteId: number): Promise<WriterStanding> {
  const writer = await User.findOne({ where: { id: writerId, websiteId, role: 'writer' } });
  if (!writer) throw NotFound('Writer');
  const website = (await Website.findByPk(websiteId))!;
  const settings = settingsOf(website);
  const activeOrders = await Order.count({ where: { writerId, status: { [Op.in]: [...ACTIVE_FOR_WRITER] } } });
  const subjects = settings.subjectGating
    ? new Set((await WriterSubject.findAll({ where: { writerId }, attributes: ['subjectCode'] })).map((s) => s.subjectCode))
    : null;
  const level = await levelStandingOf(writerId, websiteId);
  return {
    writer,
    activeOrders,
    // A personal override wins over the level's maximum (RULES.md "Orders").
    capacity: writer.maxActiveOrders ?? level.maxActiveOrders,
    previewMinutes: settings.writerPreviewMinutes,
    payTerms: level.payTerms,
    restriction: level.restriction,
    subjects,
  };
}

export async function isBlockedByClient(clientId: number | null, writerId: number): Promise<boolean> {
  if (clientId === null) return false;
  return (await ClientWriterPreference.count({ where: { clientId, writerId, kind: 'blocked' } })) > 0;
}

export async function eligibilityFor(
  order: Order,
  standing: WriterStanding,
  mode: EligibilityInput['mode'],
  now: Date,
): Promise<Eligibility> {
  return checkWriterEligibility({
    writerId: standing.writer.id,
    writerStatus: standing.writer.status,
    restriction: standing.restriction?.kind ?? null,
    activeOrders: standing.activeOrders,
    capacity: standing.capacity,
    blockedByClient: await isBlockedByClient(order.clientId, standing.writer.id),
    qualifiedForSubject: qualifiedFor(standing.subjects, order.subject),
    visibility: order.visibility,
    preferredWriterId: order.preferredWriterId,
    publishedAt: order.publishedAt,
    previewMinutes: standing.previewMinutes,
    now,
    mode,
  });
}

export function assertWriter(actor: Actor): number {
  if (!canActAsWriter(actor)) throw Forbidden('Only writers may do this');
  return actor.userId!;
}
