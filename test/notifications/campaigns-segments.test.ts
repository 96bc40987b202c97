import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { segmentQuery } from '../../src/notifications/campaigns/segments.js';
import type { Audience } from '../../src/notifications/campaigns/rules.js';
import { clock } from '../../src/platform/clock.js';
import { sql } from '../../src/platform/database.js';
import { actorFor, newClient, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * Segments resolved in SQL: role, writer level (a writer without a profile is at the lowest level),
 * signed in within N days, ordered within N days; only active accounts of the one website.
 */
let t: TestApp;
let websiteId: number;
let websiteB: number;
beforeAll(async () => {
  t = await startTestApp();
  websiteId = (await actorFor('admin@scriptorium.test')).websiteId!;
  websiteB = (await actorFor('admin@b.scriptorium.test')).websiteId!;
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const members = async (site: number, audience: Audience, asOf = clock.now()): Promise<number[]> => {
  const q = segmentQuery(site, audience, asOf);
  return (await sql<{ user_id: number }>(q.text, q.values)).map((r) => Number(r.user_id));
};

describe('segments', () => {
  it('narrow by role, level, activity and orders, inside one website, active accounts only', async () => {
    const senior = await newWriter(websiteId);
    const entry = await newWriter(websiteId); // no profile: the lowest level
    const suspended = await newWriter(websiteId, { status: 'suspended' });
    const writerB = await newWriter(websiteB);
    const [{ id: seniorLevel }] = (await sql<{ id: number }>(`SELECT id FROM writer_levels WHERE website_id = $1 AND name = 'Senior'`, [
      websiteId,
    ])) as [{ id: number }];
    await sql(`INSERT INTO writer_profiles (website_id, writer_id, level_id) VALUES ($1, $2, $3)`, [websiteId, senior.userId, seniorLevel]);

    const writers = await members(websiteId, { role: 'writer' });
    expect(writers).toEqual(expect.arrayContaining([senior.userId, entry.userId]));
    expect(writers).not.toContain(suspended.userId);
    expect(writers).not.toContain(writerB.userId);
    expect(await members(websiteB, { role: 'writer' })).toContain(writerB.userId);

    const seniors = await members(websiteId, { role: 'writer', writerLevel: 'senior' });
    expect(seniors).toContain(senior.userId);
    expect(seniors).not.toContain(entry.userId);
    const entries = await members(websiteId, { role: 'writer', writerLevel: 'Entry' });
    expect(entries).toContain(entry.userId);
    expect(entries).not.toContain(senior.userId);

    await sql(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [entry.userId, new Date(clock.now().getTime() - 3 * 86_400_000)]);
    const active7 = await members(websiteId, { activeWithinDays: 7 });
    expect(active7).toContain(entry.userId);
    expect(active7).not.toContain(senior.userId); // never signed in
    expect(await members(websiteId, { activeWithinDays: 2 })).not.toContain(entry.userId);

    const buyer = await newClient(websiteId);
    const idle = await newClient(websiteId);
    await paidOrder(buyer);
    const ordered = await members(websiteId, { role: 'client', orderedWithinDays: 7 });
    expect(ordered).toContain(buyer.userId);
    expect(ordered).not.toContain(idle.userId);
    expect(await members(websiteId, { role: 'client' })).toEqual(expect.arrayContaining([buyer.userId, idle.userId]));
    clock.travel(8 * 86_400_000);
    expect(await members(websiteId, { role: 'client', orderedWithinDays: 7 })).not.toContain(buyer.userId);

    const everyone = await members(websiteId, {});
    expect(everyone).toEqual(expect.arrayContaining([senior.userId, entry.userId, buyer.userId, idle.userId]));
    expect(everyone).not.toContain(writerB.userId);
  });
});
