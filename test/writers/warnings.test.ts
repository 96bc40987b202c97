import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WRITER_LEVEL_JOBS } from '../../jobs/writer-levels.js';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { WriterWarning } from '../../src/writers/levels/models.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { adminPost, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

type Who = Actor & { userId: number; websiteId: number };
const DAY = 86_400_000;

let t: TestApp;
let admin: Agent;
let support: Agent;
let client: Who;
let staff: Who;
let writer: User;
let token: string;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as Who;
  staff = (await actorFor('admin@scriptorium.test')) as Who;
  writer = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
  await writer.update({ maxActiveOrders: 100 });
  token = (await login(t.app, 'writer@scriptorium.test')).accessToken;
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const ask = (orderId: number) =>
  request(t.app).post(`/api/v1/writer/orders/${orderId}/request`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`).send({});
const issue = (agent: Agent, fields: Record<string, string>) => adminPost(agent, 'writer_warnings/actions/new', fields);
const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

describe('warnings, probation and suspension (RULES.md "Writers")', () => {
  it('an admin puts a writer on probation from the back office: no new requests or takes until the job lifts it at the end date', async () => {
    const refused = await issue(support, {
      writerId: String(writer.id),
      kind: 'probation',
      reason: 'Late twice',
      endsAt: inDays(2),
    }).expect(200);
    expect(refused.body.record?.baseError?.type ?? refused.body.notice?.type).toMatch(/ForbiddenError|error/);
    const noReason = await issue(admin, { writerId: String(writer.id), kind: 'probation', reason: '', endsAt: inDays(2) }).expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('reason') });
    const past = await issue(admin, { writerId: String(writer.id), kind: 'probation', reason: 'Late', endsAt: inDays(-1) }).expect(200);
    expect(past.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('endsAt') });
    expect(await WriterWarning.count({ where: { writerId: writer.id } })).toBe(0);

    const before = await paidOrder(client, { pages: 1 });
    expect((await ask(before.id)).status).toBeLessThan(300);

    const ok = await issue(admin, { writerId: String(writer.id), kind: 'probation', reason: 'Late twice', endsAt: inDays(2) }).expect(200);
    expect(ok.body.notice.type).toBe('success');
    const warning = (await WriterWarning.findOne({ where: { writerId: writer.id } }))!;
    expect(warning).toMatchObject({ kind: 'probation', status: 'active', reason: 'Late twice' });
    expect(await AuditLog.count({ where: { action: 'writer.probation', targetId: String(writer.id) } })).toBe(1);

    const order = await paidOrder(client, { pages: 1 });
    const denied = await ask(order.id).expect(403);
    expect(denied.body.error.message).toMatch(/probation/);
    clock.travel(20 * 60_000); // past the preview: a take is refused the same way (a fresh token: time moved)
    token = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    await request(t.app)
      .post(`/api/v1/writer/orders/${order.id}/take`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${token}`)
      .send({})
      .expect(403);

    // The job lifts nothing before the end date, then lifts it.
    expect(await WRITER_LEVEL_JOBS.liftWarnings.run()).toEqual({ lifted: 0 });
    clock.travel(2 * DAY);
    expect(await WRITER_LEVEL_JOBS.liftWarnings.run()).toEqual({ lifted: 1 });
    expect(await warning.reload()).toMatchObject({ status: 'lifted', liftedBy: null });
    expect(await AuditLog.count({ where: { action: 'writer.warning_lifted', targetId: String(writer.id) } })).toBe(1);
    token = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    expect((await ask(order.id)).status).toBeLessThan(300);
    expect(WRITER_LEVEL_JOBS.liftWarnings.name).toBe('writers.lift-warnings');
  });

  it('a suspension stops assignments by staff too; a plain warning restricts nothing; an admin lifts early with a reason', async () => {
    const other = await newWriter(client.websiteId);
    const warned = await issue(admin, { writerId: String(other.userId), kind: 'warning', reason: 'Tone', endsAt: inDays(30) }).expect(200);
    expect(warned.body.notice.type).toBe('success');
    const first = await paidOrder(client, { pages: 1 });
    await assignWriter(staff, first.id, { writerId: other.userId, autoAccept: true });

    await issue(admin, { writerId: String(other.userId), kind: 'suspension', reason: 'Plagiarism', endsAt: inDays(7) }).expect(200);
    const second = await paidOrder(client, { pages: 1 });
    await expect(assignWriter(staff, second.id, { writerId: other.userId, autoAccept: true })).rejects.toThrow(/suspended/);

    const suspension = (await WriterWarning.findOne({ where: { writerId: other.userId, kind: 'suspension' } }))!;
    const noReason = await adminPost(admin, `writer_warnings/records/${suspension.id}/lift`, {}).expect(200);
    expect(noReason.body.notice.type).toBe('error');
    const lifted = await adminPost(admin, `writer_warnings/records/${suspension.id}/lift`, { reason: 'Appeal upheld' }).expect(200);
    expect(lifted.body.notice.type).toBe('success');
    expect(await suspension.reload()).toMatchObject({ status: 'lifted', liftReason: 'Appeal upheld', liftedBy: expect.any(Number) });
    await assignWriter(staff, second.id, { writerId: other.userId, autoAccept: true });
  });
});
