import { Op } from 'sequelize';
import type { EmailOverrideSource, EmailRecorder, ResolvedOverrides } from '../../../platform/mailer.js';
import { EmailMessage, EmailTemplate } from '../models.js';
import { usableTransaction } from './common.js';

/**
 * What the mailer asks at send time (registered in src/wiring.ts): a website's active overrides of
 * one template, the layout and the partials; and the record of every email sent.
 */

/** The active overrides of a website that apply to one template (null: none, the defaults are used). */
export async function activeOverrides(websiteId: number, template: string): Promise<ResolvedOverrides | null> {
  const rows = await EmailTemplate.findAll({
    where: {
      websiteId,
      active: true,
      [Op.or]: [{ key: template }, { key: 'layout' }, { key: { [Op.startsWith]: 'partial:' } }],
    },
    transaction: usableTransaction(),
  });
  if (!rows.length) return null;
  const own = rows.find((row) => row.key === template);
  const layout = rows.find((row) => row.key === 'layout');
  const partials: Record<string, string> = {};
  for (const row of rows) if (row.key.startsWith('partial:') && row.html) partials[row.key.slice(8)] = row.html;
  return {
    template: own ? { subject: own.subject, html: own.html, text: own.text } : null,
    layout: layout?.html ?? null,
    partials,
    templateVersion: own?.version ?? null,
    layoutVersion: layout?.version ?? null,
  };
}

export const emailOverrides: EmailOverrideSource = (websiteId, template) => activeOverrides(websiteId, template);

export const emailMessageRecorder: EmailRecorder = {
  async queued(record) {
    const row = await EmailMessage.create(
      {
        websiteId: record.websiteId,
        recipient: record.to.slice(0, 320),
        templateKey: record.templateKey.slice(0, 100),
        templateVersion: record.templateVersion,
        layoutVersion: record.layoutVersion,
        subject: record.subject,
      },
      { transaction: usableTransaction() },
    );
    return row.id;
  },
  async settled(id, outcome) {
    await EmailMessage.update(
      outcome.status === 'sent'
        ? { status: 'sent', providerMessageId: outcome.messageId.slice(0, 300) }
        : { status: 'failed', error: outcome.error },
      { where: { id }, transaction: usableTransaction() },
    );
  },
};
