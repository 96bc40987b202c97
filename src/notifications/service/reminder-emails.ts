import { Order } from '../../orders/index.js';
import { sql } from '../../platform/database.js';
import type { TemplateName } from '../../platform/templates.js';
import type { Website } from '../../tenancy/index.js';

/**
 * The email of a reminder notice, in its own template (templates/deadline-reminder,
 * templates/review-request: a website may override them) rather than the generic notification:
 * the template's variables come from the notice's data (the order, the deadline) and the order.
 * Other kinds (and a notice whose order is gone) go out in the generic `notification` template.
 */
const TEMPLATES: Partial<Record<string, TemplateName>> = {
  'reminder.deadline': 'deadline-reminder',
  'reminder.review_request': 'review-request',
};

interface ReminderData {
  orderId?: number;
  orderNumber?: string;
  reminder?: string;
  dueAt?: string;
}

/** "Tue, 8 Dec 2026, 14:00 UTC" in the website's time zone. */
function formatDeadline(iso: string, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(iso));
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

export async function reminderEmailOf(
  delivery: { kind: string; notificationId: number | null },
  recipient: { displayName: string },
  website: Website,
  url: string | null,
): Promise<{ template: TemplateName; data: Record<string, unknown> } | null> {
  const template = TEMPLATES[delivery.kind];
  if (!template || delivery.notificationId === null) return null;
  const [notice] = await sql<{ data: ReminderData | null }>(`SELECT data FROM notifications WHERE id = $1`, [delivery.notificationId]);
  const data = notice?.data ?? {};
  if (!data.orderId || !data.orderNumber) return null;
  const order = await Order.findByPk(data.orderId, { attributes: ['id', 'topic'] });
  if (!order) return null;
  const common = { displayName: recipient.displayName, orderNumber: data.orderNumber, topic: order.topic ?? '' };
  if (template === 'review-request') return { template, data: { ...common, reviewUrl: url } };
  const hoursLeft = Number(/(\d+)h$/.exec(data.reminder ?? '')?.[1] ?? 24);
  return {
    template,
    data: { ...common, hoursLeft, deadline: data.dueAt ? formatDeadline(data.dueAt, website.timezone) : '', orderUrl: url },
  };
}
