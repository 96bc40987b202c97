import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { runEmailCampaigns } from '../../src/notifications/campaigns/index.js';
import { Broadcast, CampaignRecipient, EmailCampaign } from '../../src/notifications/campaigns/models.js';
import { unsubscribeToken } from '../../src/notifications/campaigns/render.js';
import { sql } from '../../src/platform/database.js';
import { adminGet, adminPost, recordActions, signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * The back office's `email_campaigns` and `broadcasts` through its HTTP API, with the names
 * scripts rely on: `new` (name, subject, html, audience JSON, throttlePerMinute), `sendTest`,
 * `schedule` (at), `pause`, `resume`, `cancel`; GETs change nothing; support and other websites
 * are refused; each change is audited.
 */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
});
afterAll(() => t?.close());

const campaigns = recordActions('email_campaigns');
const form = {
  name: 'Back-office news',
  subject: 'Hello {{firstName}}',
  html: '<p>Hi {{name}}, news from {{brand.name}}. <a href="{{unsubscribeUrl}}">Stop these</a></p>',
  audience: '{"role":"client"}',
  throttlePerMinute: '100',
};

describe('email_campaigns in the back office', () => {
  it('new, sendTest, schedule, pause, resume, cancel — on POST only, for admins of the website, audited', async () => {
    const bad = await adminPost(admin, 'email_campaigns/actions/new', { ...form, html: '<p>{{secret}}</p>' }).expect(200);
    expect(bad.body.notice.type).toBe('error');
    expect(bad.body.record.errors.html.message).toMatch(/unknown variable "secret"/);
    expect(await EmailCampaign.count()).toBe(0);

    const created = await adminPost(admin, 'email_campaigns/actions/new', form).expect(200);
    expect(created.body.notice).toMatchObject({ type: 'success' });
    const campaign = (await EmailCampaign.findOne({ where: { name: form.name } }))!;
    expect(campaign).toMatchObject({ status: 'draft', throttlePerMinute: 100, audience: expect.stringContaining('"role":"client"') });
    expect(created.body.redirectUrl).toContain(`/records/${campaign.id}/show`);

    const refused = await adminPost(support, 'email_campaigns/actions/new', form).expect(200);
    expect(JSON.stringify(refused.body)).toMatch(/ForbiddenError|not allowed|Only admins/i);
    const other = await campaigns.act(adminB, campaign.id, 'pause', {}, 'b.localhost');
    expect(other.status === 404 || /not found|Forbidden/i.test(JSON.stringify(other.body))).toBe(true);
    expect((await campaign.reload()).status).toBe('draft'); // website B's admin changed nothing

    await campaigns.act(admin, campaign.id, 'sendTest').expect(200);
    await campaigns.get(admin, campaign.id, 'schedule').expect(200);
    expect((await campaign.reload()).status).toBe('draft'); // a GET changes nothing
    const past = await campaigns.act(admin, campaign.id, 'schedule', { at: '2001-01-01T00:00:00Z' }).expect(200);
    expect(past.body.notice.message).toMatch(/at is in the past/);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await campaigns.act(admin, campaign.id, 'schedule', { at }).expect(200);
    expect(scheduled.body.notice).toMatchObject({ type: 'success', message: 'The campaign is scheduled' });
    expect(await campaign.reload()).toMatchObject({ status: 'scheduled', scheduledAt: new Date(at) });
    const edit = await adminPost(admin, `email_campaigns/records/${campaign.id}/edit`, { name: 'Changed' }).expect(200);
    expect(edit.body.notice.message).toMatch(/cannot be edited/);

    await campaigns.act(admin, campaign.id, 'pause').expect(200);
    expect((await campaign.reload()).status).toBe('paused');
    await campaigns.act(admin, campaign.id, 'resume').expect(200);
    expect((await campaign.reload()).status).toBe('scheduled');
    await campaigns.act(admin, campaign.id, 'cancel', { reason: 'Changed our minds' }).expect(200);
    expect((await campaign.reload()).status).toBe('cancelled');

    const list = await adminGet(admin, 'email_campaigns/actions/list?filters.status=cancelled').expect(200);
    expect(list.body.records.map((r: { id: string }) => Number(r.id))).toEqual([campaign.id]);
    expect(list.body.records[0].params).toMatchObject({ sentCount: 0, queuedCount: 0, unsubscribedCount: 0 });
    expect((await adminGet(adminB, 'email_campaigns/actions/list', 'b.localhost').expect(200)).body.records).toEqual([]);

    const audit = await sql<{ action: string }>(
      `SELECT action FROM audit_logs WHERE target_type = 'email_campaign' AND target_id = $1 ORDER BY id`,
      [String(campaign.id)],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'email_campaign.create',
      'email_campaign.send_test',
      'email_campaign.schedule',
      'email_campaign.pause',
      'email_campaign.resume',
      'email_campaign.cancel',
    ]);
  });

  it('broadcasts: new sends an in-app notice to the segment (admins only)', async () => {
    const res = await adminPost(admin, 'broadcasts/actions/new', {
      title: 'Maintenance tonight',
      body: 'The portal is down 02:00–02:30 UTC.',
      audience: '{"role":"writer"}',
    }).expect(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    const broadcast = (await Broadcast.findOne({ where: { title: 'Maintenance tonight' } }))!;
    expect(broadcast.recipientsCount).toBeGreaterThanOrEqual(1);
    const superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
    const noWebsite = await adminPost(superadmin, 'broadcasts/actions/new', { title: 'All', audience: '{"role":"writer"}' }).expect(200);
    expect(noWebsite.body.notice.message).toMatch(/websiteId/);
    const refused = await adminPost(support, 'broadcasts/actions/new', { title: 'x', audience: '{}' }).expect(200);
    expect(JSON.stringify(refused.body)).toMatch(/ForbiddenError|not allowed|Only admins/i);
    expect(await Broadcast.count()).toBe(1);
  });

  it('the recipients and unsubscribes of a sent campaign are listed read-only, inside the website, without claim tokens', async () => {
    await adminPost(admin, 'email_campaigns/actions/new', {
      ...form,
      name: 'Sent from the back office',
      audience: '{"role":"writer"}',
    }).expect(200);
    const campaign = (await EmailCampaign.findOne({ where: { name: 'Sent from the back office' } }))!;
    await campaigns.act(admin, campaign.id, 'schedule', { at: 'now' }).expect(200);
    await runEmailCampaigns();
    await campaign.reload();
    expect(campaign.status).toBe('sent');
    expect(campaign.sentCount).toBe(campaign.recipientsCount);

    const open = await campaigns.get(admin, campaign.id, 'recipients').expect(200);
    expect(open.body.redirectUrl).toContain(`/resources/email_campaign_recipients?filters.campaignId=${campaign.id}`);
    const listed = await adminGet(admin, `email_campaign_recipients/actions/list?filters.campaignId=${campaign.id}&perPage=100`).expect(
      200,
    );
    expect(listed.body.records).toHaveLength(campaign.recipientsCount);
    expect(listed.body.records.every((r: { params: { status: string } }) => r.params.status === 'sent')).toBe(true);
    expect(JSON.stringify(listed.body)).not.toMatch(/claimToken|claim_token/);
    expect(
      (await adminGet(adminB, `email_campaign_recipients/actions/list?filters.campaignId=${campaign.id}`, 'b.localhost').expect(200)).body
        .records,
    ).toEqual([]);
    expect(JSON.stringify((await adminGet(support, 'email_campaign_recipients/actions/list')).body)).toMatch(/ForbiddenError/);

    // The one-click unsubscribe of one recipient shows in the unsubscribes list.
    const recipient = (await CampaignRecipient.findOne({ where: { campaignId: campaign.id } }))!;
    const token = unsubscribeToken({
      websiteId: campaign.websiteId,
      email: recipient.email,
      userId: recipient.userId,
      campaignId: campaign.id,
    });
    await request(t.app).post(`/api/v1/email/unsubscribe?token=${token}`).set('Host', 'localhost').expect(200);
    const unsubscribes = await adminGet(admin, 'email_unsubscribes/actions/list').expect(200);
    expect(unsubscribes.body.records.map((r: { params: { email: string; method: string } }) => r.params)).toEqual([
      expect.objectContaining({ email: recipient.email, method: 'one_click', campaignId: campaign.id }),
    ]);
  });
});
