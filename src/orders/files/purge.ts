import { recordAudit } from '../../audit/index.js';
import { systemActor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, inTransaction, sql } from '../../platform/database.js';
import { storage } from '../../platform/storage/index.js';
import { PURGE_LEASE_MS, purgeCutoff } from './rules.js';

/**
 * Retention purge of deleted order files. Deleting a file only hides it (staff may still need
 * the bytes in a dispute); once FILE_RETENTION_DAYS have passed, this removes the object from
 * storage and marks the row purged — the row itself stays for the audit trail and the timeline.
 *
 * Each file is claimed first (purge_lease_until, FOR UPDATE SKIP LOCKED, committed at once), so
 * many workers share the work and each object is removed by one of them. The removal runs outside
 * any transaction (no row lock held over a network call); only then is the row marked, with its
 * audit row, in a short transaction. A crash between the two leaves a claim that lapses: the next
 * run removes again (an absent object is no error) and marks. A failed removal gives the claim
 * back at once, so the next run retries it.
 */

export interface FilePurgeSummary {
  /** Files claimed by this run. */
  picked: number;
  purged: number;
  /** Left for the next run after a storage or database error (logged). */
  failed: number;
}

interface ClaimedFile {
  id: number;
  websiteId: number;
  orderId: number;
  storageKey: string;
  deletedAt: Date;
}

/** Bounds one run (a day's deletions are far fewer); what is left waits for the next run. */
const MAX_FILES_PER_RUN = 5_000;

async function claimExpiredFiles(cutoff: Date, limit: number, skip: readonly number[]): Promise<ClaimedFile[]> {
  const now = clock.now();
  return sql<ClaimedFile>(
    `UPDATE order_files f SET purge_lease_until = $2
      WHERE f.id IN (
        SELECT id FROM order_files
         WHERE deleted_at IS NOT NULL AND deleted_at < $3 AND purged_at IS NULL
           AND (purge_lease_until IS NULL OR purge_lease_until <= $1)
           AND NOT (id = ANY($5::bigint[]))
         ORDER BY deleted_at, id LIMIT $4
         FOR UPDATE SKIP LOCKED)
      RETURNING f.id, f.website_id AS "websiteId", f.order_id AS "orderId", f.storage_key AS "storageKey", f.deleted_at AS "deletedAt"`,
    [now, new Date(now.getTime() + PURGE_LEASE_MS), cutoff, limit, skip],
  );
}

/** Marks the file purged and audits it as the system; false when another run already did. */
async function markPurged(file: ClaimedFile): Promise<boolean> {
  return inTransaction(async () => {
    const purgedAt = clock.now();
    const [row] = await sql<{ id: number }>(
      'UPDATE order_files SET purged_at = $2, purge_lease_until = NULL WHERE id = $1 AND purged_at IS NULL AND deleted_at IS NOT NULL RETURNING id',
      [file.id, purgedAt],
    );
    if (!row) return false;
    await recordAudit(systemActor(file.websiteId), {
      action: 'order_file.purge',
      targetType: 'order_file',
      targetId: file.id,
      websiteId: file.websiteId,
      before: { purgedAt: null },
      after: { purgedAt: purgedAt.toISOString(), orderId: file.orderId, deletedAt: file.deletedAt.toISOString() },
      reason: 'retention period of deleted files elapsed',
    });
    return true;
  });
}

async function releaseClaim(fileId: number): Promise<void> {
  await sql('UPDATE order_files SET purge_lease_until = NULL WHERE id = $1 AND purged_at IS NULL', [fileId]);
}

async function purgeOne(file: ClaimedFile): Promise<boolean> {
  try {
    await storage().remove(file.storageKey);
    return await markPurged(file);
  } catch (err) {
    ctx().logger.warn({ err, fileId: file.id, key: file.storageKey }, "purging a deleted file's object failed; retried at the next run");
    await releaseClaim(file.id).catch((releaseErr: unknown) =>
      ctx().logger.error({ err: releaseErr, fileId: file.id }, 'giving back a purge claim failed; it lapses by itself'),
    );
    throw err;
  }
}

/**
 * For the job orders.purge-deleted-files: removes the stored objects of files deleted longer ago
 * than FILE_RETENTION_DAYS. Safe twice and on many workers at once.
 */
export async function purgeDeletedFiles(options: { batchSize?: number } = {}): Promise<FilePurgeSummary> {
  if (currentTransaction()) throw new Error('purgeDeletedFiles removes objects from storage: never inside a database transaction');
  const cutoff = purgeCutoff(clock.now(), ctx().config.FILE_RETENTION_DAYS);
  const batchSize = options.batchSize ?? 100;
  const summary: FilePurgeSummary = { picked: 0, purged: 0, failed: 0 };
  const failed: number[] = [];
  while (summary.picked < MAX_FILES_PER_RUN) {
    const batch = await claimExpiredFiles(cutoff, Math.min(batchSize, MAX_FILES_PER_RUN - summary.picked), failed);
    summary.picked += batch.length;
    for (const file of batch) {
      try {
        if (await purgeOne(file)) summary.purged += 1;
      } catch {
        summary.failed += 1;
        failed.push(file.id); // given back for the next run, not retried in this one
      }
    }
    if (batch.length < batchSize) break;
  }
  return summary;
}
