import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/platform/mailer.js';
import { createLogger } from '../../src/platform/logger.js';
import { renderEmail } from '../../src/platform/templates.js';

const brand = { name: 'Scriptorium Essays', color: '#4f46e5', supportEmail: 'support@scriptorium.test' };
const logger = createLogger('silent');
const from = 'Scriptorium <no-reply@scriptorium.test>';

const welcome = {
  displayName: 'Ada <script>alert(1)</script>',
  registrationId: 'CL-000042',
  loginUrl: 'http://localhost:3000/login',
  brand,
};
const reset = {
  displayName: 'Ada & Co',
  resetUrl: 'http://localhost:3000/reset?token=abc123',
  token: 'abc123',
  expiresInMinutes: 60,
  brand,
};

describe('email templates', () => {
  it('renders the welcome email in the shared layout, escaping user input in HTML', () => {
    const { subject, html, text } = renderEmail('welcome', welcome);
    expect(subject).toBe('Welcome to Scriptorium Essays, Ada <script>alert(1)</script>');
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('Hello Ada &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(html).not.toContain('<script>');
    expect(html).toContain('CL-000042');
    expect(html).toContain('href="http://localhost:3000/login"');
    // Layout: the brand header and the footer partial with the support address.
    expect(html).toContain('background:#4f46e5');
    expect(html).toContain('mailto:support@scriptorium.test');
    // The text part is plain text: no markup, no HTML entities.
    expect(text).toContain('Hello Ada <script>alert(1)</script>,');
    expect(text).toContain('Sign in: http://localhost:3000/login');
    expect(text).not.toContain('<p>');
  });

  it('renders the password-reset email with its link, code and expiry', () => {
    const { subject, html, text } = renderEmail('password-reset', reset);
    expect(subject).toBe('Reset your Scriptorium Essays password');
    expect(html).toContain('Hello Ada &amp; Co,');
    expect(html).toContain('expires in 60 minutes');
    expect(html).toContain('<code>abc123</code>');
    expect(text).toContain('http://localhost:3000/reset?token=abc123');
    expect(text).toContain('Reset code: abc123');
  });

  it('refuses to render with a missing field (strict templates)', () => {
    const { registrationId: _omitted, ...incomplete } = welcome;
    expect(() => renderEmail('welcome', incomplete)).toThrow(/registrationId/);
  });
});

describe('mailer without SMTP_URL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scriptorium-mail-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('writes each message as an .eml file under DATA_DIR/mail and returns its path', async () => {
    const mailer = createMailer({ from, dataDir, logger });
    const sent = await mailer.send({ to: 'client@scriptorium.test', template: 'welcome', data: welcome, brand });
    expect(sent.file).toBeDefined();
    expect(path.dirname(sent.file!)).toBe(path.resolve(dataDir, 'mail'));
    expect(sent.file).toMatch(/welcome-client@scriptorium\.test\.eml$/);

    const parsed = await simpleParser(await readFile(sent.file!));
    expect(parsed.subject).toBe('Welcome to Scriptorium Essays, Ada <script>alert(1)</script>');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('client@scriptorium.test');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Scriptorium', address: 'no-reply@scriptorium.test' });
    expect(parsed.html).toContain('Ada &lt;script&gt;');
    expect(parsed.text).toContain('Your Scriptorium Essays account is ready');
  });

  it('finishes an interrupted send: a whole message (.ready) is delivered once, a half-written one (.partial) dropped', async () => {
    const mailer = createMailer({ from, dataDir, logger });
    const mailDir = path.resolve(dataDir, 'mail');
    await mkdir(mailDir, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    const ready = path.join(mailDir, '2026-01-01-campaign-1-ann@example.test.eml.x.ready');
    const partial = path.join(mailDir, '2026-01-01-campaign-1-bo@example.test.eml.x.partial');
    const fresh = path.join(mailDir, '2026-01-01-campaign-1-cy@example.test.eml.x.ready');
    for (const file of [ready, partial, fresh]) await writeFile(file, 'Subject: hi\n\nhello');
    for (const file of [ready, partial]) await utimes(file, old, old);

    await mailer.recoverInterrupted(30_000);
    const names = await readdir(mailDir);
    expect(names).toContain('2026-01-01-campaign-1-ann@example.test.eml');
    expect(names.some((n) => n.includes('bo@example.test'))).toBe(false);
    // A file younger than the threshold may be a live send's: left alone.
    expect(names).toContain('2026-01-01-campaign-1-cy@example.test.eml.x.ready');
  });
});

describe('mailer with SMTP_URL', () => {
  const received: ParsedMail[] = [];
  const envelopes: string[][] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      // The certificate bundled with smtp-server has expired: plain SMTP on loopback.
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            envelopes.push(session.envelope.rcptTo.map((r) => r.address));
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers the rendered message to the SMTP server', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scriptorium-mail-'));
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from, dataDir, logger });
    const sent = await mailer.send({ to: 'writer@scriptorium.test', template: 'password-reset', data: reset, brand });
    expect(sent.file).toBeUndefined();
    expect(sent.messageId).toMatch(/^<.+>$/);

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(envelopes[0]).toEqual(['writer@scriptorium.test']);
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.subject).toBe('Reset your Scriptorium Essays password');
    expect(mail.html).toContain('Choose a new password');
    expect(mail.html).toContain('Hello Ada &amp; Co,');
    expect(mail.text).toContain('Reset code: abc123');
    // Nothing is written to disk when SMTP is configured.
    await expect(readFile(path.join(dataDir, 'mail'))).rejects.toThrow();
    await rm(dataDir, { recursive: true, force: true });
  });
});
