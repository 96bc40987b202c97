import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORDER_JOBS } from '../../jobs/orders.js';
import { startScheduler } from '../../jobs/index.js';
import { AuditLog } from '../../src/audit/models.js';
import { OrderFile } from '../../src/orders/files/models.js';
import { purgeDeletedFiles } from '../../src/orders/files/purge.js';
import type { Order } from '../../src/orders/models.js';
import { ctx } from '../../src/platform/context.js';
import { inTransaction } from '../../src/platform/database.js';
import { storage } from '../../src/platform/storage/index.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { fileDeletedAgo } from './files-purge-setup.js';
import { api, castOf, download, placeOrder, storedObjects, type Cast } from './files-setup.js';

let t: TestApp;
let cast: Cast;
let order: Order;

beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
  order = await placeOrder(cast);
});
// Each test purges all it makes expire, so the next one's summaries count only its own files.
afterEach(async () => {
  vi.restoreAllMocks();
  await expectLedgerBalanced();
});
afterAll(() => t?.close());

const deletedAgo = (daysAgo: number | null) => fileDeletedAgo(t, cast.admin, order, daysAgo);
const reload = async (file: OrderFile) => (await OrderFile.findByPk(file.id))!;
const stored = (file: OrderFile) => storage().exists(file.storageKey);
const purgeAudits = (file: OrderFile) => AuditLog.findAll({ where: { action: 'order_file.purge', targetId: String(file.id) } });

describe('purging deleted files past their retention', () => {
  it('removes the object of a file deleted 31 days ago, keeps the row marked purged, audited as the system', async () => {
    const file = await deletedAgo(31);
    expect(await stored(file)).toBe(true);

    const summary = await purgeDeletedFiles();

    expect(summary).toEqual({ picked: 1, purged: 1, failed: 0 });
    expect(await stored(file)).toBe(false);
    expect(storedObjects(t)).not.toContain(file.storageKey);
    const row = await reload(file);
    expect(row.purgedAt).toBeInstanceOf(Date);
    expect(row).toMatchObject({
      purgeLeaseUntil: null,
      deletedAt: file.deletedAt,
      deletedBy: cast.admin.actor.userId,
      storageKey: file.storageKey,
    });
    const audits = await purgeAudits(file);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorRole: 'system', actorUserId: null, websiteId: order.websiteId, targetType: 'order_file' });
    expect(audits[0]!.changes?.after).toMatchObject({ purgedAt: row.purgedAt!.toISOString(), orderId: order.id });
  });

  it('keeps a file deleted yesterday and never touches a live one, however old', async () => {
    const recent = await deletedAgo(1);
    const live = await deletedAgo(null);

    expect(await purgeDeletedFiles()).toEqual({ picked: 0, purged: 0, failed: 0 });

    for (const file of [recent, live]) {
      expect(await stored(file)).toBe(true);
      expect(await reload(file)).toMatchObject({ purgedAt: null, purgeLeaseUntil: null });
      expect(await purgeAudits(file)).toHaveLength(0);
    }
    // Still listed and downloadable: the live file is untouched.
    const { body } = await api(t, cast.admin, 'get', `/orders/${order.id}/files`).expect(200);
    expect(body.items.map((f: { id: number }) => f.id)).toContain(live.id);
  });

  it('is a no-op the second time, and counts an object already gone as purged', async () => {
    const gone = await deletedAgo(40);
    await storage().remove(gone.storageKey);

    expect(await purgeDeletedFiles()).toEqual({ picked: 1, purged: 1, failed: 0 });
    expect(await purgeDeletedFiles()).toEqual({ picked: 0, purged: 0, failed: 0 });

    expect((await reload(gone)).purgedAt).toBeInstanceOf(Date);
    expect(await purgeAudits(gone)).toHaveLength(1);
  });

  it('answers 404 for a purged file, as for any deleted one, even through a link minted before', async () => {
    const { body } = await api(t, cast.admin, 'post', `/orders/${order.id}/files`)
      .field('category', 'admin')
      .attach('file', Buffer.from('dispute notes\n'), { filename: 'notes.txt', contentType: 'text/plain' })
      .expect(201);
    const { body: link } = await api(t, cast.admin, 'post', `/orders/${order.id}/files/${body.id}/url`).expect(200);
    await api(t, cast.admin, 'delete', `/orders/${order.id}/files/${body.id}`).expect(204);
    await OrderFile.update({ deletedAt: new Date(Date.now() - 31 * 86_400_000) }, { where: { id: body.id } });
    await download(t, link.url).expect(404); // the bytes are kept during retention, but not served

    await purgeDeletedFiles();

    await download(t, link.url).expect(404);
    const res = await api(t, cast.admin, 'post', `/orders/${order.id}/files/${body.id}/url`).expect(404);
    expect(res.body.error.code).toBe('not_found');
    await api(t, cast.admin, 'delete', `/orders/${order.id}/files/${body.id}`).expect(404);
  });

  it('two purges at once remove each object exactly once', async () => {
    const files = [];
    for (let i = 0; i < 9; i++) files.push(await deletedAgo(31 + i));
    const remove = vi.spyOn(storage(), 'remove');

    const [one, two] = await Promise.all([purgeDeletedFiles({ batchSize: 2 }), purgeDeletedFiles({ batchSize: 2 })]);

    expect(one.purged + two.purged).toBe(9);
    expect(one.picked + two.picked).toBe(9);
    expect(one.failed + two.failed).toBe(0);
    const removedKeys = remove.mock.calls.map(([key]) => key).sort();
    expect(removedKeys).toEqual(files.map((f) => f.storageKey).sort());
    for (const file of files) {
      expect(await stored(file)).toBe(false);
      expect(await purgeAudits(file)).toHaveLength(1);
    }
  });

  it('leaves a file whose removal fails for the next run, logged, and purges the others', async () => {
    const failing = await deletedAgo(35);
    const fine = await deletedAgo(36);
    const real = storage().remove.bind(storage());
    vi.spyOn(storage(), 'remove').mockImplementation(async (key) => {
      if (key === failing.storageKey) throw new Error('storage unreachable');
      return real(key);
    });
    const warn = vi.spyOn(ctx().logger, 'warn');

    expect(await purgeDeletedFiles()).toEqual({ picked: 2, purged: 1, failed: 1 });

    expect(await reload(failing)).toMatchObject({ purgedAt: null, purgeLeaseUntil: null });
    expect(await stored(failing)).toBe(true);
    expect(await purgeAudits(failing)).toHaveLength(0);
    expect((await reload(fine)).purgedAt).toBeInstanceOf(Date);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ fileId: failing.id, key: failing.storageKey }),
      expect.stringMatching(/retried at the next run/),
    );

    vi.restoreAllMocks();
    expect(await purgeDeletedFiles()).toEqual({ picked: 1, purged: 1, failed: 0 });
    expect(await stored(failing)).toBe(false);
    expect(await purgeAudits(failing)).toHaveLength(1);
  });

  it("skips a file another worker holds, and takes it over once that worker's claim lapsed", async () => {
    const file = await deletedAgo(31);
    await OrderFile.update({ purgeLeaseUntil: new Date(Date.now() + 60_000) }, { where: { id: file.id } });
    expect(await purgeDeletedFiles()).toEqual({ picked: 0, purged: 0, failed: 0 });
    expect(await stored(file)).toBe(true);

    // The worker died after removing the object, before marking the row.
    await storage().remove(file.storageKey);
    await OrderFile.update({ purgeLeaseUntil: new Date(Date.now() - 1) }, { where: { id: file.id } });
    expect(await purgeDeletedFiles()).toEqual({ picked: 1, purged: 1, failed: 0 });
    expect(await purgeAudits(file)).toHaveLength(1);
  });

  it('refuses to run inside a database transaction (it calls storage)', async () => {
    await expect(inTransaction(() => purgeDeletedFiles())).rejects.toThrow(/never inside a database transaction/);
  });
});

describe('job orders.purge-deleted-files', () => {
  it('purges through the real scheduler', async () => {
    const file = await deletedAgo(31);
    const keep = await deletedAgo(2);
    const scheduler = await startScheduler(t.context, { embedded: !t.realPostgres });
    try {
      const job = await scheduler.agenda.now(ORDER_JOBS.purgeDeletedFiles.name);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const [state] = await t.context.sequelize.query<{ last_finished_at: Date | null; fail_reason: string | null }>(
          'SELECT last_finished_at, fail_reason FROM agenda_jobs WHERE id = $1',
          { bind: [String(job.attrs._id)], type: QueryTypes.SELECT },
        );
        if (state?.fail_reason) throw new Error(`the job failed: ${state.fail_reason}`);
        if (state?.last_finished_at) break;
        if (Date.now() > deadline) throw new Error('the job did not run within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await scheduler.stop(2_000);
    }
    expect(await stored(file)).toBe(false);
    expect((await reload(file)).purgedAt).toBeInstanceOf(Date);
    expect(await purgeAudits(file)).toHaveLength(1);
    expect(await stored(keep)).toBe(true);
    expect((await reload(keep)).purgedAt).toBeNull();
  });
});
