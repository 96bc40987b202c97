import { Op, type WhereOptions } from 'sequelize';
import { User } from '../../identity/index.js';
import { OrderFile } from '../../orders/files/index.js';
import { Order, screenForCounterparty } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { sql } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { EditorTask } from '../models.js';
import { pageOfAvailableTasks, type AvailableTaskRow, type AvailableTaskView } from '../read-models/available-tasks.js';
import { assertEditor, canManageTasks, canSeeTask } from '../policy.js';
import type { EditorTaskStatus } from '../rules.js';
import type { AvailableTasksQuery, MyTasksQuery } from '../schemas.js';

/** What editors read of their tasks: the order's work, never the client's identity beyond a registration ID. */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
type TaskWithOrder = EditorTask & { order?: Order | null };

export interface EditorTaskSummaryView {
  id: number;
  status: EditorTaskStatus;
  round: number;
  orderId: number;
  orderNumber: string;
  topic: string | null;
  paperType: string | null;
  academicLevel: string | null;
  pages: number | null;
  deadline: string | null;
  claimedAt: string | null;
  claimExpiresAt: string | null;
  decidedAt: string | null;
  createdAt: string;
}

const ORDER_SUMMARY = ['id', 'number', 'topic', 'paperType', 'academicLevel', 'pages', 'deadline'] as const;

export const serializeTaskSummary = (t: TaskWithOrder): EditorTaskSummaryView => ({
  id: t.id,
  status: t.status,
  round: t.round,
  orderId: t.orderId,
  orderNumber: t.order?.number ?? '',
  topic: screenForCounterparty(t.order?.topic ?? null),
  paperType: t.order?.paperType ?? null,
  academicLevel: t.order?.academicLevel ?? null,
  pages: t.order?.pages ?? null,
  deadline: iso(t.order?.deadline),
  claimedAt: iso(t.claimedAt),
  claimExpiresAt: iso(t.claimExpiresAt),
  decidedAt: iso(t.decidedAt),
  createdAt: t.createdAt.toISOString(),
});

const withOrder = { model: Order, as: 'order', attributes: [...ORDER_SUMMARY] };

/**
 * The queue's page from the read model's rows (read in the session check's statement, which
 * already limits it to an editor of the website): refused to anyone but an editor.
 */
export function availableTasksPage(actor: Actor, rows: AvailableTaskRow[], query: AvailableTasksQuery): Page<AvailableTaskView> {
  assertEditor(actor);
  return pageOfAvailableTasks(rows, query);
}

/** The tasks the editor holds or held, newest first. */
export async function listMyTasks(actor: Actor, query: MyTasksQuery): Promise<Page<EditorTaskSummaryView>> {
  const editorId = assertEditor(actor);
  const cursor = decodeCursor(query.cursor);
  const where: WhereOptions<EditorTask> = {
    editorId,
    websiteId: actor.websiteId!,
    ...(query.status ? { status: query.status } : {}),
    ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}),
  };
  const rows = await EditorTask.findAll({ where, include: [withOrder], order: [['id', 'DESC']], limit: query.limit + 1 });
  return toPage(rows as TaskWithOrder[], query.limit, (t) => ({ value: null, id: t.id }), serializeTaskSummary);
}

/** One task as an editor reads it: the order's brief and files (once they hold it), the writer's pen name, earlier rounds. */
export async function editorTaskDetail(actor: Actor, taskId: number) {
  const editorId = assertEditor(actor);
  const task = await EditorTask.findByPk(taskId);
  if (!task || !canSeeTask(actor, task)) throw NotFound('Editing task');
  const order = (await Order.findByPk(task.orderId))!;
  const [client, writer, rounds] = await Promise.all([
    order.clientId !== null ? User.findByPk(order.clientId, { attributes: ['registrationId'] }) : null,
    task.writerId !== null ? User.findByPk(task.writerId, { attributes: ['penName'] }) : null,
    EditorTask.findAll({
      where: { orderId: task.orderId },
      order: [['round', 'ASC']],
      attributes: ['round', 'status', 'notes', 'decidedAt'],
    }),
  ]);
  const holds = task.status === 'claimed' && task.editorId === editorId;
  const files = holds
    ? await OrderFile.findAll({
        where: { orderId: order.id, deletedAt: null, category: { [Op.ne]: 'admin' } },
        order: [
          ['createdAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: 200,
      })
    : [];
  return {
    ...serializeTaskSummary(Object.assign(task, { order }) as TaskWithOrder),
    notes: task.notes,
    order: {
      number: order.number,
      status: order.status,
      topic: screenForCounterparty(order.topic),
      instructions: screenForCounterparty(order.instructions),
      paperType: order.paperType,
      workType: order.workType,
      academicLevel: order.academicLevel,
      subject: order.subject,
      pages: order.pages,
      spacing: order.spacing,
      sourcesCount: order.sourcesCount,
      citationStyle: screenForCounterparty(order.citationStyle),
      deadline: iso(order.deadline),
      client: client ? { registrationId: client.registrationId } : null,
      writer: writer ? { penName: writer.penName } : null,
    },
    files: files.map((f) => ({
      id: f.id,
      category: f.category,
      name: f.uploaderRole === 'client' ? screenForCounterparty(f.originalName) : f.originalName,
      type: f.fileType,
      sizeBytes: f.sizeBytes,
      uploaderRole: f.uploaderRole,
      uploadedAt: f.createdAt.toISOString(),
    })),
    rounds: rounds.map((r) => ({ round: r.round, status: r.status, notes: r.notes, decidedAt: iso(r.decidedAt) })),
  };
}

export interface EditorChoice {
  id: number;
  registrationId: string;
  displayName: string;
  heldNow: number;
}

/** For staff reassigning a task: the active editors of its website, with the tasks each holds now. */
export async function editorChoices(actor: Actor, taskId: number): Promise<EditorChoice[]> {
  const task = await EditorTask.findByPk(taskId);
  if (!task || !canManageTasks(actor, task.websiteId)) throw NotFound('Editing task');
  const editors = await User.findAll({
    where: { websiteId: task.websiteId, role: 'editor', status: 'active' },
    attributes: ['id', 'registrationId', 'displayName'],
    order: [['id', 'ASC']],
    limit: 500,
  });
  const held = await sql<{ editorId: number; n: number }>(
    `SELECT editor_id AS "editorId", count(*)::int AS n FROM editor_tasks
      WHERE website_id = $1 AND status = 'claimed' AND editor_id = ANY($2::bigint[]) GROUP BY editor_id`,
    [task.websiteId, editors.map((e) => e.id)],
  );
  const counts = new Map(held.map((r) => [r.editorId, r.n]));
  return editors.map((e) => ({ id: e.id, registrationId: e.registrationId, displayName: e.displayName, heldNow: counts.get(e.id) ?? 0 }));
}
