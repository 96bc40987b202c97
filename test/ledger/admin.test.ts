import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { accountBalance } from '../../src/ledger/index.js';
import { actorFor } from '../orders/fixtures.js';
import { adminGet, adminPost, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Actor & { userId: number; websiteId: number };
let adminActor: Actor;
let walletId: number;
let topUpId: number;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as typeof client;
  adminActor = await actorFor('admin@scriptorium.test');
  const topUp = await fundWallet(client.websiteId, client.userId, 1_000);
  topUpId = topUp.id;
  walletId = topUp.entries.find((e) => e.account.kind === 'client_wallet')!.accountId;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const adjust = (agent: Agent, data: Record<string, string>, host = 'localhost') =>
  adminPost(agent, `ledger_accounts/records/${walletId}/adjust`, data, host);
const wallet = async () => (await accountBalance(adminActor, { kind: 'client_wallet', ownerId: client.userId })).balanceCents;

describe('ledger resources', () => {
  it('support lists and filters accounts of its website; another website sees none of them', async () => {
    const list = await adminGet(support, 'ledger_accounts/actions/list?filters.kind=client_wallet&perPage=500').expect(200);
    const records = list.body.records as Array<{ id: string; params: Record<string, unknown> }>;
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.params.kind === 'client_wallet')).toBe(true);
    expect(records.find((r) => Number(r.id) === walletId)?.params).toMatchObject({
      ownerId: client.userId,
      balanceCents: 1_000,
      currency: 'USD',
    });
    const foreign = await adminGet(adminB, 'ledger_accounts/actions/list?perPage=500', 'b.localhost').expect(200);
    expect((foreign.body.records as Array<{ id: string }>).some((r) => Number(r.id) === walletId)).toBe(false);
    const hidden = await adminGet(adminB, `ledger_accounts/records/${walletId}/show`, 'b.localhost').expect(404);
    expect(hidden.body.error.code).toBe('not_found');
  });

  it('a transaction shows its entries; an account its latest entries', async () => {
    const entries = await adminGet(support, `ledger_transactions/records/${topUpId}/lines`).expect(200);
    expect(entries.body.lines).toEqual([
      expect.objectContaining({ account: `client wallet #${client.userId}`, amountCents: 1_000 }),
      expect.objectContaining({ account: 'stripe clearing', amountCents: -1_000 }),
    ]);
    const history = await adminGet(support, `ledger_accounts/records/${walletId}/lines`).expect(200);
    expect(history.body.lines[history.body.lines.length - 1]).toMatchObject({
      transactionId: topUpId,
      kind: 'wallet_topup_card',
      amountCents: 1_000,
    });
  });

  it('nothing is created, edited or deleted through the adapter', async () => {
    const created = await adminPost(admin, 'ledger_accounts/actions/new', { kind: 'client_wallet', balanceCents: '100' });
    expect(created.text).toContain('ForbiddenError');
    for (const action of ['edit', 'delete']) {
      const res = await adminPost(admin, `ledger_transactions/records/${topUpId}/${action}`, { memo: 'x' }).expect(200);
      expect(res.body.record.baseError.type).toBe('ForbiddenError');
    }
    const edit = await adminPost(admin, `ledger_accounts/records/${walletId}/edit`, { balanceCents: '999999' }).expect(200);
    expect(edit.body.record.baseError.type).toBe('ForbiddenError');
    expect(await wallet()).toBe(1_000);
  });
});

describe('adjust', () => {
  it('a GET gives the form its key and changes nothing; support may not adjust', async () => {
    const shown = await adminGet(admin, `ledger_accounts/records/${walletId}/adjust`).expect(200);
    expect(shown.body.preview.idempotencyKey).toMatch(/^admin-adjust:/);
    const refused = await adjust(support, { amountCents: '100', reason: 'please' }).expect(200);
    expect(refused.body.record.baseError.type).toBe('ForbiddenError');
    expect(await wallet()).toBe(1_000);
  });

  it('an admin posts an audited correction once per form, with a reason, never below zero', async () => {
    const missing = await adjust(admin, { amountCents: '100', reason: '' }).expect(200);
    expect(missing.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('reason') });
    const bad = await adjust(admin, { amountCents: '1.5', reason: 'x' }).expect(200);
    expect(bad.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('amountCents') });
    const tooMuch = await adjust(admin, { amountCents: '-1001', reason: 'Chargeback' }).expect(200);
    expect(tooMuch.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('Insufficient funds') });
    expect(await wallet()).toBe(1_000);

    const form = { amountCents: '-250', reason: 'Duplicate top-up credited by mistake', idempotencyKey: 'admin-adjust:test-form-1' };
    const done = await adjust(admin, form).expect(200);
    expect(done.body.notice).toMatchObject({ type: 'success' });
    expect(done.body.record.params.balanceCents).toBe(750);
    await adjust(admin, form).expect(200); // a double submit of the same form
    expect(await wallet()).toBe(750);
    const audits = await AuditLog.findAll({ where: { action: 'ledger.adjust', targetId: String(walletId) } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.changes).toMatchObject({
      before: { balanceCents: 1_000 },
      after: { balanceCents: 750 },
      reason: 'Duplicate top-up credited by mistake',
    });

    const other = await adjust(admin, { ...form, amountCents: '-300' }).expect(200);
    expect(other.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('idempotency key reused') });
    const foreign = await adjust(adminB, { amountCents: '5', reason: 'not mine' }, 'b.localhost').expect(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect(await wallet()).toBe(750);
  });
});
