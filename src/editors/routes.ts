import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../identity/index.js';
import { parseInput } from '../platform/http/validate.js';
import { approveTaskBody, availableTasksQuery, myTasksQuery, returnTaskBody, taskIdParams } from './schemas.js';
import { editorTaskDetail, listAvailableTasks, listMyTasks } from './service/queries.js';
import { approveTask, claimTask, returnTask } from './service/tasks.js';

/** /api/v1/editor/tasks: the signed-in editor's queue and work. */
export function editorTasksRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('editor'));
  router.get('/available', async (req, res) => {
    res.json(await listAvailableTasks(actorOf(req), parseInput(availableTasksQuery, req.query, 'query')));
  });
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
