import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { ClientWriterPreference, Order } from '../../src/orders/models.js';
import { qualifyForAllSubjects, setWriterSubjects } from '../../src/orders/qualifications/service.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { MINUTE } from './fixtures.js';
import { api, castOf, placeOrder, type Cast, type OrderSetup, type Person } from './files-setup.js';

/**
 * A writer asking for or taking an order they may not see learns nothing about it: 404, the same
 * answer as for an order that does not exist, whatever its status. Status conflicts (409) are
 * told only about orders the writer may see: the pool's as it is shown to them, and their own.
 */
let t: TestApp;
let cast: Cast;
let prober: Person;
let clientB: Person;

beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
  prober = cast.otherWriter;
  await qualifyForAllSubjects(prober.actor.userId!, prober.actor.websiteId!);
  const userB = (await User.findOne({ where: { email: 'client@b.scriptorium.test' } }))!;
  clientB = { actor: { userId: userB.id, role: userB.role, websiteId: userB.websiteId }, token: '', host: 'b.localhost' };
});
afterEach(() => clock.reset());
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** A paid order of the demo client (or another), then changed as the case needs. */
async function order(setup: OrderSetup, patch: Partial<Order['_creationAttributes']> = {}, client = cast.client): Promise<Order> {
  const placed = await placeOrder(cast, setup, client);
  if (Object.keys(patch).length) await Order.update(patch, { where: { id: placed.id } });
  return placed;
}

const NOT_FOUND = { error: { code: 'not_found', message: 'Order not found' } };

/** Both ways in, as the prober: each must be exactly "not found". */
async function expectUnseen(orderId: number, label: string) {
  for (const action of ['take', 'request']) {
    const res = await api(t, prober, 'post', `/writer/orders/${orderId}/${action}`).send({});
    expect([res.status, res.body], `${action} on ${label}`).toEqual([404, NOT_FOUND]);
  }
}

describe('request and take on orders the writer may not see', () => {
  it('answer 404 with nothing about the order, whatever its status', async () => {
    const blockedBy = await order({}, {}, cast.otherClient);
    await inTransaction(() =>
      ClientWriterPreference.create({ clientId: blockedBy.clientId!, writerId: prober.actor.userId!, kind: 'blocked' }),
    );

    const cases: Array<[string, Promise<Order>]> = [
      ['an order taken by another writer', order({ writer: cast.writer })],
      ['a delivered order of another writer', order({ writer: cast.writer, status: 'submitted' })],
      ['an order waiting for payment', order({ paid: 'none' })],
      ['a cancelled order', order({ paid: 'none', status: 'cancelled' })],
      ['a hidden order in staffing', order({}, { visibility: 'hidden' })],
      ['a hidden order in progress', order({ writer: cast.writer }, { visibility: 'hidden' })],
      [
        "another writer's preferred-only order",
        order({}, { visibility: 'preferred_writer_only', preferredWriterId: cast.writer.actor.userId }),
      ],
      [
        "another writer's preferred-only order, taken",
        order({ writer: cast.writer }, { visibility: 'preferred_writer_only', preferredWriterId: cast.writer.actor.userId }),
      ],
      ['an order of a client who blocked the writer, in staffing', Promise.resolve(blockedBy)],
      ['an order of another website', order({ writer: undefined }, {}, clientB)],
      ['an order of another website, in progress', order({}, { status: 'in_progress' }, clientB)],
    ];
    for (const [label, pending] of cases) await expectUnseen((await pending).id, label);

    // A blocked writer learns nothing of the order's later life either.
    await Order.update({ status: 'in_progress', writerId: cast.writer.actor.userId }, { where: { id: blockedBy.id } });
    await expectUnseen(blockedBy.id, 'an order of a client who blocked the writer, in progress');
    await expectUnseen(999_999_999, 'no order at all');
  });

  it('answer 404 for a subject the writer is not qualified for, as the pool hides it', async () => {
    const gated = await order({});
    const taken = await order({ writer: cast.writer });
    await setWriterSubjects({ ...cast.admin.actor }, prober.actor.userId!, ['biology']);
    try {
      await expectUnseen(gated.id, 'an order in a subject the writer lacks');
      await expectUnseen(taken.id, 'a taken order in a subject the writer lacks');
    } finally {
      await qualifyForAllSubjects(prober.actor.userId!, prober.actor.websiteId!);
    }
  });
});

describe('request and take on orders the writer may see', () => {
  it('tell the preview and their own orders’ status, and let them in', async () => {
    const open = await order({});
    const early = await api(t, prober, 'post', `/writer/orders/${open.id}/take`).send({});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('can be taken from');
    expect((await api(t, prober, 'post', `/writer/orders/${open.id}/request`).send({ note: 'Mine, please' })).status).toBe(201);
    expect((await api(t, prober, 'post', `/writer/orders/${open.id}/request`).send({})).status).toBe(409);

    clock.travel(20 * MINUTE);
    // Access tokens live 15 minutes: sign in again after the jump.
    const again = { ...prober, token: (await login(t.app, 'other-writer@scriptorium.test')).accessToken };
    const taken = await api(t, again, 'post', `/writer/orders/${open.id}/take`).send({});
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    const twice = await api(t, again, 'post', `/writer/orders/${open.id}/take`).send({});
    expect([twice.status, twice.body.error.currentStatus]).toEqual([409, 'in_progress']);
  });
});
