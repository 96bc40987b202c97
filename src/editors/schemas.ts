import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { EDITING_MODES, EDITOR_TASK_STATUSES } from './rules.js';

/** The editor API's shapes (and the editing requirement's change), registered for /api/openapi.json. */

const nameList = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[,\n]/) : v),
    z
      .array(z.string().trim().max(max))
      .max(30, 'at most 30 names')
      .transform((list) => [...new Set(list.filter(Boolean))]),
  );
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number().int('must be a whole number').min(min).max(max),
  );

/** A change of a website's editing requirement (any subset of its fields). */
export const requirementChange = z
  .object({
    mode: z.enum(EDITING_MODES),
    paperTypes: nameList(60),
    academicLevels: nameList(60),
    writerLevels: nameList(40),
    newWriterOrders: wholeNumber(0, 1000),
    claimHours: wholeNumber(1, 720),
  })
  .partial()
  .strict();
export type RequirementChange = z.output<typeof requirementChange>;

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const taskIdParams = z.object({ id }).strict();

export const availableTasksQuery = paginationQuery.strict();
export type AvailableTasksQuery = z.infer<typeof availableTasksQuery>;

export const myTasksQuery = paginationQuery.extend({ status: z.enum(EDITOR_TASK_STATUSES).optional() }).strict();
export type MyTasksQuery = z.infer<typeof myTasksQuery>;

export const returnTaskBody = z
  .object({ notes: z.string().trim().min(1, 'is required').max(5000, 'must be at most 5000 characters') })
  .strict()
  .openapi('EditorReturn', { example: { notes: 'The second section needs sources; fix the citations to APA.' } });

export const releaseTaskBody = z.object({}).strict();

export const approveTaskBody = z
  .object({
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
    fileId: id.optional().openapi({
      description: 'The edited final file, uploaded first by the editor with POST /api/v1/orders/{id}/files (category final)',
    }),
  })
  .strict()
  .openapi('EditorApproval');

const dateTime = z.string().openapi({ format: 'date-time' });

export const editorTaskSummary = z
  .object({
    id: z.number().int(),
    status: z.enum(EDITOR_TASK_STATUSES),
    round: z.number().int().openapi({ description: 'The hand-in this task is for: 1, then one more after each return' }),
    orderId: z.number().int(),
    orderNumber: z.string(),
    topic: z.string().nullable(),
    paperType: z.string().nullable(),
    academicLevel: z.string().nullable(),
    pages: z.number().int().nullable(),
    deadline: dateTime.nullable(),
    claimedAt: dateTime.nullable(),
    claimExpiresAt: dateTime.nullable(),
    decidedAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .openapi('EditorTaskSummary');

const tasksPage = z.object({ items: z.array(editorTaskSummary), nextCursor: z.string().nullable() }).openapi('EditorTasksPage');

const editorTaskFile = z
  .object({
    id: z.number().int(),
    category: z.string(),
    name: z.string(),
    type: z.string(),
    sizeBytes: z.number().int(),
    uploaderRole: z.string(),
    uploadedAt: dateTime,
  })
  .openapi('EditorTaskFile');

export const editorTaskDetail = editorTaskSummary
  .extend({
    notes: z.string().nullable().openapi({ description: 'The notes sent to the writer when this round was returned' }),
    order: z.object({
      number: z.string(),
      status: z.string(),
      topic: z.string().nullable(),
      instructions: z.string().nullable().openapi({ description: 'Contact details masked' }),
      paperType: z.string().nullable(),
      workType: z.string(),
      academicLevel: z.string().nullable(),
      subject: z.string().nullable(),
      pages: z.number().int().nullable(),
      spacing: z.string(),
      sourcesCount: z.number().int(),
      citationStyle: z.string().nullable(),
      deadline: dateTime.nullable(),
      client: z.object({ registrationId: z.string() }).nullable(),
      writer: z.object({ penName: z.string().nullable() }).nullable(),
    }),
    files: z.array(editorTaskFile).openapi({ description: 'The order’s files; listed once the editor holds the task' }),
    rounds: z.array(
      z.object({
        round: z.number().int(),
        status: z.enum(EDITOR_TASK_STATUSES),
        notes: z.string().nullable(),
        decidedAt: dateTime.nullable(),
      }),
    ),
  })
  .openapi('EditorTaskDetail');

const tags = ['editor tasks'];
const base = '/api/v1/editor/tasks';
const errors = errorResponses(400, 401, 403, 404, 409);
registerOperation({
  method: 'get',
  path: `${base}/available`,
  operationId: 'listAvailableEditorTasks',
  tags,
  security: signedIn,
  summary: 'Editing tasks of my website waiting for an editor, oldest first (cursor-paginated)',
  request: { query: availableTasksQuery },
  responses: { 200: jsonResponse('A page of available tasks', tasksPage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'get',
  path: base,
  operationId: 'listMyEditorTasks',
  tags,
  security: signedIn,
  summary: 'The tasks I hold or held, newest first (cursor-paginated; filter by status)',
  request: { query: myTasksQuery },
  responses: { 200: jsonResponse('A page of my tasks', tasksPage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'get',
  path: `${base}/{id}`,
  operationId: 'getEditorTask',
  tags,
  security: signedIn,
  summary: 'One task: the order, its instructions and files, the writer’s pen name (no client identity beyond the registration ID)',
  request: { params: taskIdParams },
  responses: { 200: jsonResponse('The task', editorTaskDetail), ...errorResponses(401, 403, 404) },
});
registerOperation({
  method: 'post',
  path: `${base}/{id}/claim`,
  operationId: 'claimEditorTask',
  tags,
  security: signedIn,
  summary: 'I claim an available task (one editor per task; the claim lapses after the website’s claim hours)',
  request: { params: taskIdParams },
  responses: { 200: jsonResponse('The claimed task', editorTaskDetail), ...errors },
});
registerOperation({
  method: 'post',
  path: `${base}/{id}/release`,
  operationId: 'releaseEditorTask',
  tags,
  security: signedIn,
  summary: 'I give a task I hold back to the queue for any editor',
  request: { params: taskIdParams },
  responses: { 200: jsonResponse('The released task', editorTaskDetail), ...errors },
});
registerOperation({
  method: 'post',
  path: `${base}/{id}/return`,
  operationId: 'returnEditorTask',
  tags,
  security: signedIn,
  summary: 'I send the work back to the writer with notes (the order goes back in progress: a revision round)',
  request: { params: taskIdParams, body: json(returnTaskBody) },
  responses: { 200: jsonResponse('The returned task', editorTaskDetail), ...errors },
});
registerOperation({
  method: 'post',
  path: `${base}/{id}/approve`,
  operationId: 'approveEditorTask',
  tags,
  security: signedIn,
  summary: 'I pass the work, optionally with my edited final file: the order is delivered to the client (submitted)',
  request: { params: taskIdParams, body: json(approveTaskBody) },
  responses: { 200: jsonResponse('The approved task', editorTaskDetail), ...errors },
});
