import { describe, expect, it } from 'vitest';
import { decideMessage, matchRules, threadAccess, type ThreadContext } from '../../src/orders/messages/rules.js';
import { MASK, screenBody } from '../../src/orders/messages/screening.js';

/** [message, what must disappear from the masked body, the flag expected]. */
const MASKED: Array<[string, string, 'email' | 'phone' | 'messenger']> = [
  ['write to jane.doe@gmail.com please', 'jane.doe@gmail.com', 'email'],
  ['my mail: John_Smith+essays@uni.ac.uk', 'John_Smith+essays@uni.ac.uk', 'email'],
  ['jane (at) gmail (dot) com', 'jane (at) gmail (dot) com', 'email'],
  ['jane[at]mail.ru', 'jane[at]mail.ru', 'email'],
  ['reach me: jane at gmail dot com', 'jane at gmail dot com', 'email'],
  ['call me at +1 (555) 123-4567 tonight', '+1 (555) 123-4567', 'phone'],
  ['+15551234567', '+15551234567', 'phone'],
  ['555-123-4567', '555-123-4567', 'phone'],
  ['555.123.4567', '555.123.4567', 'phone'],
  ['(555) 123 4567', '(555) 123 4567', 'phone'],
  ['my number (555) 123-4567)', '(555) 123-4567', 'phone'],
  ['+44 20 7946 0958', '+44 20 7946 0958', 'phone'],
  ['0044 20 7946 0958', '0044 20 7946 0958', 'phone'],
  ['UK mobile 07911 123456', '07911 123456', 'phone'],
  ['+7 912 345-67-89', '+7 912 345-67-89', 'phone'],
  ['+49 30 12-34-56', '+49 30 12-34-56', 'phone'],
  ['+254 712 345 678', '+254 712 345 678', 'phone'],
  ['0712345678', '0712345678', 'phone'],
  ['just dial 5551234567', '5551234567', 'phone'],
  ['local: 555-1234', '555-1234', 'phone'],
  ['call 1234 5678 after lunch', '1234 5678', 'phone'],
  ['telegram: @jane_doe', '@jane_doe', 'messenger'],
  ['Telegram @janedoe', '@janedoe', 'messenger'],
  ['whatsapp +1 555 123 4567', '+1 555 123 4567', 'messenger'],
  ['WhatsApp me 0712345678', '0712345678', 'messenger'],
  ['skype live:xyz.writer', 'live:xyz.writer', 'messenger'],
  ['add me on skype: jane.doe', 'jane.doe', 'messenger'],
  ['my telegram id is jane_doe', 'jane_doe', 'messenger'],
  ['viber: janedoe', 'janedoe', 'messenger'],
  ['discord jane#1234', 'jane#1234', 'messenger'],
  ['find me @jane_doe on telegram', '@jane_doe', 'messenger'],
  ['ig: @jane.writes', '@jane.writes', 'messenger'],
  ['signal @jane', '@jane', 'messenger'],
  ['t.me/janedoe', 't.me/janedoe', 'messenger'],
  ['https://wa.me/15551234567', 'wa.me/15551234567', 'messenger'],
];

/** Messages that must come through untouched. */
const UNTOUCHED = [
  'About order 100234: can you add two sources?',
  'Order #100234 and #100235 are both mine',
  'I paid $45.99 and then $1,299.99 for the second one',
  'The total was 45.99 USD, or 1 250.00 in euros',
  'The deadline is 2026-12-05 10:30, or 12/05/2026 at 9:00',
  'Please revise pages 12-15 and 120-150',
  'It covers 1990-2000 and 2001 2002 2003',
  'Use the 3rd edition, chapters 4, 5 and 6',
  'Written on 12.05.2026, word count 2750',
  'Line 12: change "the" to "a"',
  'I prefer telegram because it is fast, but this chat is fine',
  'See figure 3.2 and table 4.1 on page 7',
  'Version 1.2.3 of the dataset',
  'Quill & Co. Papers is the publisher; use APA 7th ed.',
  'The survey had 1,234,567 respondents',
  'ASAP please, by Friday',
  'Student ID not needed; the essay is 1500 words, 6 pages',
];

describe('screening: what is masked', () => {
  it.each(MASKED)('masks %j', (body, secret, flag) => {
    const { maskedBody, flags } = screenBody(body);
    expect(maskedBody, `nothing masked in ${body}`).not.toBeNull();
    expect(maskedBody).toContain(MASK);
    expect(maskedBody).not.toContain(secret);
    expect(flags).toContain(flag);
  });

  it('masks every contact in one message and keeps the rest', () => {
    const { maskedBody, flags } = screenBody('Hi! Order 100234 costs $45.99. Mail jane@x.com or call +1 555 123 4567, telegram: @jane');
    expect(maskedBody).toBe(`Hi! Order 100234 costs $45.99. Mail ${MASK} or call ${MASK}, telegram: ${MASK}`);
    expect(flags).toEqual(['email', 'phone', 'messenger']);
  });
});

describe('screening: what is not masked', () => {
  it.each(UNTOUCHED)('leaves %j alone', (body) => {
    expect(screenBody(body)).toEqual({ maskedBody: null, flags: [] });
  });
});

describe('screening: links', () => {
  it.each(['see https://example.com/paper', 'www.example.org', 'look at essays-help.com', 'bit.ly/abc123', 'http://10.0.0.1/x'])('notes a link in %j', (body) => {
    expect(screenBody(body).flags).toContain('link');
  });
  it.each(['mail jane@gmail.com', 'the file essay.docx', 'e.g. this, i.e. that', 'done.Me too'])('finds no link in %j', (body) => {
    expect(screenBody(body).flags).not.toContain('link');
  });
});

describe('staff rules and the decision', () => {
  const rules = [
    { id: 1, pattern: 'Pay Me Directly', action: 'hold' as const },
    { id: 2, pattern: 'paypal', action: 'block' as const },
  ];

  it('matches plain text case-insensitively, a block winning over a hold', () => {
    expect(matchRules('please   PAY me directly', rules)?.id).toBe(1);
    expect(matchRules('pay me directly via PayPal', rules)?.id).toBe(2);
    expect(matchRules('all good', rules)).toBeNull();
  });

  it('screens only client<->writer messages from clients and writers', () => {
    const body = 'mail me at jane@x.com, see example.com';
    expect(decideMessage({ kind: 'client_writer', party: 'writer', body, rules })).toMatchObject({
      outcome: 'hold',
      flags: ['email', 'link'],
      holdReasons: ['link'],
      maskedBody: `mail me at ${MASK}, see example.com`,
    });
    expect(decideMessage({ kind: 'client_support', party: 'client', body, rules })).toMatchObject({ outcome: 'deliver', maskedBody: null });
    expect(decideMessage({ kind: 'client_writer', party: 'staff', body: 'paypal', rules })).toMatchObject({ outcome: 'deliver' });
    expect(decideMessage({ kind: 'client_writer', party: 'client', body: 'use PayPal', rules })).toMatchObject({ outcome: 'block', rule: { id: 2 } });
    expect(decideMessage({ kind: 'client_writer', party: 'client', body: 'pay me directly', rules })).toMatchObject({ outcome: 'hold', holdReasons: ['rule:1'] });
    expect(decideMessage({ kind: 'client_writer', party: 'client', body: 'thanks!', rules })).toMatchObject({ outcome: 'deliver', flags: [] });
  });
});

describe('thread access', () => {
  const base: ThreadContext = {
    party: 'client', kind: 'client_support', orderStatus: 'in_progress', hasClient: true, hasWriter: true, clientWriterEnabled: true, threadExists: false,
  };
  it('lets each party use only its threads', () => {
    expect(threadAccess({ ...base, kind: 'internal' })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(threadAccess({ ...base, party: 'writer', kind: 'client_support' })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(threadAccess({ ...base, party: 'writer', kind: 'writer_support' })).toEqual({ ok: true, canWrite: true });
    expect(threadAccess({ ...base, party: 'staff', kind: 'internal' })).toEqual({ ok: true, canWrite: true });
  });
  it('closes client<->writer when the website turns it off, and everything to new messages once archived', () => {
    expect(threadAccess({ ...base, kind: 'client_writer', clientWriterEnabled: false })).toMatchObject({ ok: false, reason: 'disabled' });
    expect(threadAccess({ ...base, party: 'staff', kind: 'client_writer', clientWriterEnabled: false })).toMatchObject({ ok: true, canWrite: false });
    expect(threadAccess({ ...base, kind: 'client_writer', hasWriter: false })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(threadAccess({ ...base, orderStatus: 'archived' })).toMatchObject({ ok: true, canWrite: false });
  });
});
