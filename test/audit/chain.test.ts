import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_JOBS } from '../../jobs/audit.js';
import { recordAudit, sealAuditChain, verifyAuditChain } from '../../src/audit/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { inTransaction, sql } from '../../src/platform/database.js';
import { actorFor } from '../orders/fixtures.js';
import { runMainCommand } from '../support/command.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The audit log's hash chain per website: rows are sealed after commit (audit.seal, and
 * audit:verify before it checks); the check passes on an untouched log and, after any sealed row is
 * changed, removed from the middle or cut from the end, fails naming the first row that does not
 * hold — through the service and through `npm run audit:verify` as a process (exit 1).
 */
let t: TestApp;
let adminA: Actor;
let adminB: Actor;

beforeAll(async () => {
  t = await startTestApp();
  adminA = await actorFor('admin@scriptorium.test');
  adminB = await actorFor('admin@b.scriptorium.test');
});
afterAll(() => t?.close());

const audit = (actor: Actor, n: number, websiteId: number | null = actor.websiteId) =>
  inTransaction(() =>
    recordAudit(actor, {
      action: 'test.chain',
      targetType: 'thing',
      targetId: n,
      websiteId,
      before: { n: n - 1 },
      after: { n },
      reason: `step ${n}`,
    }),
  );
const idsOf = async (websiteId: number) =>
  (await sql<{ id: number }>(`SELECT id FROM audit_logs WHERE website_id = $1 AND action = 'test.chain' ORDER BY id`, [websiteId])).map(
    (r) => r.id,
  );

const auditVerify = () => runMainCommand(t, ['audit:verify']);

describe('the audit hash chain', () => {
  it('seals committed rows into one chain per website, once, under concurrent sealers', async () => {
    expect(AUDIT_JOBS.seal.name).toBe('audit.seal');
    for (let n = 1; n <= 5; n++) await audit(adminA, n);
    for (let n = 1; n <= 3; n++) await audit(adminB, n);
    await audit(adminA, 99, null);
    await Promise.all([sealAuditChain(), sealAuditChain(), sealAuditChain()]);
    const unsealed = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_logs WHERE hash IS NULL`, []);
    expect(unsealed[0]!.n).toBe(0);
    const seqs = await sql<{ key: number; seqs: number[] }>(
      `SELECT COALESCE(website_id, 0) AS key, array_agg(chain_seq ORDER BY chain_seq) AS seqs FROM audit_logs GROUP BY 1`,
      [],
    );
    for (const chain of seqs) expect(chain.seqs.map(Number)).toEqual(chain.seqs.map((_, i) => i + 1));
    const check = await verifyAuditChain();
    expect(check).toMatchObject({ ok: true, firstBreak: null, unsealed: 0 });
    expect(check.chains).toBeGreaterThanOrEqual(3);
  });

  it('names a row changed after sealing, and passes again once it is put back', async () => {
    const [, second] = await idsOf(adminA.websiteId!);
    const [{ changes }] = (await sql<{ changes: string }>(`SELECT changes::text AS changes FROM audit_logs WHERE id = $1`, [second])) as [
      { changes: string },
    ];
    await sql(`UPDATE audit_logs SET changes = jsonb_set(changes, '{reason}', '"nothing happened"') WHERE id = $1`, [second]);
    const check = await verifyAuditChain();
    expect(check.ok).toBe(false);
    expect(check.firstBreak).toMatchObject({ kind: 'content', auditId: second });
    await sql(`UPDATE audit_logs SET changes = $2::jsonb WHERE id = $1`, [second, changes]);
    expect((await verifyAuditChain()).ok).toBe(true);
    // Any column counts: the actor's role.
    await sql(`UPDATE audit_logs SET actor_role = 'support' WHERE id = $1`, [second]);
    expect((await verifyAuditChain()).firstBreak).toMatchObject({ kind: 'content', auditId: second });
    await sql(`UPDATE audit_logs SET actor_role = 'admin' WHERE id = $1`, [second]);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('npm run audit:verify exits 0 on an intact log and 1 naming the first broken row', async (ctx) => {
    // The child process needs a database it can reach: the embedded one lives in this process's memory.
    if (!t.realPostgres) ctx.skip();
    const fine = await auditVerify();
    expect(fine.output).toContain('Intact');
    expect(fine.code).toBe(0);
    const [, , third] = await idsOf(adminA.websiteId!);
    await sql(`UPDATE audit_logs SET target_id = 'other' WHERE id = $1`, [third]);
    const broken = await auditVerify();
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`Broken at audit row ${third}`);
    await sql(`UPDATE audit_logs SET target_id = '3' WHERE id = $1`, [third]);
  }, 60_000);

  it('names the row after one removed from the middle, and the chain’s head after its end is cut', async () => {
    const [first, second, third] = await idsOf(adminB.websiteId!);
    await sql(`DELETE FROM audit_logs WHERE id = $1`, [second]);
    expect((await verifyAuditChain()).firstBreak).toMatchObject({ kind: 'link', auditId: third, chainKey: adminB.websiteId });
    // A row appended later still does not mend it.
    await audit(adminB, 4);
    expect((await verifyAuditChain()).firstBreak).toMatchObject({ auditId: third });

    // The end of website A's chain cut: its head names the last row it sealed.
    const [last] = await sql<{ id: number }>(`SELECT id FROM audit_logs WHERE website_id = $1 ORDER BY chain_seq DESC LIMIT 1`, [
      adminA.websiteId,
    ]);
    await sql(`DELETE FROM audit_logs WHERE id = $1`, [last!.id]);
    const check = await verifyAuditChain();
    expect(check.ok).toBe(false);
    expect(check.breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'head', auditId: last!.id, chainKey: adminA.websiteId }),
        expect.objectContaining({ kind: 'link', auditId: third, chainKey: adminB.websiteId }),
      ]),
    );
    expect(first).toBeLessThan(third!);
  });
});
