import { describe, expect, it } from 'vitest';
import {
  campaignTransitionApplies,
  firstNameOf,
  parseAudience,
  resumedStatus,
  sendBudget,
  templateProblem,
  usesUnsubscribeUrl,
} from '../../src/notifications/campaigns/rules.js';

/** The campaigns' pure rules: template names, audiences, transitions, throttle budget. */
describe('campaign rules', () => {
  it('templates may use the campaign variables, #if and #unless only', () => {
    expect(
      templateProblem('<p>Hi {{firstName}} — {{name}}, {{websiteName}} {{brand.name}} <a href="{{unsubscribeUrl}}">x</a></p>'),
    ).toBeNull();
    expect(templateProblem('{{#if firstName}}Hi {{firstName}}{{else}}Hello{{/if}} {{#unless name}}?{{/unless}}')).toBeNull();
    expect(templateProblem('{{{brand.color}}} {{! a comment }}')).toBeNull();
    expect(templateProblem('{{email}}')).toMatch(/unknown variable "email".*allowed: unsubscribeUrl/);
    expect(templateProblem('{{brand}}')).toMatch(/unknown variable "brand"/);
    expect(templateProblem('{{#each items}}{{this}}{{/each}}')).toMatch(/unknown block "#each"/);
    expect(templateProblem('{{#if secret}}x{{/if}}')).toMatch(/unknown variable "secret"/);
    expect(templateProblem('{{> layout}}')).toMatch(/partial/);
    expect(templateProblem('{{@root.name}}')).toMatch(/unknown variable/);
    expect(templateProblem('{{../name}}')).toMatch(/unknown variable/);
    expect(templateProblem('{{name')).toMatch(/does not compile/);
    expect(usesUnsubscribeUrl('<a href="{{ unsubscribeUrl }}">')).toBe(true);
    expect(usesUnsubscribeUrl('<p>{{name}}</p>')).toBe(false);
    expect(firstNameOf('  Ada  Lovelace ')).toBe('Ada');
  });

  it('an audience is a strict JSON object; errors name the key', () => {
    expect(parseAudience('{"role":"client"}')).toEqual({ audience: { role: 'client' } });
    expect(parseAudience({ role: 'writer', writerLevel: 'Senior', activeWithinDays: 30 })).toEqual({
      audience: { role: 'writer', writerLevel: 'Senior', activeWithinDays: 30 },
    });
    expect(parseAudience('{}')).toEqual({ audience: {} });
    expect(parseAudience('')).toMatchObject({ error: expect.stringMatching(/required/) });
    expect(parseAudience('{role:client}')).toMatchObject({ error: expect.stringMatching(/must be JSON/) });
    expect(parseAudience('[1]')).toMatchObject({ error: expect.stringMatching(/object/) });
    expect(parseAudience('{"role":"superadmin"}')).toMatchObject({ error: expect.stringMatching(/^role: /) });
    expect(parseAudience('{"writerLevel":"Senior"}')).toMatchObject({
      error: expect.stringMatching(/writerLevel: needs "role": "writer"/),
    });
    expect(parseAudience('{"role":"writer","orderedWithinDays":3}')).toMatchObject({ error: expect.stringMatching(/clients only/) });
    expect(parseAudience('{"role":"client","vip":true}')).toMatchObject({ error: expect.stringMatching(/unknown key\(s\) vip/) });
  });

  it('transitions and the throttle budget', () => {
    expect(campaignTransitionApplies('edit', 'draft')).toBe(true);
    expect(campaignTransitionApplies('edit', 'scheduled')).toBe(false);
    expect(campaignTransitionApplies('schedule', 'scheduled')).toBe(true);
    expect(campaignTransitionApplies('pause', 'sending')).toBe(true);
    expect(campaignTransitionApplies('pause', 'draft')).toBe(false);
    expect(campaignTransitionApplies('resume', 'paused')).toBe(true);
    expect(campaignTransitionApplies('cancel', 'sent')).toBe(false);
    expect(campaignTransitionApplies('cancel', 'paused')).toBe(true);
    expect(resumedStatus(null)).toBe('scheduled');
    expect(resumedStatus(new Date())).toBe('sending');
    expect(sendBudget(10, 3)).toBe(7);
    expect(sendBudget(10, 12)).toBe(0);
  });
});
