import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.js';
import { renderEmail, templateMeta, type TemplateName, type TemplateOverrides } from './templates.js';

interface EmailEnvelope {
  to: string;
  /** The website the email is sent for: its template overrides apply, and its mail record names it. */
  websiteId?: number | null;
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
  /** The override version it was rendered from, for the mail record (a test send of an edited template). */
  templateVersion?: number | null;
}

export type OutgoingEmail = TemplatedEmail | RenderedEmail;

const isRendered = (email: OutgoingEmail): email is RenderedEmail => 'rendered' in email;

export interface SentEmail {
  messageId: string;
  /** Where the .eml was written, when there is no SMTP server. */
  file?: string;
}

/** A website's active overrides of a template (and of the layout and partials), with their versions. */
export interface ResolvedOverrides extends TemplateOverrides {
  templateVersion: number | null;
  layoutVersion: number | null;
}

/** Where the mailer finds a website's overrides (registered by notifications/email-templates in src/wiring.ts). */
export type EmailOverrideSource = (websiteId: number, template: string) => Promise<ResolvedOverrides | null>;

/** One outgoing email as recorded for support (registered by notifications/email-templates in src/wiring.ts). */
export interface OutgoingRecord {
  websiteId: number | null;
  to: string;
  templateKey: string;
  templateVersion: number | null;
  layoutVersion: number | null;
  subject: string | null;
}

export interface EmailRecorder {
  /** Records the email as queued; returns its record's id (null: not recorded). */
  queued(record: OutgoingRecord): Promise<number | null>;
  settled(id: number, outcome: { status: 'sent'; messageId: string } | { status: 'failed'; error: string }): Promise<void>;
}

let overrideSource: EmailOverrideSource | undefined;
let recorder: EmailRecorder | undefined;

/** Registers where overrides come from (a second registration replaces the first). */
export function provideEmailOverrides(source: EmailOverrideSource): void {
  overrideSource = source;
}

/** Registers the recorder every send reports to (a second registration replaces the first). */
export function registerEmailRecorder(next: EmailRecorder): void {
  recorder = next;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SentEmail>;
  /**
   * Finishes the sends of processes that died mid-send, left longer than `olderThanMs` (file
   * transport only: a mail server's side is not ours to see). Campaigns call it before settling
   * their interrupted rows from the mail records.
   */
  recoverInterrupted(olderThanMs: number): Promise<void>;
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

  /** A website's overrides, or none: a lookup that fails is logged and the default is used. */
  async function overridesOf(email: TemplatedEmail): Promise<ResolvedOverrides | null> {
    if (!overrideSource || !email.websiteId) return null;
    // A template carrying a credential renders from templates/ only (see TemplateMeta.secrets).
    if (templateMeta(email.template).secrets.length) return null;
    try {
      return await overrideSource(email.websiteId, email.template);
    } catch (err) {
      logger.error({ err, template: email.template, websiteId: email.websiteId }, 'email overrides could not be read: default used');
      return null;
    }
  }

  /**
   * The website's overrides when they render; otherwise (never expected: they are checked at save)
   * the same without the template's own override (the layout and partials kept), then the
   * defaults — each fallback logged.
   */
  async function render(email: TemplatedEmail) {
    const data = { ...email.data, brand: email.brand };
    const overrides = await overridesOf(email);
    const attempts: ResolvedOverrides[] = [];
    if (overrides) attempts.push(overrides);
    if (overrides?.template && (overrides.layout || Object.keys(overrides.partials ?? {}).length))
      attempts.push({ ...overrides, template: null, templateVersion: null });
    for (const attempt of attempts) {
      try {
        return {
          ...renderEmail(email.template, data, attempt),
          templateVersion: attempt.templateVersion,
          layoutVersion: attempt.layoutVersion,
        };
      } catch (err) {
        logger.error(
          { err, template: email.template, websiteId: email.websiteId, templateVersion: attempt.templateVersion },
          'email override failed to render: falling back',
        );
      }
    }
    return { ...renderEmail(email.template, data), templateVersion: null, layoutVersion: null };
  }

  async function record(entry: OutgoingRecord): Promise<number | null> {
    if (!recorder) return null;
    try {
      return await recorder.queued(entry);
    } catch (err) {
      logger.error({ err, to: entry.to, template: entry.templateKey }, 'the outgoing email could not be recorded');
      return null;
    }
  }

  async function settle(id: number | null, outcome: Parameters<EmailRecorder['settled']>[1]): Promise<void> {
    if (id === null || !recorder) return;
    try {
      await recorder.settled(id, outcome);
    } catch (err) {
      logger.error({ err, id }, 'the outgoing email record could not be updated');
    }
  }

  /** `.ready` -> `.eml`; already done by a recovering process is done. */
  async function deliverReady(ready: string, file: string): Promise<void> {
    await rename(ready, file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async function recoverInterrupted(olderThanMs: number): Promise<void> {
    if (smtpUrl) return;
    const names = await readdir(mailDir).catch(() => [] as string[]);
    const cutoff = Date.now() - olderThanMs;
    for (const name of names) {
      const match = /^(.+\.eml)\.(\d+|x)\.(partial|ready)$/.exec(name);
      if (!match) continue;
      const full = path.join(mailDir, name);
      const modified = await stat(full).then(
        (s) => s.mtimeMs,
        () => null,
      );
      if (modified === null || modified > cutoff) continue;
      if (match[3] === 'partial') {
        await rm(full, { force: true }); // never whole: its record is still queued and the send is redone
        continue;
      }
      if (match[2] !== 'x') await settle(Number(match[2]), { status: 'sent', messageId: '' });
      await deliverReady(full, path.join(mailDir, match[1]!));
      logger.warn({ file: match[1] }, 'email of an interrupted send delivered on recovery');
    }
  }

  return {
    recoverInterrupted,
    async send(email) {
      const kind = isRendered(email) ? email.kind : email.template;
      const base = { websiteId: email.websiteId ?? null, to: email.to, templateKey: kind };
      let rendered: { subject: string; html: string; text: string; templateVersion: number | null; layoutVersion: number | null };
      try {
        rendered = isRendered(email)
          ? { ...email.rendered, templateVersion: email.templateVersion ?? null, layoutVersion: null }
          : await render(email);
      } catch (err) {
        const id = await record({ ...base, templateVersion: null, layoutVersion: null, subject: null });
        await settle(id, { status: 'failed', error: String((err as Error).message ?? err).slice(0, 2000) });
        throw err;
      }
      const { subject, html, text } = rendered;
      const recordId = await record({
        ...base,
        templateVersion: rendered.templateVersion,
        layoutVersion: rendered.layoutVersion,
        subject: subject.slice(0, 500),
      });
      let info: { messageId: string };
      try {
        info = await transport.sendMail({
          from,
          to: email.to,
          subject,
          html,
          text,
          attachments: email.attachments,
          headers: email.headers,
        });
      } catch (err) {
        await settle(recordId, { status: 'failed', error: String((err as Error).message ?? err).slice(0, 2000) });
        throw err;
      }
      if (smtpUrl) {
        await settle(recordId, { status: 'sent', messageId: String(info.messageId ?? '') });
        logger.info({ to: email.to, template: kind, messageId: info.messageId }, 'email sent');
        return { messageId: info.messageId };
      }
      // Without SMTP the file is the delivery, made exactly once across a killed process: the
      // message is written as `.partial`, renamed `.ready` once whole, recorded sent, then named
      // `.eml`. A process killed before `.ready` leaves a record still queued (the send is
      // redone; the partial is removed); killed after it, recoverInterrupted() records it sent
      // and names it, so nobody gets it twice and nobody loses it.
      await mkdir(mailDir, { recursive: true });
      const safeTo = email.to.replace(/[^a-z0-9@._-]/gi, '_');
      const file = path.join(mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${kind}-${safeTo}.eml`);
      const partial = `${file}.${recordId ?? 'x'}.partial`;
      const ready = `${file}.${recordId ?? 'x'}.ready`;
      await writeFile(partial, (info as unknown as { message: Buffer }).message);
      await rename(partial, ready);
      await settle(recordId, { status: 'sent', messageId: String(info.messageId ?? '') });
      await deliverReady(ready, file);
      logger.info({ to: email.to, template: kind, file }, 'email written to file (no SMTP_URL)');
      return { messageId: info.messageId, file };
    },
  };
}
