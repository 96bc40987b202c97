import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueDeadlineReminder, reviewRequestDue } from '../../src/notifications/reminders/rules.js';
import { noticeForReminder, NOTICE_KINDS } from '../../src/notifications/rules.js';
import { renderEmail, TEMPLATE_NAMES } from '../../src/platform/templates.js';

/** The reminders' pure rules, their notices, and their email templates rendered from their own sample data. */
const HOUR = 3_600_000;
const now = new Date('2026-12-07T12:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

describe('dueDeadlineReminder', () => {
  it('is the 24 h reminder from 24 h to 6 h before the deadline, then the 6 h one, then none', () => {
    expect(dueDeadlineReminder(at(30), now)).toBeNull();
    expect(dueDeadlineReminder(at(24.01), now)).toBeNull();
    expect(dueDeadlineReminder(at(24), now)?.kind).toBe('deadline_24h');
    expect(dueDeadlineReminder(at(6.01), now)?.kind).toBe('deadline_24h');
    expect(dueDeadlineReminder(at(6), now)?.kind).toBe('deadline_6h');
    expect(dueDeadlineReminder(at(0.1), now)?.kind).toBe('deadline_6h');
    expect(dueDeadlineReminder(at(0), now)).toBeNull();
    expect(dueDeadlineReminder(at(-1), now)).toBeNull();
  });
});

describe('reviewRequestDue', () => {
  it('is due from a day after completion, for a week', () => {
    expect(reviewRequestDue(at(-23.9), now)).toBe(false);
    expect(reviewRequestDue(at(-24), now)).toBe(true);
    expect(reviewRequestDue(at(-24 * 7), now)).toBe(true);
    expect(reviewRequestDue(at(-24 * 8), now)).toBe(false);
  });
});

describe('reminder notices', () => {
  it('have kinds of their own and link to the order for the person reminded', () => {
    for (const kind of ['reminder.deadline', 'reminder.review_request', 'reminder.payment']) expect(NOTICE_KINDS).toContain(kind);
    const base = { orderId: 7, orderNumber: 'A-7', userId: 3, dueAt: now.toISOString() };
    expect(noticeForReminder({ ...base, type: 'reminder.deadline', reminder: 'deadline_6h', hoursBefore: 6 })).toMatchObject({
      userId: 3,
      kind: 'reminder.deadline',
      title: 'Order A-7 is due in 6 hours',
      link: '/writer/orders/7',
    });
    expect(noticeForReminder({ ...base, type: 'reminder.review_request', reminder: 'review_request' })).toMatchObject({
      kind: 'reminder.review_request',
      link: '/orders/7/review',
    });
    expect(noticeForReminder({ ...base, type: 'reminder.payment', reminder: '24h', outstanding: '$41.97' }).body).toContain('$41.97');
  });
});

describe('reminder email templates', () => {
  const templates = path.resolve(import.meta.dirname, '../../templates');
  for (const name of ['deadline-reminder', 'review-request'] as const) {
    it(`${name} renders from the sample data its meta.json lists, and needs every variable listed`, () => {
      expect(TEMPLATE_NAMES).toContain(name);
      const meta = JSON.parse(readFileSync(path.join(templates, `${name}.meta.json`), 'utf8')) as {
        description: string;
        variables: Record<string, unknown>;
      };
      expect(meta.description.length).toBeGreaterThan(10);
      // `brand` is always there (the mailer adds it); the declaration need not list it.
      const brand = { name: 'Scriptorium', color: '#1d4ed8', supportEmail: 'support@scriptorium.test' };
      const email = renderEmail(name, { ...meta.variables, brand });
      expect(email.subject).toContain('A-10042');
      expect(email.html).toContain('A-10042');
      expect(email.text).toContain(String(meta.variables[name === 'deadline-reminder' ? 'orderUrl' : 'reviewUrl']));
      // Strict templates: each listed variable is used (a missing one fails the render) — but for
      // the topic, which only an {{#if}} reads (strict mode does not check helper arguments).
      for (const variable of Object.keys(meta.variables).filter((v) => v !== 'topic')) {
        const { [variable]: _omitted, ...rest } = meta.variables;
        expect(() => renderEmail(name, { ...rest, brand }), variable).toThrow();
      }
    });
  }
});
