import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { Notification } from '../../src/notifications/models.js';
import { deliverAfterCommit, deliverNotifications, deliveriesIdle } from '../../src/notifications/service/deliver.js';
import { sendNotificationDigests } from '../../src/notifications/service/digest.js';
import { updatePreferences } from '../../src/notifications/service/preferences.js';
import type { Order } from '../../src/orders/models.js';
import { approveRefund, rejectRefund, requestRefund } from '../../src/payments/refunds/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { sql } from '../../src/platform/database.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { useSmsProvider } from '../../src/platform/sms.js';
import { HOST_A, login, readMails, type Mail } from '../identity/helpers.js';
import { actorFor, newClient, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * Notification preferences per kind and channel through the API, and what they change: an email
 * goes out (after commit, or by the deliver job) only when its kind's email is on; SMS only with a
 * phone; with a digest, emails are held and the digest job sends one email per period, once.
 */
type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let admin: Who;
let support: Who;
let clientToken: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await actorFor('admin@scriptorium.test')) as Who;
  support = (await actorFor('support@scriptorium.test')) as Who;
  clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
  await dispatchOutbox();
});
afterAll(() => t?.close());
afterEach(() => {
  clock.reset();
  deliverAfterCommit(false);
  useSmsProvider(null);
});

const api = {
  get: (path: string, token = clientToken) =>
    request(t.app).get(`/api/v1/notifications${path}`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`),
  put: (path: string, body: unknown, token = clientToken) =>
    request(t.app)
      .put(`/api/v1/notifications${path}`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object),
};

/** The notification emails (not digests) written to `to`, by title. */
async function notificationMails(to: string): Promise<Mail[]> {
  const safe = to.replace(/[^a-z0-9@._-]/gi, '_');
  return (await readMails(t.dataDir)).filter((m) => /-notification-(?!digest)/.test(m.file) && m.file.endsWith(`-${safe}.eml`));
}
async function digestMails(to: string): Promise<Mail[]> {
  const safe = to.replace(/[^a-z0-9@._-]/gi, '_');
  return (await readMails(t.dataDir)).filter((m) => m.file.includes('-notification-digest-') && m.file.endsWith(`-${safe}.eml`));
}

const emailOf = async (who: Who) => (await User.findByPk(who.userId))!.email;

/** A wallet refund asked by support and decided by the admin: the client is told (refund.approved / refund.rejected). */
async function decideRefund(order: Order, decision: 'approve' | 'reject', cents = 300): Promise<void> {
  const refund = await requestRefund(support, { orderId: order.id, amountCents: cents, destination: 'wallet', reason: 'Goodwill' });
  if (decision === 'approve') await approveRefund(admin, refund.id);
  else await rejectRefund(admin, refund.id, 'Not this time');
}

describe('notification preferences', () => {
  it('GET gives the defaults; PUT changes only what it names and round-trips; bad input is a 400 naming the field', async () => {
    const shown = await api.get('/preferences').expect(200);
    expect(shown.body).toMatchObject({ channels: ['inApp', 'email', 'sms'], digest: 'off', phone: null });
    expect(shown.body.kinds['order.delivered']).toEqual({ inApp: true, email: true, sms: false });
    expect(shown.body.kinds['payment.confirmed']).toEqual({ inApp: true, email: true, sms: false });
    expect(shown.body.kinds['payout.paid']).toEqual({ inApp: true, email: true, sms: false });
    expect(shown.body.kinds['order.assigned']).toEqual({ inApp: true, email: false, sms: false });
    expect(shown.body.kinds['message.received']).toEqual({ inApp: true, email: false, sms: false });

    const changed = await api
      .put('/preferences', {
        kinds: { 'order.assigned': { email: true }, 'payment.confirmed': { email: false, sms: true } },
        digest: 'daily',
        phone: '+15551234567',
      })
      .expect(200);
    expect(changed.body.kinds['order.assigned']).toEqual({ inApp: true, email: true, sms: false });
    expect(changed.body.kinds['payment.confirmed']).toEqual({ inApp: true, email: false, sms: true });
    expect(changed.body.kinds['order.delivered']).toEqual({ inApp: true, email: true, sms: false });
    expect(changed.body).toMatchObject({ digest: 'daily', phone: '+15551234567' });
    expect((await api.get('/preferences').expect(200)).body).toEqual(changed.body);

    // A second change keeps the first; switching back to the default and removing the phone work.
    const back = await api.put('/preferences', { kinds: { 'order.assigned': { email: false } }, digest: 'off', phone: null }).expect(200);
    expect(back.body.kinds['order.assigned']).toEqual({ inApp: true, email: false, sms: false });
    expect(back.body.kinds['payment.confirmed']).toEqual({ inApp: true, email: false, sms: true });
    expect(back.body).toMatchObject({ digest: 'off', phone: null });

    const refused = async (body: unknown) => (await api.put('/preferences', body).expect(400)).body.error;
    expect((await refused({ kinds: { 'order.teleported': { email: true } } })).fields).toEqual({
      'kinds.order.teleported': 'is not a known field',
    });
    expect((await refused({ kinds: { 'order.delivered': { fax: true } } })).fields).toEqual({
      'kinds.order.delivered.fax': 'is not a known field',
    });
    expect(Object.keys((await refused({ kinds: { 'order.delivered': { email: 'yes' } } })).fields)).toEqual([
      'kinds.order.delivered.email',
    ]);
    expect(Object.keys((await refused({ digest: 'weekly' })).fields)).toEqual(['digest']);
    expect(Object.keys((await refused({ phone: '555-1234' })).fields)).toEqual(['phone']);
    expect((await refused({ colour: 'blue' })).fields).toEqual({ colour: 'is not a known field' });
    await request(t.app).get('/api/v1/notifications/preferences').set('Host', HOST_A).expect(401);
    // Nothing refused changed anything.
    expect((await api.get('/preferences').expect(200)).body).toEqual(back.body);
  });

  it('an email goes out after commit when the kind’s email is on, and none when it is off; in-app off keeps it out of the list', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const email = await emailOf(client);
    const order = await paidOrder(client, { pages: 3 });

    // On by default (refund.approved): sent right after the consumer's commit, once.
    deliverAfterCommit(true);
    await decideRefund(order, 'approve', 300);
    await dispatchOutbox();
    await deliveriesIdle();
    const mails = await notificationMails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Subject: Your refund of $3.00');
    expect(mails[0]!.text).toContain(`/orders/${order.id}/refunds`);
    expect(mails[0]!.text).toContain('Hello Fixture Client');
    expect((await deliverNotifications()).sent).toBe(0);
    // Recorded for support under the client's website (so the website's overrides of the template apply too).
    const [record] = await sql<{ websiteId: number; status: string }>(
      `SELECT website_id AS "websiteId", status FROM email_messages WHERE recipient = $1 AND template_key = 'notification'`,
      [email],
    );
    expect(record).toEqual({ websiteId: admin.websiteId, status: 'sent' });

    // Email off (and in-app off) for refund.rejected: no email, no in-app row.
    await updatePreferences(client, { kinds: { 'refund.rejected': { email: false, inApp: false } } });
    await decideRefund(order, 'reject', 400);
    await dispatchOutbox();
    await deliveriesIdle();
    await deliverNotifications();
    expect(await notificationMails(email)).toHaveLength(1);
    expect(await Notification.count({ where: { userId: client.userId, kind: 'refund.rejected' } })).toBe(0);

    // In-app off but email on: the email goes (by the deliver job here), the list stays without it.
    deliverAfterCommit(false);
    await updatePreferences(client, { kinds: { 'refund.approved': { inApp: false } } });
    const inAppBefore = await Notification.count({ where: { userId: client.userId } });
    await decideRefund(order, 'approve', 200);
    await dispatchOutbox();
    expect(await notificationMails(email)).toHaveLength(1);
    expect((await deliverNotifications()).sent).toBe(1);
    expect(await notificationMails(email)).toHaveLength(2);
    expect(await Notification.count({ where: { userId: client.userId } })).toBe(inAppBefore);
  });

  it('SMS goes through the provider to the phone in the preferences, never without one', async () => {
    const sent: Array<{ to: string; text: string }> = [];
    useSmsProvider({
      async send(to, text) {
        sent.push({ to, text });
        return { id: `test-${sent.length}` };
      },
    });
    const client = (await newClient(admin.websiteId)) as Who;
    const order = await paidOrder(client, { pages: 3 });
    await updatePreferences(client, { kinds: { 'refund.approved': { sms: true } } });
    await decideRefund(order, 'approve', 100);
    await dispatchOutbox();
    await deliverNotifications();
    expect(sent).toEqual([]);

    await updatePreferences(client, { phone: '+15550001111' });
    await decideRefund(order, 'approve', 150);
    await dispatchOutbox();
    expect((await deliverNotifications()).failed).toBe(0);
    expect(sent).toEqual([{ to: '+15550001111', text: expect.stringContaining('Your refund of $1.50') }]);
    const [row] = await sql<{ status: string; providerId: string }>(
      `SELECT status, provider_id AS "providerId" FROM notification_deliveries WHERE user_id = $1 AND channel = 'sms'`,
      [client.userId],
    );
    expect(row).toEqual({ status: 'sent', providerId: 'test-1' });
  });

  it('a delivery claimed by a sender that died is sent by the job once its lease ends, and never twice', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const email = await emailOf(client);
    const order = await paidOrder(client, { pages: 3 });
    await decideRefund(order, 'approve', 250);
    await dispatchOutbox();
    // A sender claimed it and died before sending.
    await sql(`UPDATE notification_deliveries SET status = 'sending', claimed_at = $2, attempts = 1 WHERE user_id = $1`, [
      client.userId,
      clock.now(),
    ]);
    expect((await deliverNotifications()).sent).toBe(0); // its claim still holds
    clock.travel(11 * 60_000);
    expect((await deliverNotifications()).sent).toBe(1);
    expect((await deliverNotifications()).sent).toBe(0);
    expect(await notificationMails(email)).toHaveLength(1);
  });

  it('two senders at once (SKIP LOCKED) send each email once; two digest runs at once make and send one digest', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const email = await emailOf(client);
    const order = await paidOrder(client, { pages: 5 });
    for (let i = 1; i <= 6; i++) await decideRefund(order, 'approve', 100 + i);
    await dispatchOutbox();
    const runs = await Promise.all([deliverNotifications(), deliverNotifications(), deliverNotifications()]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(6);
    expect(await notificationMails(email)).toHaveLength(6);

    await updatePreferences(client, { digest: 'hourly' });
    for (let i = 1; i <= 3; i++) await decideRefund(order, 'approve', 10 + i);
    await dispatchOutbox();
    clock.travel(3_600_000);
    const digestRuns = await Promise.all([sendNotificationDigests(), sendNotificationDigests()]);
    expect(digestRuns.reduce((sum, r) => sum + r.made, 0)).toBe(1);
    expect(digestRuns.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    const digests = await digestMails(email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Subject: 3 new notifications from');
  });

  it('with a daily digest, emails are held and the digest job sends one email with them when the day ends, and nothing twice', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const email = await emailOf(client);
    const order = await paidOrder(client, { pages: 3 });
    await updatePreferences(client, { digest: 'daily' });
    await decideRefund(order, 'approve', 120);
    await decideRefund(order, 'reject', 130);
    await dispatchOutbox();
    await deliverNotifications();
    expect(await notificationMails(email)).toEqual([]);
    // In-app is not held.
    expect(await Notification.count({ where: { userId: client.userId, kind: ['refund.approved', 'refund.rejected'] } })).toBe(2);

    // The day has not ended: nothing yet.
    expect(await sendNotificationDigests()).toMatchObject({ made: 0, sent: 0 });
    expect(await digestMails(email)).toEqual([]);

    clock.travel(86_400_000);
    expect(await sendNotificationDigests()).toMatchObject({ made: 1, sent: 1 });
    const digests = await digestMails(email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Subject: 2 new notifications from');
    expect(digests[0]!.text).toContain('Your refund of $1.20');
    expect(digests[0]!.text).toContain('Your refund of $1.30');
    expect(digests[0]!.text).toContain(`/orders/${order.id}/refunds`);

    // Run again (another worker, a retry): nothing more.
    expect(await sendNotificationDigests()).toMatchObject({ made: 0, sent: 0 });
    expect(await digestMails(email)).toHaveLength(1);
    expect(await notificationMails(email)).toEqual([]);

    // Digest turned off: what is held from now goes out as single emails.
    await decideRefund(order, 'approve', 110);
    await dispatchOutbox();
    await updatePreferences(client, { digest: 'off' });
    expect(await sendNotificationDigests()).toMatchObject({ released: 1, made: 0 });
    expect(await notificationMails(email)).toHaveLength(1);
  });
});
