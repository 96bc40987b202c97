import { systemActor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction, sql } from '../../platform/database.js';
import { EditorTask } from '../models.js';
import { auditTask, decideMove, snapshot } from './common.js';

export interface ClaimExpiryRun {
  /** Claims lapsed in this run: their tasks are back in the queue. */
  expired: number;
}

const BATCH = 200;

/**
 * The claim-expiry job (editors.expire-claims): a task held past its claim window goes back to the
 * queue for any editor. Each task is handled under its row lock (SKIP LOCKED: another worker or an
 * editor acting on it has it) and re-checked there, so the job is safe twice and on many workers.
 */
export async function expireEditorClaims(now: Date = clock.now()): Promise<ClaimExpiryRun> {
  let expired = 0;
  let afterId = 0;
  for (;;) {
    const due = await sql<{ id: number; websiteId: number }>(
      `SELECT id, website_id AS "websiteId" FROM editor_tasks
        WHERE status = 'claimed' AND claim_expires_at < $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
      [now, afterId],
    );
    for (const { id, websiteId } of due) {
      afterId = id;
      const done = await inTransaction(async () => {
        const locked = await sql<{ id: number }>(
          `SELECT id FROM editor_tasks WHERE id = $1 AND status = 'claimed' AND claim_expires_at < $2 FOR UPDATE SKIP LOCKED`,
          [id, now],
        );
        if (!locked.length) return false;
        const task = (await EditorTask.findByPk(id))!;
        const system = systemActor(websiteId);
        const to = decideMove(system, task, 'expire');
        const before = snapshot(task);
        await task.update({ status: to, editorId: null, claimedAt: null, claimExpiresAt: null, expiredClaims: task.expiredClaims + 1 });
        await auditTask(system, task, 'expire', before, 'The claim lapsed: the task is back in the queue');
        return true;
      });
      if (done) expired++;
    }
    if (due.length < BATCH) return { expired };
  }
}
