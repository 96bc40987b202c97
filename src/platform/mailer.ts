import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.js';
import { renderEmail, type TemplateName } from './templates.js';

interface EmailEnvelope {
  to: string;
  /** Brand shown in the layout (website name, colour, support address). */
  brand: { name: string; color?: string; supportEmail?: string };
  /** Files sent with the message (a receipt's PDF). */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
  /** Extra headers (a campaign's List-Unsubscribe). */
  headers?: Record<string, string>;
}

/** A transactional email rendered from one of the templates in templates/. */
export interface TemplatedEmail extends EmailEnvelope {
  template: TemplateName;
  data: Record<string, unknown>;
}

/** An email its sender rendered itself (a campaign's own Handlebars body); `kind` names it in logs. */
export interface RenderedEmail extends EmailEnvelope {
  kind: string;
  rendered: { subject: string; html: string; text: string };
}

export type OutgoingEmail = TemplatedEmail | RenderedEmail;

const isRendered = (email: OutgoingEmail): email is RenderedEmail => 'rendered' in email;

export interface SentEmail {
  messageId: string;
  /** Where the .eml was written, when there is no SMTP server. */
  file?: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/**
 * SMTP when SMTP_URL is set; otherwise every message is written as an .eml file under
 * DATA_DIR/mail and its path is logged, so development needs no mail server.
 */
export function createMailer(options: { smtpUrl?: string; from: string; dataDir: string; logger: Logger }): Mailer {
  const { smtpUrl, from, dataDir, logger } = options;
  const transport: Transporter = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const mailDir = path.resolve(dataDir, 'mail');

  return {
    async send(email) {
      const { subject, html, text } = isRendered(email)
        ? email.rendered
        : renderEmail(email.template, { ...email.data, brand: email.brand });
      const kind = isRendered(email) ? email.kind : email.template;
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject,
        html,
        text,
        attachments: email.attachments,
        headers: email.headers,
      });
      if (smtpUrl) {
        logger.info({ to: email.to, template: kind, messageId: info.messageId }, 'email sent');
        return { messageId: info.messageId };
      }
      await mkdir(mailDir, { recursive: true });
      const safeTo = email.to.replace(/[^a-z0-9@._-]/gi, '_');
      const file = path.join(mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${kind}-${safeTo}.eml`);
      await writeFile(file, (info as unknown as { message: Buffer }).message);
      logger.info({ to: email.to, template: kind, file }, 'email written to file (no SMTP_URL)');
      return { messageId: info.messageId, file };
    },
  };
}
