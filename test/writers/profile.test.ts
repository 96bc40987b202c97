import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITER_LEVEL_JOBS } from '../../jobs/writer-levels.js';
import { User } from '../../src/identity/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { sql } from '../../src/platform/database.js';
import { clock } from '../../src/platform/clock.js';
import { Order } from '../../src/orders/models.js';
import { issueWarning } from '../../src/writers/levels/index.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { adminGet, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

type Who = Actor & { userId: number; websiteId: number };
const HOUR = 3_600_000;

let t: TestApp;
let admin: Agent;
let client: Who;
let staff: Who;
let writer: User;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as Who;
  staff = (await actorFor('admin@scriptorium.test')) as Who;
  writer = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
});
afterAll(() => t?.close());

const profile = async (email = 'writer@scriptorium.test', status = 200) => {
  const token = (await login(t.app, email)).accessToken;
  return request(t.app).get('/api/v1/writer/profile').set('Host', HOST_A).set('Authorization', `Bearer ${token}`).expect(status);
};

describe('GET /api/v1/writer/profile', () => {
  it('shows the writer their level, the next level and how far, caps, warnings and badges; staff see the same', async () => {
    const fresh = await profile();
    expect(fresh.body).toMatchObject({
      level: { name: 'Entry', rank: 0, pageCents: 200, tipShareBp: 9_000 },
      score: { scoreBp: null, parts: null, evaluatedAt: null },
      rating: { count: 0, average: null },
      nextLevel: { name: 'Standard', thresholds: { minCompletedOrders: 10, minCompositeBp: 7_000 }, toGo: { completedOrders: 10 } },
      badges: [],
      warnings: [],
      restriction: null,
      caps: { maxActiveOrders: 3, urgentWithinHours: 6, canTakeNewWork: true },
    });

    const endsAt = new Date(clock.now().getTime() + 48 * HOUR);
    await issueWarning(staff, writer.id, { kind: 'probation', reason: 'Missed two deadlines', endsAt });
    // 50 deliveries on time in a row: the badge job awards the badge once.
    for (let i = 0; i < 50; i++) {
      const order = await paidOrder(client, { pages: 1 });
      const deliveredAt = new Date(clock.now().getTime() - (60 - i) * HOUR);
      await Order.update(
        {
          writerId: writer.id,
          status: 'completed',
          deliveredAt,
          writerDeadline: new Date(deliveredAt.getTime() + HOUR),
          completedAt: deliveredAt,
        },
        { where: { id: order.id } },
      );
    }
    expect(await WRITER_LEVEL_JOBS.awardBadges.run()).toEqual({ awarded: 1 });
    expect(await WRITER_LEVEL_JOBS.awardBadges.run()).toEqual({ awarded: 0 });
    // Two approved reviews counted in the writer's rating (the reviews area keeps these totals).
    await sql(`INSERT INTO review_ratings (subject, subject_id, website_id, review_count, rating_sum) VALUES ('writer', $1, $2, 2, 9)`, [
      writer.id,
      writer.websiteId,
    ]);

    const now = await profile();
    expect(now.body).toMatchObject({
      warnings: [{ kind: 'probation', reason: 'Missed two deadlines', endsAt: endsAt.toISOString() }],
      restriction: { kind: 'probation', endsAt: endsAt.toISOString() },
      caps: { canTakeNewWork: false },
      badges: [{ code: 'on_time_50', label: '50 on-time deliveries in a row' }],
      rating: { count: 2, average: 4.5 },
    });

    const shown = await adminGet(admin, `users/records/${writer.id}/standing`).expect(200);
    expect(shown.body.preview).toMatchObject({
      level: { name: 'Entry' },
      restriction: { kind: 'probation' },
      badges: [{ code: 'on_time_50' }],
    });

    await profile('client@scriptorium.test', 403);
    await request(t.app).get('/api/v1/writer/profile').set('Host', HOST_A).expect(401);
  }, 120_000); // a dozen orders through the services: slow on a loaded CI machine
});
