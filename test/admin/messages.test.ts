import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { MessageRule, OrderMessage } from '../../src/orders/messages/models.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { actorFor, newWriter, newClient } from '../orders/fixtures.js';
import { orderWithWriter } from '../orders/messages-fixtures.js';
import { adminGet, adminPost, listedIds, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { websiteBySlug } from './helpers.js';

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let adminActor: Actor;
let siteA: number;

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  adminActor = await actorFor('admin@scriptorium.test');
  siteA = (await websiteBySlug('scriptorium-a')).id;
});
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

async function heldMessage(): Promise<number> {
  const client = await newClient(siteA);
  const writer = await newWriter(siteA);
  const order = await orderWithWriter(client, adminActor, writer.userId);
  const held = await postMessage(client, order.id, 'client_writer', 'Read my notes at https://example.com/notes');
  expect(held.status).toBe('held');
  return held.id;
}

describe('held messages queue in the back office', () => {
  it('lists the held messages of the website, and support releases one (POST only, audited)', async () => {
    const id = await heldMessage();
    const queue = await adminGet(support, 'order_messages/actions/list?filters.status=held').expect(200);
    expect(listedIds(queue.body)).toContain(id);
    expect(
      queue.body.records.every(
        (r: { params: { status: string; websiteId: number } }) => r.params.status === 'held' && r.params.websiteId === siteA,
      ),
    ).toBe(true);

    await adminGet(support, `order_messages/records/${id}/release`).expect(200);
    expect((await OrderMessage.findByPk(id))!.status).toBe('held');
    const done = await adminPost(support, `order_messages/records/${id}/release`).expect(200);
    expect(done.body.notice).toMatchObject({ type: 'success' });
    expect((await OrderMessage.findByPk(id))!.status).toBe('visible');
    expect(await AuditLog.count({ where: { action: 'order_message.release', targetId: String(id) } })).toBe(1);

    const again = await adminPost(support, `order_messages/records/${id}/reject`).expect(200);
    expect(again.body.notice.type).toBe('error');
    expect(again.body.notice.message).toContain('not held');
  });

  it('lets an admin reject, and hides the queue from another website', async () => {
    const id = await heldMessage();
    const foreign = await adminPost(adminB, `order_messages/records/${id}/reject`, {}, 'b.localhost').expect(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect((await OrderMessage.findByPk(id))!.status).toBe('held');
    const listB = await adminGet(adminB, 'order_messages/actions/list', 'b.localhost').expect(200);
    expect(listedIds(listB.body)).not.toContain(id);

    expect((await adminPost(admin, `order_messages/records/${id}/reject`).expect(200)).body.notice.type).toBe('success');
    expect((await OrderMessage.findByPk(id))!.status).toBe('rejected');
  });
});

describe('message rules in the back office', () => {
  it('creates, edits and deletes a rule through the service, with field errors and audit', async () => {
    const bad = await adminPost(admin, 'message_rules/actions/new', { pattern: 'x', action: 'hold' }).expect(200);
    expect(bad.body.notice.type).toBe('error');
    expect(bad.body.record.errors).toHaveProperty('pattern');
    expect(
      (await adminPost(admin, 'message_rules/actions/new', { pattern: 'telegram me', action: 'explode' }).expect(200)).body.record.errors,
    ).toHaveProperty('action');

    const created = await adminPost(admin, 'message_rules/actions/new', {
      pattern: '  Telegram Me ',
      action: 'block',
      note: 'off-platform contact',
    }).expect(200);
    expect(created.body.notice.type).toBe('success');
    const rule = (await MessageRule.findOne({ where: { websiteId: siteA, pattern: 'telegram me' } }))!;
    expect(rule.action).toBe('block');

    const client = await newClient(siteA);
    const writer = await newWriter(siteA);
    const order = await orderWithWriter(client, adminActor, writer.userId);
    await expect(postMessage(client, order.id, 'client_writer', 'just TELEGRAM ME please')).rejects.toBeTruthy();

    expect((await adminPost(admin, `message_rules/records/${rule.id}/edit`, { action: 'hold' }).expect(200)).body.notice.type).toBe(
      'success',
    );
    expect((await MessageRule.findByPk(rule.id))!.action).toBe('hold');
    expect((await postMessage(client, order.id, 'client_writer', 'just telegram me please')).status).toBe('held');

    const listB = await adminGet(adminB, 'message_rules/actions/list', 'b.localhost').expect(200);
    expect(listedIds(listB.body)).not.toContain(rule.id);
    expect((await adminPost(admin, `message_rules/records/${rule.id}/delete`).expect(200)).body.notice.type).toBe('success');
    expect(await MessageRule.findByPk(rule.id)).toBeNull();
    expect(await AuditLog.count({ where: { targetType: 'message_rule', targetId: String(rule.id) } })).toBe(3);
  });
});
