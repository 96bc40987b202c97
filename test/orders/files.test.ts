import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { OrderFile } from '../../src/orders/files/models.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { storage } from '../../src/platform/storage/index.js';
import { Website } from '../../src/tenancy/models.js';
import { clearWebsiteCache } from '../../src/tenancy/read-models/website-by-host.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { docx, PNG, pdf } from './files-fixtures.js';
import { api, castOf, placeOrder, storedObjects, upload, type Cast } from './files-setup.js';

let t: TestApp;
let cast: Cast;

beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
});
// placeOrder pays from the wallet: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

describe('uploading order files', () => {
  it('takes instructions from the client: stored, sniffed, hashed, audited and on the timeline', async () => {
    const order = await placeOrder(cast, { paid: 'none' });
    const bytes = pdf('brief');
    const res = await upload(t, cast.client, order.id, 'instructions', '../My brief.pdf', bytes).expect(201);
    expect(res.body).toMatchObject({
      orderId: order.id,
      category: 'instructions',
      name: 'My brief.pdf',
      type: 'pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedBy: { role: 'client', you: true },
    });
    expect(res.body.uploadedBy).not.toHaveProperty('userId');
    expect(res.body).not.toHaveProperty('storageKey');

    const row = (await OrderFile.findByPk(res.body.id))!;
    expect(row).toMatchObject({
      websiteId: order.websiteId,
      uploadedBy: cast.client.actor.userId,
      uploaderRole: 'client',
      deletedAt: null,
    });
    expect(row.storageKey).toMatch(new RegExp(`^websites/${order.websiteId}/orders/${order.id}/`));
    expect(await storage().exists(row.storageKey)).toBe(true);
    expect(await AuditLog.count({ where: { action: 'order_file.upload', targetId: String(row.id) } })).toBe(1);
    const event = await OrderEvent.findOne({ where: { orderId: order.id, action: 'file_uploaded' } });
    expect(event?.data).toMatchObject({ fileId: row.id, category: 'instructions' });
  });

  it("takes the current writer's drafts, finals and revisions while the order is worked on", async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    for (const [category, name, bytes] of [
      ['draft', 'draft.docx', docx()],
      ['final', 'final.pdf', pdf('final')],
      ['revision', 'revised.pdf', pdf('r')],
    ] as const) {
      const res = await upload(t, cast.writer, order.id, category, name, bytes).expect(201);
      expect(res.body).toMatchObject({ category, uploadedBy: { role: 'writer', you: true } });
    }
    expect(await OrderFile.count({ where: { orderId: order.id } })).toBe(3);
  });

  it('takes revision notes from the client once delivered, and any category from staff', async () => {
    const order = await placeOrder(cast, { writer: cast.writer, status: 'submitted' });
    await upload(t, cast.client, order.id, 'revision', 'notes.txt', Buffer.from('Please expand section 2.\n')).expect(201);
    const adminFile = await upload(t, cast.admin, order.id, 'admin', 'internal.png', PNG).expect(201);
    expect(adminFile.body.uploadedBy).toMatchObject({ role: 'admin', you: true, userId: cast.admin.actor.userId });
    await upload(t, cast.support, order.id, 'instructions', 'extra.pdf', pdf('extra')).expect(201);
    await upload(t, cast.admin, order.id, 'final', 'fixed.pdf', pdf('fixed')).expect(201);
  });

  it('refuses a category the role may not add (403) or not in this status (409 with the status)', async () => {
    const working = await placeOrder(cast, { writer: cast.writer });
    expect((await upload(t, cast.client, working.id, 'final', 'f.pdf', pdf()).expect(403)).body.error.code).toBe('forbidden');
    await upload(t, cast.client, working.id, 'admin', 'f.pdf', pdf()).expect(403);
    await upload(t, cast.writer, working.id, 'instructions', 'f.pdf', pdf()).expect(403);
    await upload(t, cast.writer, working.id, 'admin', 'f.pdf', pdf()).expect(403);
    await upload(t, cast.client, working.id, 'revision', 'notes.txt', Buffer.from('too early')).expect(409);
    const delivered = await placeOrder(cast, { writer: cast.writer, status: 'submitted' });
    const late = await upload(t, cast.writer, delivered.id, 'final', 'late.pdf', pdf()).expect(409);
    expect(late.body.error).toMatchObject({ code: 'conflict', currentStatus: 'submitted' });
    const done = await placeOrder(cast, { writer: cast.writer, status: 'completed' });
    await upload(t, cast.client, done.id, 'instructions', 'more.pdf', pdf()).expect(409);
  });
});

describe('refused uploads leave nothing behind', () => {
  let order: Order;
  let before: { rows: number; objects: number };
  beforeAll(async () => {
    order = await placeOrder(cast, { writer: cast.writer });
    before = { rows: await OrderFile.count(), objects: storedObjects(t).length };
  });
  afterAll(async () => {
    expect(await OrderFile.count()).toBe(before.rows);
    expect(storedObjects(t)).toHaveLength(before.objects);
  });

  it('refuses a file over the website limit with 413 naming the file', async () => {
    const website = (await Website.findByPk(order.websiteId))!;
    const settings = website.settings;
    await website.update({ settings: { ...settings, uploadMaxBytes: 2048 } });
    clearWebsiteCache();
    try {
      const res = await upload(
        t,
        cast.client,
        order.id,
        'instructions',
        'big.pdf',
        Buffer.concat([pdf(), Buffer.alloc(3000, 0x20)]),
      ).expect(413);
      expect(res.body.error).toMatchObject({ code: 'payload_too_large', fields: { file: 'must be at most 2048 bytes' } });
    } finally {
      await website.update({ settings });
      clearWebsiteCache();
    }
  });

  it('refuses forbidden types and content that does not match the extension, naming the file', async () => {
    for (const [name, bytes, says] of [
      ['setup.exe', Buffer.from('MZ\x90\x00'), '.exe files are not accepted'],
      ['table.csv', Buffer.from('a,b\n'), 'not accepted here'],
      ['noextension', pdf(), 'without an extension'],
      ['essay.pdf', PNG, 'looks like .png'],
      ['notes.txt', PNG, 'does not match the .txt'],
      ['empty.pdf', Buffer.alloc(0), 'empty'],
    ] as const) {
      const res = await upload(t, cast.client, order.id, 'instructions', name, bytes).expect(400);
      expect(res.body.error.fields.file, name).toContain(says);
    }
  });

  it('names the category when it is unknown, and the file when it is missing or misplaced', async () => {
    const bad = await upload(t, cast.client, order.id, 'homework', 'a.pdf', pdf()).expect(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['category']);
    const missing = await api(t, cast.client, 'post', `/orders/${order.id}/files`).field('category', 'instructions').expect(400);
    expect(missing.body.error.fields).toHaveProperty('file');
    const json = await api(t, cast.client, 'post', `/orders/${order.id}/files`).send({ category: 'instructions' }).expect(400);
    expect(json.body.error.fields).toHaveProperty('file');
    const misplaced = await api(t, cast.client, 'post', `/orders/${order.id}/files`)
      .field('category', 'instructions')
      .attach('document', pdf(), 'a.pdf')
      .expect(400);
    expect(misplaced.body.error.fields.file).toContain('"file" field');
    const extra = await upload(t, cast.client, order.id, 'instructions', 'a.pdf', pdf()).field('owner', '1').expect(400);
    expect(extra.body.error.fields).toHaveProperty('owner');
  });

  it('answers 404 to a writer who is not assigned, and 401 without a token', async () => {
    const res = await upload(t, cast.otherWriter, order.id, 'draft', 'mine.pdf', pdf()).expect(404);
    expect(res.body.error.code).toBe('not_found');
    await upload(t, cast.editor, order.id, 'draft', 'mine.pdf', pdf()).expect(404);
    await upload(t, cast.writer, 999_999_999, 'draft', 'mine.pdf', pdf()).expect(404);
  });

  it('removes the stored object when the database refuses the row', async () => {
    // A real failure inside the transaction, after the object was written: a trigger refusing one name.
    await t.context.sequelize.query(`
      CREATE FUNCTION refuse_exploding_files() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.original_name = 'explode.pdf' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_exploding_files BEFORE INSERT ON order_files FOR EACH ROW EXECUTE FUNCTION refuse_exploding_files();
    `);
    try {
      const res = await upload(t, cast.writer, order.id, 'draft', 'explode.pdf', pdf('boom')).expect(500);
      expect(res.body.error.code).toBe('internal');
      expect(await OrderEvent.count({ where: { orderId: order.id, action: 'file_uploaded' } })).toBe(0);
    } finally {
      await t.context.sequelize.query('DROP TRIGGER refuse_exploding_files ON order_files; DROP FUNCTION refuse_exploding_files();');
    }
  });
});
