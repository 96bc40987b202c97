import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { getActivePriceList } from '../../pricing/index.js';
import { assertCanSteerOrders, canSeeWriter, canSeeWriterSubjects } from '../policy.js';
import { WriterSubject } from './models.js';

/**
 * Subject gating: staff say which subjects a writer may work on; the eligibility rules refuse the
 * rest (when the website's `subjectGating` setting is on, the default).
 */

export interface SubjectQualification {
  code: string;
  name: string;
  qualified: boolean;
}

async function writerOf(actor: Actor, writerId: number): Promise<User> {
  const writer = await User.findOne({ where: { id: writerId, role: 'writer' } });
  if (!writer || !canSeeWriter(actor, writer)) throw NotFound('Writer');
  return writer;
}

/** The website's offered subjects, each marked qualified or not for the writer (staff, or the writer themself). */
export async function writerQualifications(actor: Actor, writerId: number): Promise<SubjectQualification[]> {
  if (!canSeeWriterSubjects(actor, writerId)) throw Forbidden("Only staff see a writer's subjects");
  const writer = await writerOf(actor, writerId);
  const { list } = await getActivePriceList(writer.websiteId!);
  const held = new Set((await WriterSubject.findAll({ where: { writerId }, attributes: ['subjectCode'] })).map((s) => s.subjectCode));
  return list.subjects.filter((s) => s.active !== false).map((s) => ({ code: s.code, name: s.name, qualified: held.has(s.code) }));
}

/** Replaces the writer's subjects (admins); codes must be subjects the website offers. Audited. */
export async function setWriterSubjects(actor: Actor, writerId: number, codes: readonly string[]): Promise<string[]> {
  assertCanSteerOrders(actor, "Only admins change a writer's subjects");
  const wanted = [...new Set(codes.map((c) => c.trim()).filter(Boolean))].sort();
  return inTransaction(async () => {
    const writer = await writerOf(actor, writerId);
    const { list } = await getActivePriceList(writer.websiteId!);
    const offered = new Set(list.subjects.filter((s) => s.active !== false).map((s) => s.code));
    const unknown = wanted.filter((c) => !offered.has(c));
    if (unknown.length) throw ValidationFailed({ subjects: `not offered on this website: ${unknown.join(', ')}` });
    const before = (await WriterSubject.findAll({ where: { writerId }, attributes: ['subjectCode'] })).map((s) => s.subjectCode).sort();
    await WriterSubject.destroy({ where: { writerId } });
    await WriterSubject.bulkCreate(
      wanted.map((subjectCode) => ({ writerId, websiteId: writer.websiteId!, subjectCode, grantedBy: actor.userId })),
    );
    await recordAudit(actor, {
      action: 'writer.subjects',
      targetType: 'user',
      targetId: writerId,
      websiteId: writer.websiteId!,
      before: { subjects: before },
      after: { subjects: wanted },
    });
    return wanted;
  });
}

/** Qualifies a new writer for every subject the website offers (demo data, migrations of old writers). */
export async function qualifyForAllSubjects(writerId: number, websiteId: number): Promise<void> {
  const { list } = await getActivePriceList(websiteId);
  const codes = list.subjects.filter((s) => s.active !== false).map((s) => s.code);
  await WriterSubject.bulkCreate(
    codes.map((subjectCode) => ({ writerId, websiteId, subjectCode })),
    { ignoreDuplicates: true },
  );
}
