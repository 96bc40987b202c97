import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { inTransaction } from '../../src/platform/database.js';
import { MessageAttachment, OrderMessage } from '../../src/orders/messages/models.js';
import { createAttachmentDownloadUrl } from '../../src/orders/messages/service/attachments.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { reviewHeldMessage } from '../../src/orders/messages/service/review.js';
import { HOST_A, login, SLOW } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { pdf, PNG } from './files-fixtures.js';
import { actorFor, newWriter, newClient } from './fixtures.js';
import { orderWithWriter } from './messages-fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let support: Actor;
let writer: Actor;
let writerToken: string;

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  support = await actorFor('support@scriptorium.test');
  writer = await actorFor('writer@scriptorium.test');
  await inTransaction(() => User.update({ maxActiveOrders: 50 }, { where: { id: writer.userId! } }));
  writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
}, SLOW.timeout);
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const storedObjects = () => {
  const walk = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [e.name]));
    } catch {
      return [];
    }
  };
  return walk(path.join(t.dataDir, 'uploads')).length;
};

describe('message attachments', () => {
  it('sends files with a message over multipart; whoever sees the message may download them', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const res = await request(t.app)
      .post(`/api/v1/orders/${order.id}/threads/writer_support/messages`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${writerToken}`)
      .field('body', 'My outline, and a chart')
      .attach('files', pdf('outline'), 'outline.pdf')
      .attach('files', PNG, 'chart.png');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'visible',
      attachments: [
        { name: 'outline.pdf', type: 'pdf' },
        { name: 'chart.png', type: 'png' },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/storageKey|websites\//);

    const [first] = res.body.attachments as Array<{ id: number }>;
    const signed = await createAttachmentDownloadUrl(support, order.id, 'writer_support', res.body.id, first!.id);
    const download = await request(t.app).get(signed.url).set('Host', HOST_A);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain('outline.pdf');
    // The client takes no part in writer<->support, another writer none in the order.
    await expect(createAttachmentDownloadUrl(client, order.id, 'writer_support', res.body.id, first!.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      createAttachmentDownloadUrl(await newWriter(client.websiteId!), order.id, 'writer_support', res.body.id, first!.id),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('holds a client<->writer message with files for review; the other party gets the files only once released', async () => {
    const someone = await newClient(client.websiteId!);
    const order = await orderWithWriter(someone, admin, writer.userId!);
    const held = await postMessage(someone, order.id, 'client_writer', "My professor's rubric", [
      { fileName: 'rubric.pdf', bytes: pdf('rubric') },
    ]);
    expect(held).toMatchObject({ status: 'held', attachments: [{ name: 'rubric.pdf' }] });
    expect((await OrderMessage.findByPk(held.id))!.holdReasons).toEqual(['attachment']);
    const fileId = held.attachments[0]!.id;
    await expect(createAttachmentDownloadUrl(writer, order.id, 'client_writer', held.id, fileId)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await createAttachmentDownloadUrl(someone, order.id, 'client_writer', held.id, fileId)).toHaveProperty('url');

    await reviewHeldMessage(admin, order.id, 'client_writer', held.id, 'release');
    expect(await createAttachmentDownloadUrl(writer, order.id, 'client_writer', held.id, fileId)).toHaveProperty('url');
  });

  it('refuses a file whose content does not match its name, storing nothing', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const messages = await OrderMessage.count();
    const objects = storedObjects();
    const res = await request(t.app)
      .post(`/api/v1/orders/${order.id}/threads/writer_support/messages`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${writerToken}`)
      .field('body', 'see attached')
      .attach('files', PNG, 'essay.pdf');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('files');
    expect(await OrderMessage.count()).toBe(messages);
    expect(storedObjects()).toBe(objects);
  });

  it('removes stored files when the message is refused after they were stored', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const { createMessageRule } = await import('../../src/orders/messages/service/message-rules.js');
    await createMessageRule(admin, { pattern: 'venmo', action: 'block' });
    const objects = storedObjects();
    const attachments = await MessageAttachment.count();
    await expect(
      postMessage(writer, order.id, 'client_writer', 'pay by venmo', [{ fileName: 'a.pdf', bytes: pdf('a') }]),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(storedObjects()).toBe(objects);
    expect(await MessageAttachment.count()).toBe(attachments);
  });
});
