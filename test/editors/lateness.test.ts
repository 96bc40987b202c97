import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EditorTask } from '../../src/editors/models.js';
import { approveTask, claimTask, returnTask } from '../../src/editors/service/tasks.js';
import type { Order } from '../../src/orders/models.js';
import { uploadOrderFile } from '../../src/orders/files/service.js';
import { deliverOrder } from '../../src/orders/service/deliver.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import type { Actor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/database.js';
import { Fine } from '../../src/writers/fines/models.js';
import { applyLatenessFines } from '../../src/writers/fines/index.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { demoEmail, PDF } from './fixtures.js';

/**
 * Writers' lateness fines on website B, where every order goes through an editor: the writer is
 * late by their hand-in to editing, never by the editor's time; a return gives the work back to
 * the writer, whose lateness then runs again.
 */
const HOUR = 3_600_000;
let t: TestApp;
let client: Actor;
let admin: Actor;
let editor: Actor;

beforeAll(async () => {
  t = await startTestApp();
  [client, admin, editor] = await Promise.all(['client', 'admin', 'editor'].map((role) => actorFor(demoEmail(role, 'b'))));
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

async function handedIn(): Promise<{ order: Order; task: EditorTask }> {
  const writer = await newWriter(client.websiteId!);
  const order = await paidOrder(client, { pages: 5 });
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  await uploadOrderFile(writer, order.id, { category: 'final', fileName: 'work.pdf', bytes: PDF });
  expect((await deliverOrder(writer, order.id, null)).status).toBe('under_editing');
  const task = (await EditorTask.findOne({ where: { orderId: order.id } }))!;
  return { order: await order.reload(), task };
}

const late = (order: Order, ms: number) => new Date(order.writerDeadline!.getTime() + ms);
const fineOf = (order: Order) => Fine.findOne({ where: { orderId: order.id, typeCode: 'lateness' } });

describe('lateness with an editor in between', () => {
  it('does not fine a writer who handed in on time, however long the editor took', async () => {
    const { order, task } = await handedIn();
    await claimTask(editor, task.id);
    await approveTask(editor, task.id, {});
    // The editor's delivery came well after the writer deadline.
    await inTransaction(() => order.update({ deliveredAt: late(order, 20 * HOUR) }));
    await applyLatenessFines(late(order, 30 * HOUR));
    expect(await fineOf(order)).toBeNull();
  });

  it('runs the writer’s lateness again once the editor returns the work', async () => {
    const { order, task } = await handedIn();
    await applyLatenessFines(late(order, 5 * HOUR));
    expect(await fineOf(order)).toBeNull(); // with the editor: not the writer's time
    await claimTask(editor, task.id);
    await returnTask(editor, task.id, 'Rework the conclusion');
    await applyLatenessFines(late(order, 2 * HOUR + 5 * 60_000));
    expect(await fineOf(order)).toMatchObject({ lateMinutes: 125 });
  });
});
