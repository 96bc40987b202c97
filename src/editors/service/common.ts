import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { currentTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { EditorTask } from '../models.js';
import { canSeeTask, taskRoleOf } from '../policy.js';
import { decideTaskTransition, type EditorTaskAction } from '../rules.js';

/**
 * The task under its row lock, for an actor who may act on it: editors of its website (the
 * transitions table then refuses what its status forbids: a task another editor holds is a 409),
 * staff of its website, the system. Anyone else: not found.
 */
export async function lockTaskFor(actor: Actor, taskId: number): Promise<EditorTask> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('lockTaskFor must run inside a transaction');
  const task = await EditorTask.findByPk(taskId, { lock: transaction.LOCK.UPDATE });
  const sameWebsiteEditor = actor.role === 'editor' && task !== null && actor.websiteId === task.websiteId;
  if (!task || !(sameWebsiteEditor || canSeeTask(actor, task))) throw NotFound('Editing task');
  return task;
}

/** Checks a move against the transitions table: 403 for a role that never may, 409 with the status otherwise. */
export function decideMove(actor: Actor, task: EditorTask, action: EditorTaskAction) {
  const role = taskRoleOf(actor);
  if (!role) throw Forbidden('Your role may not change editing tasks');
  const decision = decideTaskTransition(action, task.status, role);
  if (!decision.ok) {
    if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
    const held = action === 'claim' && task.status === 'claimed' ? ' (another editor holds it)' : '';
    throw Conflict(`${decision.message}${held}`, { currentStatus: task.status });
  }
  return decision.to;
}

/** The editor acting must hold the task (else it is reported as not found: it is another editor's). */
export function assertHolder(actor: Actor, task: EditorTask): void {
  if (task.status === 'claimed' && task.editorId !== actor.userId) throw NotFound('Editing task');
  if (task.status !== 'claimed' && task.status !== 'available' && task.editorId !== actor.userId) throw NotFound('Editing task');
}

const TRACKED = ['status', 'editorId', 'claimedAt', 'claimExpiresAt', 'decidedAt', 'notes', 'editedFileId', 'expiredClaims'] as const;

export function snapshot(task: EditorTask): Record<string, unknown> {
  const plain = task.get({ plain: true }) as Record<string, unknown>;
  return Object.fromEntries(TRACKED.map((k) => [k, plain[k] instanceof Date ? (plain[k] as Date).toISOString() : plain[k]]));
}

export async function auditTask(
  actor: Actor,
  task: EditorTask,
  action: string,
  before: Record<string, unknown> | undefined,
  reason?: string | null,
): Promise<void> {
  await recordAudit(actor, {
    action: `editor_task.${action}`,
    targetType: 'editor_task',
    targetId: task.id,
    websiteId: task.websiteId,
    before,
    after: { ...snapshot(task), orderId: task.orderId },
    reason: reason ?? undefined,
  });
}
