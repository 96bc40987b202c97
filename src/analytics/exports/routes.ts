import type { Response } from 'express';
import type { Actor } from '../../platform/actor.js';
import { openListExport } from './service.js';

/**
 * Streams a list's export to an HTTP response: rights, filters and size are checked first (an
 * error is thrown before any header is sent); then each piece is written only once the socket
 * took the one before (res.write's answer, then 'drain'), and the export stops reading when the
 * client goes away. The export is audited once it ends, finished or not (before the last byte when finished).
 */
export async function sendListExport(res: Response, actor: Actor, resource: string, query: Record<string, unknown>): Promise<void> {
  const csv = await openListExport(actor, resource, query);
  let gone = false;
  const onClose = () => {
    gone = !res.writableFinished;
  };
  res.once('close', onClose);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${csv.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  // For the progress display: rows to expect (exact, or the planner's estimate for big lists).
  res.setHeader('X-Total-Count', String(csv.total.rows));
  res.setHeader('X-Total-Count-Exact', String(csv.total.exact));
  res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count, X-Total-Count-Exact');
  try {
    for await (const piece of csv.pieces()) {
      if (gone) break;
      if (!res.write(piece)) await drained(res);
      if (gone) break;
    }
  } catch (err) {
    await csv.finish(false);
    throw err;
  } finally {
    res.off('close', onClose);
  }
  // Audited before the response ends, so the row exists once the download is complete.
  await csv.finish(!gone);
  if (!gone) res.end();
}

/** Resolves when the response can take more, or when it is closed (the client went away). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
