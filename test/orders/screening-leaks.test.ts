import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { OrderMessage } from '../../src/orders/messages/models.js';
import { MASK } from '../../src/orders/screening.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { clock } from '../../src/platform/clock.js';
import { adminPost, signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { pdf } from './files-fixtures.js';
import { api, castOf, download, placeOrder, upload, type Cast } from './files-setup.js';

/**
 * Contact details crossing between client and writer through the HTTP API, outside the screened
 * message bodies of old: the client's topic, instructions and timeline reasons reach the writer,
 * file names and message attachments cross both ways, a held message is released from the back
 * office. Each is masked for the other party and left as written for its author and staff.
 */
let t: TestApp;
let cast: Cast;
let backOffice: Agent;

beforeAll(async () => {
  t = await startAdminApp();
  cast = await castOf(t);
  backOffice = await signIn(t.app, 'support@scriptorium.test');
  // The demo writer holds an order per test here; lift the default capacity.
  await User.update({ maxActiveOrders: 50 }, { where: { id: cast.writer.actor.userId! } });
});
afterEach(() => clock.reset());
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** Phone numbers, addresses and handles written around the screening, and what of them must never show. */
const PHONE = 'WhatsApp me: five five five one two three four';
const FULL_WIDTH = 'text ５５５ １２３ ４５６７';
const SPELLED_MAIL = 'john dot doe at gmail dot com';
const HANDLE = 'tele gram: @joe_writes';
const SECRETS = [/five five five/i, /５５５|555/, /john|gmail/i, /joe_writes/];
const expectScreened = (text: string | null | undefined) => {
  expect(text).toEqual(expect.any(String));
  for (const secret of SECRETS) expect(text).not.toMatch(secret);
  expect(text).toContain(MASK);
};

const inDays = (days: number) => new Date(clock.now().getTime() + days * 86_400_000);

/** A paid order whose topic and instructions the client wrote with contact details in them. */
async function orderWithContactsInBrief(writer = true): Promise<Order> {
  const draft = await createDraftOrder(cast.client.actor, {
    topic: `Rivers of Europe (${FULL_WIDTH})`,
    instructions: `Use five sources, APA 7th edition. ${PHONE}. Or mail ${SPELLED_MAIL}, or ${HANDLE}.`,
    paperType: 'essay',
    academicLevel: 'undergraduate',
    subject: 'history',
    pages: 2,
    citationStyle: 'APA 5551234567',
    deadline: inDays(10),
  });
  const order = await submitOrder(cast.client.actor, draft.id);
  await fundWallet(order.websiteId, order.clientId!, order.totalCents!, order.currency);
  await payOrderFromWallet(cast.client.actor, order.id);
  if (writer)
    await Order.update({ writerId: cast.writer.actor.userId, assignedAt: clock.now(), status: 'in_progress' }, { where: { id: order.id } });
  return (await Order.findByPk(order.id))!;
}

describe('what the client wrote, as the writer reads it', () => {
  it('masks contacts in the topic, instructions and citation style, for the assigned writer and in the pool', async () => {
    const mine = await orderWithContactsInBrief();
    const seen = (await api(t, cast.writer, 'get', `/writer/orders/${mine.id}`).expect(200)).body;
    expectScreened(seen.topic);
    expect(seen.topic).toContain('Rivers of Europe');
    expectScreened(seen.instructions);
    expect(seen.instructions).toContain('Use five sources, APA 7th edition.');
    expect(seen.citationStyle).toBe(`APA ${MASK}`);
    expect(
      (await api(t, cast.writer, 'get', '/writer/orders').expect(200)).body.items.find((o: { id: number }) => o.id === mine.id)
        .instructions,
    ).toBe(seen.instructions);

    const open = await orderWithContactsInBrief(false);
    const pool = (await api(t, cast.writer, 'get', '/writer/orders/available?limit=100').expect(200)).body.items;
    expectScreened(pool.find((o: { id: number }) => o.id === open.id).topic);

    // The client reads their own words as written.
    const own = (await api(t, cast.client, 'get', `/orders/${mine.id}`).expect(200)).body;
    expect(own.topic).toContain(FULL_WIDTH);
    expect(own.instructions).toContain(PHONE);
  });

  it("masks the client's dispute, cancellation and revision reasons on the writer's timeline", async () => {
    const disputed = await placeOrder(cast, { writer: cast.writer });
    await api(t, cast.client, 'post', `/orders/${disputed.id}/dispute`)
      .send({ reason: `Poor work. ${PHONE}` })
      .expect(200);
    const cancelled = await placeOrder(cast, { writer: cast.writer });
    await api(t, cast.client, 'post', `/orders/${cancelled.id}/cancel`)
      .send({ reason: `Changed my mind, mail ${SPELLED_MAIL}` })
      .expect(200);
    const revised = await placeOrder(cast, { writer: cast.writer, status: 'submitted' });
    await Order.update({ deliveredAt: clock.now() }, { where: { id: revised.id } });
    const asked = await api(t, cast.client, 'post', `/orders/${revised.id}/revision`).send({
      instructions: `Expand part two; ${HANDLE} or ${FULL_WIDTH}`,
      deadline: inDays(3).toISOString(),
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);

    for (const [order, action, written] of [
      [disputed, 'open_dispute', PHONE],
      [cancelled, 'request_cancellation', SPELLED_MAIL],
      [revised, 'request_revision', HANDLE],
    ] as const) {
      const timeline = (await api(t, cast.writer, 'get', `/writer/orders/${order.id}`).expect(200)).body.timeline as Array<{
        action: string;
        note: string | null;
      }>;
      const entry = timeline.find((e) => e.action === action);
      expectScreened(entry?.note);
      // The client's own timeline, and the stored event staff read, keep the words as written.
      const own = (await api(t, cast.client, 'get', `/orders/${order.id}`).expect(200)).body.timeline as Array<{
        action: string;
        note: string | null;
      }>;
      expect(own.find((e) => e.action === action)?.note).toContain(written);
      expect((await OrderEvent.findOne({ where: { orderId: order.id, action } }))!.note).toContain(written);
    }
  });
});

describe('file names crossing between client and writer', () => {
  it('masks the other party’s file names in lists and in the downloaded file’s name; the uploader and staff read them as given', async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    const briefName = 'brief call ５５５ １２３ ４５６７.pdf';
    const brief = (await upload(t, cast.client, order.id, 'instructions', briefName, pdf('brief')).expect(201)).body;
    expect(brief.name).toBe(briefName);

    const writerList = (await api(t, cast.writer, 'get', `/orders/${order.id}/files`).expect(200)).body.items;
    expect(writerList.find((f: { id: number }) => f.id === brief.id).name).toBe(`brief call ${MASK}.pdf`);
    const { url } = (await api(t, cast.writer, 'post', `/orders/${order.id}/files/${brief.id}/url`).expect(200)).body;
    const saved = (await download(t, url).expect(200)).headers['content-disposition'];
    expect(decodeURIComponent(saved)).not.toMatch(/５５５|555/);
    expect(decodeURIComponent(saved)).toContain(MASK);

    const staffList = (await api(t, cast.admin, 'get', `/orders/${order.id}/files`).expect(200)).body.items;
    expect(staffList.find((f: { id: number }) => f.id === brief.id).name).toBe(briefName);

    // The writer's final file, named with an address, reaches the client masked once delivered and paid.
    const final = (await upload(t, cast.writer, order.id, 'final', 'final by john.doe@gmail.com.pdf', pdf('final')).expect(201)).body;
    await Order.update({ status: 'submitted', deliveredAt: clock.now() }, { where: { id: order.id } });
    const clientList = (await api(t, cast.client, 'get', `/orders/${order.id}/files`).expect(200)).body.items;
    expect(clientList.find((f: { id: number }) => f.id === final.id).name).toBe(`final by ${MASK}.pdf`);
  });
});

describe('a held message released from the back office', () => {
  it('reaches the other party masked, attachments’ names included, never as written', async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    const thread = `/orders/${order.id}/threads/client_writer/messages`;
    const body = `Draft notes at https://docs.example.com/d/1 - ${FULL_WIDTH} or ${SPELLED_MAIL}`;
    const posted = await api(t, cast.client, 'post', thread).field('body', body).attach('files', pdf('notes'), 'notes 555 123 4567.pdf');
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body).toMatchObject({ status: 'held', body });
    expect((await api(t, cast.writer, 'get', thread).expect(200)).body.items).toEqual([]);

    const released = await adminPost(backOffice, `order_messages/records/${posted.body.id}/release`).expect(200);
    expect(released.body.notice).toMatchObject({ type: 'success' });
    expect((await OrderMessage.findByPk(posted.body.id))!.status).toBe('visible');

    const seen = (await api(t, cast.writer, 'get', thread).expect(200)).body.items[0];
    expect(seen.id).toBe(posted.body.id);
    expectScreened(seen.body);
    expect(seen.body).toContain('https://docs.example.com/d/1'); // the link was what staff reviewed and released
    expect(seen.attachments[0].name).toBe(`notes ${MASK}.pdf`);
    const { url } = (await api(t, cast.writer, 'post', `${thread}/${posted.body.id}/attachments/${seen.attachments[0].id}/url`).expect(200))
      .body;
    expect((await download(t, url).expect(200)).headers['content-disposition']).not.toMatch(/555/);

    // Its author and staff read it as written; staff also see what the other party reads.
    expect((await api(t, cast.client, 'get', thread).expect(200)).body.items[0].body).toBe(body);
    const staff = (await api(t, cast.admin, 'get', thread).expect(200)).body.items[0];
    expect(staff).toMatchObject({ body, maskedBody: seen.body });
    expect((await OrderMessage.findByPk(posted.body.id))!.maskedBody).toBe(seen.body);
  });

  it('masks a message stored before the screening knew the trick, when it is read', async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    const thread = `/orders/${order.id}/threads/client_writer/messages`;
    const posted = (await api(t, cast.writer, 'post', thread).send({ body: 'Thanks, noted.' }).expect(201)).body;
    // As a row written by the old screening would be: the contact in it, nothing masked.
    await OrderMessage.update({ body: `Thanks, noted. ${HANDLE}`, maskedBody: null, flags: [] }, { where: { id: posted.id } });
    expectScreened((await api(t, cast.client, 'get', thread).expect(200)).body.items[0].body);
  });
});
