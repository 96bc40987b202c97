import { User } from '../../identity/index.js';
import { OrderFile } from '../../orders/files/index.js';
import { deliverEditedOrder, returnOrderToWriter, type SentToEditingEvent } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { NotFound, ValidationFailed } from '../../platform/errors.js';
import { EditorTask } from '../models.js';
import { assertEditor, canManageTasks } from '../policy.js';
import { claimExpiresAt } from '../rules.js';
import { editingRuleOf } from './requirements.js';
import { assertHolder, auditTask, decideMove, lockTaskFor, snapshot } from './common.js';

/**
 * The editor task's life: opened when a writer hands work in to editing (the orders hook, in the
 * delivery's transaction), claimed by one editor (the row lock decides between concurrent claims:
 * the second sees it claimed, 409), returned to the writer with notes or approved (the order moves
 * in the same transaction), released or reassigned by staff. Each step is audited.
 */

async function activeEditor(userId: number | null, websiteId: number): Promise<User | null> {
  if (userId === null) return null;
  const user = await User.findByPk(userId, { attributes: ['id', 'role', 'websiteId', 'status'] });
  return user && user.role === 'editor' && user.websiteId === websiteId && user.status === 'active' ? user : null;
}

/**
 * orders' sentToEditing hook: a task for this hand-in. A redelivery after a return goes straight
 * back to the editor who returned it (claimed anew, with a fresh claim window), if still an
 * active editor of the website; otherwise it waits in the queue.
 */
export async function openEditingTask({ actor, order }: SentToEditingEvent): Promise<void> {
  const previous = await EditorTask.findOne({ where: { orderId: order.id }, order: [['id', 'DESC']] });
  const editor = previous?.status === 'returned' ? await activeEditor(previous.editorId, order.websiteId) : null;
  const now = clock.now();
  const rule = editor ? await editingRuleOf(order.websiteId) : null;
  const task = await EditorTask.create({
    websiteId: order.websiteId,
    orderId: order.id,
    writerId: order.writerId,
    round: (previous?.round ?? 0) + 1,
    ...(editor && rule
      ? { status: 'claimed' as const, editorId: editor.id, claimedAt: now, claimExpiresAt: claimExpiresAt(now, rule.claimHours) }
      : { status: 'available' as const }),
  });
  await auditTask(actor, task, 'open', undefined);
}

/** An editor claims an available task of their website: exactly one of concurrent claims wins. */
export async function claimTask(actor: Actor, taskId: number): Promise<EditorTask> {
  const editorId = assertEditor(actor);
  return inTransaction(async () => {
    const task = await lockTaskFor(actor, taskId);
    const to = decideMove(actor, task, 'claim');
    const before = snapshot(task);
    const now = clock.now();
    const rule = await editingRuleOf(task.websiteId);
    await task.update({ status: to, editorId, claimedAt: now, claimExpiresAt: claimExpiresAt(now, rule.claimHours) });
    await auditTask(actor, task, 'claim', before);
    return task;
  });
}

/** The holding editor sends the work back to the writer with notes: the order goes back in progress (a revision round). */
export async function returnTask(actor: Actor, taskId: number, notes: string): Promise<EditorTask> {
  assertEditor(actor);
  const text = notes.trim();
  if (!text) throw ValidationFailed({ notes: 'is required' }, 'Notes for the writer are required');
  return inTransaction(async () => {
    const task = await lockTaskFor(actor, taskId);
    assertHolder(actor, task);
    const to = decideMove(actor, task, 'return');
    const before = snapshot(task);
    await returnOrderToWriter(actor, task.orderId, text, { taskId: task.id, round: task.round });
    await task.update({ status: to, decidedAt: clock.now(), notes: text, claimExpiresAt: null });
    await auditTask(actor, task, 'return', before, text);
    return task;
  });
}

/**
 * The holding editor passes the work, optionally naming the edited final file they uploaded to
 * the order (orders/files): the order is delivered to the client.
 */
export async function approveTask(
  actor: Actor,
  taskId: number,
  input: { note?: string | null; fileId?: number | null },
): Promise<EditorTask> {
  const editorId = assertEditor(actor);
  return inTransaction(async () => {
    const task = await lockTaskFor(actor, taskId);
    assertHolder(actor, task);
    const to = decideMove(actor, task, 'approve');
    let editedFileId: number | null = null;
    if (input.fileId !== undefined && input.fileId !== null) {
      const file = await OrderFile.findOne({
        where: { id: input.fileId, orderId: task.orderId, category: 'final', uploadedBy: editorId, deletedAt: null },
      });
      if (!file) throw ValidationFailed({ fileId: 'must be a final file you uploaded to this order' }, 'The edited file was not found');
      editedFileId = file.id;
    }
    const before = snapshot(task);
    const note = input.note?.trim() || null;
    await deliverEditedOrder(actor, task.orderId, note, { taskId: task.id, round: task.round, editedFileId });
    await task.update({ status: to, decidedAt: clock.now(), editedFileId, claimExpiresAt: null });
    await auditTask(actor, task, 'approve', before, note);
    return task;
  });
}

/** The holding editor gives a task back to the queue, or staff take it off its editor. */
export async function releaseTask(actor: Actor, taskId: number, reason?: string | null): Promise<EditorTask> {
  return inTransaction(async () => {
    const task = await lockTaskFor(actor, taskId);
    if (actor.role === 'editor') assertHolder(actor, task);
    else if (!canManageTasks(actor, task.websiteId)) throw NotFound('Editing task');
    const to = decideMove(actor, task, 'release');
    const before = snapshot(task);
    await task.update({ status: to, editorId: null, claimedAt: null, claimExpiresAt: null });
    await auditTask(actor, task, 'release', before, reason);
    return task;
  });
}

/** Staff give an open task to an editor of its website (a fresh claim window), with a reason. */
export async function reassignTask(actor: Actor, taskId: number, input: { editorId: number; reason: string }): Promise<EditorTask> {
  const reason = input.reason?.trim();
  if (!reason) throw ValidationFailed({ reason: 'is required' }, 'A reason is required');
  return inTransaction(async () => {
    const task = await lockTaskFor(actor, taskId);
    if (!canManageTasks(actor, task.websiteId)) throw NotFound('Editing task');
    const to = decideMove(actor, task, 'reassign');
    const editor = await activeEditor(input.editorId, task.websiteId);
    if (!editor) throw ValidationFailed({ editorId: 'must be an active editor of the task’s website' }, 'Choose an editor of this website');
    if (task.status === 'claimed' && task.editorId === editor.id)
      throw ValidationFailed({ editorId: 'already holds this task' }, 'That editor already holds this task');
    const before = snapshot(task);
    const now = clock.now();
    const rule = await editingRuleOf(task.websiteId);
    await task.update({ status: to, editorId: editor.id, claimedAt: now, claimExpiresAt: claimExpiresAt(now, rule.claimHours) });
    await auditTask(actor, task, 'reassign', before, reason);
    return task;
  });
}

/** orders' editing provider: whether this editor holds the order's open task. */
export async function editorHoldsOrder(editorId: number, orderId: number): Promise<boolean> {
  return (await EditorTask.count({ where: { orderId, editorId, status: 'claimed' } })) > 0;
}
