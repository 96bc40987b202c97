import { Router } from 'express';
import { actorOf, assertRole, authenticateWithRead, requireAuth, requireRole } from '../identity/index.js';
import { sendJson } from '../platform/http/send-json.js';
import { invalidInput, parseInput } from '../platform/http/validate.js';
import { availableTasksRead, type AvailableTaskRow } from './read-models/available-tasks.js';
import { approveTaskBody, availableTasksQuery, myTasksQuery, releaseTaskBody, returnTaskBody, taskIdParams } from './schemas.js';
import { availableTasksPage, editorTaskDetail, listMyTasks } from './service/queries.js';
import { approveTask, claimTask, releaseTask, returnTask } from './service/tasks.js';

/** /api/v1/editor/tasks: the signed-in editor's queue and work. */
export function editorTasksRouter(): Router {
  const router = Router();
  // The queue: one statement checks the session and reads the page (read-models/available-tasks.ts).
  router.get('/available', async (req, res) => {
    const parsed = availableTasksQuery.safeParse(req.query);
    if (!parsed.success) {
      await requireAuth(req, res, () => undefined);
      assertRole(req, 'editor');
      throw invalidInput(parsed.error, 'query');
    }
    const rows = await authenticateWithRead<AvailableTaskRow>(req, availableTasksRead(parsed.data));
    assertRole(req, 'editor');
    sendJson(res, availableTasksPage(actorOf(req), rows, parsed.data));
  });
  router.use(requireAuth, requireRole('editor'));
  router.get('/', async (req, res) => {
    res.json(await listMyTasks(actorOf(req), parseInput(myTasksQuery, req.query, 'query')));
  });
  router.get('/:id', async (req, res) => {
    const { id } = parseInput(taskIdParams, req.params, 'path');
    res.json(await editorTaskDetail(actorOf(req), id));
  });
  router.post('/:id/claim', async (req, res) => {
    const { id } = parseInput(taskIdParams, req.params, 'path');
    const actor = actorOf(req);
    await claimTask(actor, id);
    res.json(await editorTaskDetail(actor, id));
  });
  router.post('/:id/release', async (req, res) => {
    const { id } = parseInput(taskIdParams, req.params, 'path');
    parseInput(releaseTaskBody, req.body ?? {});
    const actor = actorOf(req);
    await releaseTask(actor, id);
    res.json(await editorTaskDetail(actor, id));
  });
  router.post('/:id/return', async (req, res) => {
    const { id } = parseInput(taskIdParams, req.params, 'path');
    const { notes } = parseInput(returnTaskBody, req.body ?? {});
    const actor = actorOf(req);
    await returnTask(actor, id, notes);
    res.json(await editorTaskDetail(actor, id));
  });
  router.post('/:id/approve', async (req, res) => {
    const { id } = parseInput(taskIdParams, req.params, 'path');
    const body = parseInput(approveTaskBody, req.body ?? {});
    const actor = actorOf(req);
    await approveTask(actor, id, body);
    res.json(await editorTaskDetail(actor, id));
  });
  return router;
}
