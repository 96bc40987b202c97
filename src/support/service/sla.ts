import { recordAudit } from '../../audit/index.js';
import { systemActor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction, sql } from '../../platform/database.js';
import { SupportTicket } from '../models.js';
import { slaStepsDue } from '../rules.js';
import { auditFacts, nextStatus } from './common.js';
import { recordTicketEvent, TICKET_ESCALATED_EVENT } from './events.js';

/**
 * The first-response SLA (RULES.md "Support"): at 80 % of the target an unanswered ticket is
 * flagged and the alert audited (notifications come with issue 13: the flag and the audit row are
 * the alert until then); at the target it is marked breached and escalated by the system. Each
 * ticket is handled in its own transaction under its row lock (SKIP LOCKED: another worker has
 * it), and the flags make every step happen once, however often the job runs.
 */
const BATCH = 200;

export interface SlaRun {
  alerted: number;
  breached: number;
  escalated: number;
}

const CANDIDATES = `
  SELECT id, website_id AS "websiteId" FROM tickets
   WHERE first_responded_at IS NULL AND NOT sla_breached
     AND status IN ('open','assigned','in_progress','waiting_on_customer','escalated')
     AND sla_alert_at <= $1::timestamptz AND id > $2
   ORDER BY id LIMIT ${BATCH}`;

async function applyTo(ticketId: number, websiteId: number, now: Date, run: SlaRun): Promise<void> {
  await inTransaction(async () => {
    const locked = await sql<{ id: number }>(`SELECT id FROM tickets WHERE id = $1 FOR UPDATE SKIP LOCKED`, [ticketId]);
    if (!locked.length) return;
    const ticket = (await SupportTicket.findByPk(ticketId))!;
    const due = slaStepsDue(ticket, now);
    if (!due.alert && !due.breach) return;
    const system = systemActor(websiteId);
    const before = { ...auditFacts(ticket), slaAlerted: ticket.slaAlerted, slaBreached: ticket.slaBreached };
    const target = ticket.firstResponseDueAt.toISOString();
    if (due.alert) {
      await ticket.update({ slaAlerted: true, slaAlertedAt: now });
      run.alerted++;
      await recordAudit(system, {
        action: 'support_ticket.sla_alert',
        targetType: 'support_ticket',
        targetId: ticket.id,
        websiteId,
        before: { slaAlerted: false },
        after: { slaAlerted: true, priority: ticket.priority, assigneeId: ticket.assigneeId, firstResponseDueAt: target },
        reason: 'No first response at 80 % of the target',
      });
    }
    if (!due.breach) return;
    const escalate = ticket.status !== 'escalated';
    const to = escalate ? nextStatus(system, ticket, 'escalate') : ticket.status;
    await ticket.update({
      slaBreached: true,
      slaBreachedAt: now,
      status: to,
      ...(escalate ? { escalatedAt: now, escalatedBy: null, escalationReason: 'First-response target breached' } : {}),
    });
    run.breached++;
    if (escalate) run.escalated++;
    await recordAudit(system, {
      action: 'support_ticket.sla_breach',
      targetType: 'support_ticket',
      targetId: ticket.id,
      websiteId,
      before,
      after: { ...auditFacts(ticket), slaAlerted: ticket.slaAlerted, slaBreached: true, firstResponseDueAt: target },
      reason: escalate ? 'First-response target breached: escalated' : 'First-response target breached (already escalated)',
    });
    if (escalate) await recordTicketEvent(TICKET_ESCALATED_EVENT, system, ticket);
  });
}

/** The support.sla job's work: every unanswered active ticket past its alert or its target. */
export async function applyTicketSla(now = clock.now()): Promise<SlaRun> {
  const run: SlaRun = { alerted: 0, breached: 0, escalated: 0 };
  let after = 0;
  for (;;) {
    const due = await sql<{ id: number; websiteId: number }>(CANDIDATES, [now, after]);
    for (const { id, websiteId } of due) await applyTo(Number(id), Number(websiteId), now, run);
    if (due.length < BATCH) return run;
    after = Number(due[due.length - 1]!.id);
  }
}
