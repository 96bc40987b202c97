import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Op } from 'sequelize';
import { User } from '../../src/identity/models.js';
import {
  cancelCampaign,
  createCampaign,
  pauseCampaign,
  resumeCampaign,
  runEmailCampaigns,
  scheduleCampaign,
  sendCampaignTest,
  updateCampaign,
} from '../../src/notifications/campaigns/index.js';
import { CampaignRecipient, EmailCampaign, EmailUnsubscribe } from '../../src/notifications/campaigns/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { sql } from '../../src/platform/database.js';
import { AppError } from '../../src/platform/errors.js';
import { HOST_A, HOST_B, readMails, type Mail } from '../identity/helpers.js';
import { actorFor, newClient } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * Mass email campaigns through the services and the job: strict templates, scheduling, throttled
 * batches, pause/resume/cancel, at-most-once across a crash, one-click unsubscribe honoured by
 * later campaigns, a test send to oneself.
 */
let t: TestApp;
let admin: Actor;
let websiteId: number;
beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  websiteId = admin.websiteId!;
  for (let i = 0; i < 8; i++) await newClient(websiteId);
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const MINUTE = 60_000;
const campaignMails = async (campaignId: number): Promise<Mail[]> =>
  (await readMails(t.dataDir)).filter((m) => m.file.includes(`-campaign-${campaignId}-`));
/** A header's value, unfolded (long headers are folded onto continuation lines). */
const headerOf = (mail: Mail, name: string) =>
  new RegExp(`^${name}: (.+)$`, 'm').exec(mail.text.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.trim() ?? null;
const toOf = (mail: Mail) => headerOf(mail, 'To')!;
const clients = async () =>
  (await User.findAll({ where: { websiteId, role: 'client', status: { [Op.in]: ['active', 'probation'] } } })).map((u) => u.email);

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const base = {
  name: 'December news',
  subject: 'News for {{firstName}} from {{brand.name}}',
  html: '<p>Hello {{name}},</p><p>Our winter offers at {{websiteName}}.</p>',
  audience: '{"role":"client"}',
};

describe('email campaigns', () => {
  it('refuse unknown variables, helpers and bad audiences at save, naming them', async () => {
    const unknown = await refused(createCampaign(admin, { ...base, html: '<p>{{orderTotal}}</p>', throttlePerMinute: 10 }));
    expect(unknown.fields?.html).toMatch(/unknown variable "orderTotal"/);
    const helper = await refused(createCampaign(admin, { ...base, subject: '{{lookup brand "name"}}', throttlePerMinute: 10 }));
    expect(helper.fields?.subject).toMatch(/unknown helper "lookup"/);
    const broken = await refused(createCampaign(admin, { ...base, html: '<p>{{#if name}}open</p>', throttlePerMinute: 10 }));
    expect(broken.fields?.html).toMatch(/does not compile/);
    const audience = await refused(createCampaign(admin, { ...base, audience: '{"role":"client","colour":"red"}', throttlePerMinute: 10 }));
    expect(audience.fields?.audience).toMatch(/colour/);
    const other = await refused(createCampaign(admin, { ...base, audience: '{"role":"client","websiteId":999}', throttlePerMinute: 10 }));
    expect(other.fields?.audience).toMatch(/superadmin/);
    const throttle = await refused(createCampaign(admin, { ...base, throttlePerMinute: 0 }));
    expect(throttle.fields?.throttlePerMinute).toBeDefined();
    const support = await refused(createCampaign(await actorFor('support@scriptorium.test'), { ...base, throttlePerMinute: 10 }));
    expect(support.code).toBe('forbidden');
  });

  it('send to the audience in throttled batches; pause stops, resume continues; each client once, with List-Unsubscribe', async () => {
    const audience = await clients();
    expect(audience.length).toBeGreaterThanOrEqual(5);
    const campaign = await createCampaign(admin, { ...base, throttlePerMinute: 2 });
    expect(campaign).toMatchObject({ status: 'draft', websiteId });
    await updateCampaign(admin, campaign.id, { name: 'December news (final)' });
    expect((await refused(scheduleCampaign(admin, campaign.id, '2020-01-01T00:00:00Z'))).fields?.at).toMatch(/past/);
    expect((await refused(scheduleCampaign(admin, campaign.id, 'tomorrow'))).fields?.at).toBeDefined();
    await scheduleCampaign(admin, campaign.id, new Date(clock.now().getTime() + 10 * MINUTE).toISOString());
    expect((await refused(updateCampaign(admin, campaign.id, { name: 'x' }))).details?.currentStatus).toBe('scheduled');

    expect(await runEmailCampaigns()).toMatchObject({ started: 0, sent: 0 }); // not due yet
    clock.travel(11 * MINUTE);
    expect(await runEmailCampaigns()).toMatchObject({ started: 1, sent: 2 });
    expect(await runEmailCampaigns()).toMatchObject({ sent: 0 }); // the minute's budget is spent
    await campaign.reload();
    expect(campaign).toMatchObject({ status: 'sending', recipientsCount: audience.length, sentCount: 2, queuedCount: audience.length - 2 });

    await pauseCampaign(admin, campaign.id);
    clock.travel(2 * MINUTE);
    expect(await runEmailCampaigns()).toMatchObject({ sent: 0 });
    await resumeCampaign(admin, campaign.id);
    expect((await campaign.reload()).status).toBe('sending');
    expect(await runEmailCampaigns()).toMatchObject({ sent: 2 });

    for (let i = 0; i < audience.length && (await campaign.reload()).status === 'sending'; i++) {
      clock.travel(2 * MINUTE);
      await runEmailCampaigns();
    }
    await campaign.reload();
    expect(campaign).toMatchObject({ status: 'sent', sentCount: audience.length, queuedCount: 0, failedCount: 0 });

    const mails = await campaignMails(campaign.id);
    expect(mails.map(toOf).sort()).toEqual([...audience].sort()); // each exactly once
    const sample = mails[0]!;
    expect(headerOf(sample, 'List-Unsubscribe')).toMatch(/^<http:\/\/localhost:\d+\/api\/v1\/email\/unsubscribe\?token=[\w.-]+>$/);
    expect(headerOf(sample, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(sample.text).toMatch(/Unsubscribe<\/a>/); // the link in the body, added under the template
    expect(headerOf(sample, 'Subject')).toMatch(/^News for \S+ from /);
  });

  it('a re-run after a crash sends each recipient once: claimed rows and a send cut off go again, a send that went out does not', async () => {
    const campaign = await createCampaign(admin, { ...base, name: 'Crash test', throttlePerMinute: 1 });
    await scheduleCampaign(admin, campaign.id, 'now');
    expect(await runEmailCampaigns()).toMatchObject({ started: 1, sent: 1 });
    // A worker claimed four rows and sent none (crashed); another crashed while sending two: one
    // cut off before the mail server took it, one after (the mail record says sent).
    const queued = await CampaignRecipient.findAll({ where: { campaignId: campaign.id, status: 'queued' }, order: [['id', 'ASC']] });
    expect(queued.length).toBeGreaterThanOrEqual(6);
    const past = new Date(clock.now().getTime() - MINUTE);
    const claimed = queued.slice(0, 4).map((r) => r.id);
    const cutOff = queued[4]!;
    const wentOut = queued[5]!;
    await sql(
      `UPDATE email_campaign_recipients SET status = 'claimed', claim_token = gen_random_uuid(), claimed_at = $2, lease_until = $2, attempts = 1 WHERE id = ANY($1::bigint[])`,
      [claimed, past],
    );
    await sql(
      `UPDATE email_campaign_recipients SET status = 'sending', claim_token = gen_random_uuid(), claimed_at = $2, lease_until = $2, attempts = 1 WHERE id = ANY($1::bigint[])`,
      [[cutOff.id, wentOut.id], past],
    );
    await sql(
      `INSERT INTO email_messages (website_id, recipient, template_key, subject, status, provider_message_id)
       VALUES ($1, $2, $3, 'News', 'queued', NULL), ($1, $4, $3, 'News', 'sent', '<sent-before-the-crash@test>')`,
      [campaign.websiteId, cutOff.email, `campaign-${campaign.id}`, wentOut.email],
    );
    await sql(`UPDATE email_campaigns SET throttle_per_minute = 1000 WHERE id = $1`, [campaign.id]);
    clock.travel(2 * MINUTE);
    // Two workers at once.
    await Promise.all([runEmailCampaigns(), runEmailCampaigns()]);
    await runEmailCampaigns();

    const rows = await CampaignRecipient.findAll({ where: { campaignId: campaign.id } });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.find((r) => r.id === wentOut.id)!.providerId).toBe('<sent-before-the-crash@test>');
    const mails = (await campaignMails(campaign.id)).map(toOf);
    expect(new Set(mails).size).toBe(mails.length); // nobody twice
    expect(mails).toContain(cutOff.email); // sent again: it never went out
    expect(mails).not.toContain(wentOut.email); // it went out before the crash
    expect(mails.length).toBe(rows.length - 1);
    expect(await campaign.reload()).toMatchObject({ status: 'sent', sentCount: rows.length, failedCount: 0 });
  });

  it('unsubscribe by GET (link) and POST (one-click) with the token; later campaigns skip those addresses; bad tokens are 400', async () => {
    const first = await EmailCampaign.findOne({ where: { name: 'December news (final)' } });
    const mails = await campaignMails(first!.id);
    const urlOf = (mail: Mail) => headerOf(mail, 'List-Unsubscribe')!.slice(1, -1);
    const [a, b] = [mails[0]!, mails[1]!];
    const path = (mail: Mail) => new URL(urlOf(mail)).pathname + new URL(urlOf(mail)).search;

    const page = await request(t.app).get(path(a)).set('Host', HOST_A).set('Accept', 'text/html').expect(200);
    expect(page.text).toMatch(/You are unsubscribed/);
    const again = await request(t.app).get(path(a)).set('Host', HOST_A).expect(200);
    expect(again.body).toMatchObject({ unsubscribed: true, changed: false });
    const oneClick = await request(t.app).post(path(b)).set('Host', HOST_A).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(oneClick.body).toMatchObject({ unsubscribed: true, changed: true });
    expect(await EmailUnsubscribe.count({ where: { websiteId } })).toBe(2);

    const token = new URL(urlOf(a)).searchParams.get('token')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const bad = await request(t.app).get(`/api/v1/email/unsubscribe?token=${tampered}`).set('Host', HOST_A).expect(400);
    expect(bad.body.error.message).toMatch(/invalid/);
    await request(t.app).post('/api/v1/email/unsubscribe').set('Host', HOST_A).expect(400);
    const elsewhere = await request(t.app).post(path(a)).set('Host', HOST_B).expect(400);
    expect(elsewhere.body.error.message).toMatch(/another website/);

    const later = await createCampaign(admin, { ...base, name: 'January news', throttlePerMinute: 1000 });
    await scheduleCampaign(admin, later.id, 'now');
    await runEmailCampaigns();
    await later.reload();
    expect(later).toMatchObject({ status: 'sent', unsubscribedCount: 2 });
    const laterTo = (await campaignMails(later.id)).map(toOf);
    expect(laterTo).not.toContain(toOf(a));
    expect(laterTo).not.toContain(toOf(b));
    expect(laterTo.length).toBe(later.recipientsCount - 2);
  });

  it('cancel stops a sending campaign (what waits is skipped); a test goes to the staff member’s own address', async () => {
    const campaign = await createCampaign(admin, { ...base, name: 'Cancelled news', throttlePerMinute: 1 });
    const test = await sendCampaignTest(admin, campaign.id);
    const me = (await User.findByPk(admin.userId!))!;
    expect(test.to).toBe(me.email);
    const testMail = (await readMails(t.dataDir)).find((m) => m.file.includes('-campaign-test-'));
    expect(headerOf(testMail!, 'Subject')).toMatch(/^\[Test\] News for/);
    expect(toOf(testMail!)).toBe(me.email);

    const adminB = await actorFor('admin@b.scriptorium.test');
    expect((await refused(sendCampaignTest(adminB, campaign.id))).code).toBe('not_found');
    expect((await refused(pauseCampaign(adminB, campaign.id))).code).toBe('not_found');

    await scheduleCampaign(admin, campaign.id, 'now');
    expect(await runEmailCampaigns()).toMatchObject({ sent: 1 });
    await cancelCampaign(admin, campaign.id, 'Wrong offer');
    clock.travel(2 * MINUTE);
    await runEmailCampaigns();
    await campaign.reload();
    expect(campaign.status).toBe('cancelled');
    expect(campaign.sentCount).toBe(1);
    expect(campaign.skippedCount).toBe(campaign.recipientsCount - 1 - campaign.unsubscribedCount);
    expect((await refused(resumeCampaign(admin, campaign.id))).details?.currentStatus).toBe('cancelled');
    expect(await campaignMails(campaign.id)).toHaveLength(1);
  });

  it('a superadmin addresses any website by naming it; an admin of another website never sees the campaign', async () => {
    const superadmin = await actorFor('superadmin@scriptorium.test');
    const adminB = await actorFor('admin@b.scriptorium.test');
    const unnamed = await refused(createCampaign(superadmin, { ...base, throttlePerMinute: 10 }));
    expect(unnamed.fields?.audience).toMatch(/websiteId/);
    const campaign = await createCampaign(superadmin, {
      ...base,
      name: 'For website B',
      audience: JSON.stringify({ role: 'client', websiteId: adminB.websiteId }),
      throttlePerMinute: 10,
    });
    expect(campaign.websiteId).toBe(adminB.websiteId);
    await updateCampaign(superadmin, campaign.id, { name: 'For website B (edited)' });
    expect((await refused(pauseCampaign(admin, campaign.id))).code).toBe('not_found');
    await scheduleCampaign(adminB, campaign.id, 'now');
    await runEmailCampaigns();
    await campaign.reload();
    const bClients = await User.count({
      where: { websiteId: adminB.websiteId!, role: 'client', status: { [Op.in]: ['active', 'probation'] } },
    });
    expect(campaign).toMatchObject({ status: 'sent', recipientsCount: bClients, sentCount: bClients });
    const mail = (await campaignMails(campaign.id))[0]!;
    expect(headerOf(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/b\.localhost[:/]/);
  });
});
