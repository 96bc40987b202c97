import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/orders/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { sql } from '../../src/platform/database.js';
import { approveReview, reviewOrder, shadowReview, writerRating } from '../../src/reviews/index.js';
import { awardBadges, evaluateLevels } from '../../src/writers/levels/index.js';
import { WriterBadge, WriterEvaluation, WriterLevel, WriterProfile } from '../../src/writers/levels/models.js';
import { actorFor, newClient, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The writers' weekly evaluation reads the reviews' ratings (RULES.md "Writers": rating 0.40 of
 * the composite): the average of a writer's approved reviews written in the period, shadowed and
 * undecided ones left out; a low average holds a writer back whom the orders alone would promote.
 * And the "average ≥ 4.8 over 20 reviews" badge.
 */
type Who = Actor & { userId: number; websiteId: number };
const DAY = 86_400_000;
const HOUR = 3_600_000;

let t: TestApp;
let client: Who;
let staff: Who;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  staff = (await actorFor('admin@scriptorium.test')) as Who;
});
afterAll(() => t?.close());

const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const day = (n: number) => new Date(today.getTime() + n * DAY);

/** A completed order of `by` written by the writer, completed (on time) at `at`. */
async function completed(by: Who, writerId: number, at: Date) {
  const order = await paidOrder(by, { pages: 1 });
  const deliveredAt = new Date(at.getTime() - HOUR);
  await Order.update(
    { writerId, status: 'completed', assignedAt: day(-30), writerDeadline: at, deliveredAt, completedAt: at },
    { where: { id: order.id } },
  );
  return order;
}
const times = (n: number, make: () => Promise<unknown>) =>
  Array.from({ length: n }).reduce<Promise<unknown>>((p) => p.then(make), Promise.resolve());

/** A fresh client's order with the writer, reviewed by that client at `at` (approved unless asked otherwise). */
async function reviewed(writerId: number, rating: number, at: Date, decide: 'approve' | 'shadow' | 'none' = 'approve') {
  const reviewer = (await newClient(client.websiteId)) as Who;
  const order = await completed(reviewer, writerId, at);
  const review = await reviewOrder(reviewer, order.id, { target: 'writer', rating, text: null });
  if (decide !== 'none') await approveReview(staff, review.id);
  if (decide === 'shadow') await shadowReview(staff, review.id, 'Suspected');
  await sql(`UPDATE reviews SET created_at = $2 WHERE id = $1`, [review.id, at]);
  return review;
}

const levelOf = async (writerId: number) => {
  const profile = await WriterProfile.findOne({ where: { writerId } });
  return profile ? (await WriterLevel.findByPk(profile.levelId))!.name : 'Entry';
};

describe('the levels evaluation with ratings', () => {
  it('a well-rated writer is promoted with the rating counted at 40 %; a poorly rated one is held on the rating', async () => {
    const [liked, disliked, unrated] = await Promise.all([
      newWriter(client.websiteId),
      newWriter(client.websiteId),
      newWriter(client.websiteId),
    ]);
    // Both periods: the same on-time record for all three (Standard asks 10 completed by the end of the first).
    for (const w of [liked, disliked, unrated]) {
      await times(10, () => completed(client, w.userId, day(-10)));
      await times(2, () => completed(client, w.userId, day(-3)));
    }
    // Ratings: liked 5 and 4 in each period; disliked 2 and 3 (avg 2.5 < Standard's 4.00); unrated has a
    // pending and a shadowed review only, which do not count.
    for (const at of [day(-10), day(-3)]) {
      await reviewed(liked.userId, 5, at);
      await reviewed(liked.userId, 4, at);
      await reviewed(disliked.userId, 2, at);
      await reviewed(disliked.userId, 3, at);
    }
    await reviewed(unrated.userId, 1, day(-3), 'none');
    await reviewed(unrated.userId, 1, day(-3), 'shadow');

    await evaluateLevels(new Date(day(-7).getTime() + HOUR));
    const run = await evaluateLevels();
    expect(run.promoted).toBe(2);
    expect([await levelOf(liked.userId), await levelOf(disliked.userId), await levelOf(unrated.userId)]).toEqual([
      'Standard',
      'Entry',
      'Standard',
    ]);

    const likedProfile = (await WriterProfile.findOne({ where: { writerId: liked.userId } }))!;
    // 4.5 stars = 9000 bp at 40 %, everything else perfect: 0.4 × 9000 + 0.6 × 10000.
    expect(likedProfile.scoreParts).toMatchObject({ rating: { valueBp: 9_000, weight: 0.4 } });
    expect(likedProfile.scoreBp).toBe(9_600);
    const held = (await WriterEvaluation.findOne({ where: { writerId: disliked.userId }, order: [['periodEnd', 'DESC']] }))!;
    expect(held.decision).toBe('hold');
    expect(held.metrics).toMatchObject({ counts: { ratingCenti: 250 }, verdict: { missed: expect.arrayContaining(['rating']) } });
    const unratedEval = (await WriterEvaluation.findOne({ where: { writerId: unrated.userId }, order: [['periodEnd', 'DESC']] }))!;
    expect(unratedEval.metrics).toMatchObject({ counts: { ratingCenti: null } });
    expect(unratedEval.scoreBp).toBe(10_000);
  });

  it('awards the top-rated badge at an average of 4.8 or more over 20 reviews, once', async () => {
    const writer = await newWriter(client.websiteId);
    // 19 reviews of 5 and one of 2: 97/20 = 4.85 — but only 19 so far, no badge.
    for (let i = 0; i < 18; i++) await reviewed(writer.userId, 5, day(-1));
    await reviewed(writer.userId, 2, day(-1));
    await awardBadges();
    expect(await WriterBadge.count({ where: { writerId: writer.userId, code: 'top_rated' } })).toBe(0);
    await reviewed(writer.userId, 5, day(-1));
    expect(await writerRating(writer.userId)).toEqual({ count: 20, average: 4.85 });
    await awardBadges();
    await awardBadges();
    expect(await WriterBadge.count({ where: { writerId: writer.userId, code: 'top_rated' } })).toBe(1);
  }, 120_000);
});
