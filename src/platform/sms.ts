import { randomUUID } from 'node:crypto';
import { ctx } from './context.js';

/**
 * Text messages go out through one pluggable provider (issue 13). The default writes each message
 * to the log, so development and tests need no SMS gateway; a deployment that has one registers
 * its provider at boot (`useSmsProvider`).
 */
export interface SmsProvider {
  /** Sends `text` to `to` (E.164, e.g. +15551234567); resolves with the provider's id of the message. */
  send(to: string, text: string): Promise<{ id: string }>;
}

/** The default: the message is logged (with its recipient), nothing leaves the process. */
export const logSmsProvider: SmsProvider = {
  async send(to, text) {
    const id = `log-${randomUUID()}`;
    ctx().logger.info({ sms: { to, text, id } }, 'SMS written to the log (no SMS provider configured)');
    return { id };
  },
};

let provider: SmsProvider = logSmsProvider;

/** Replaces the provider (boot, or a test that records what was sent); null restores the default. */
export function useSmsProvider(next: SmsProvider | null): void {
  provider = next ?? logSmsProvider;
}

export const smsProvider = (): SmsProvider => provider;
