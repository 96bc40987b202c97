import { describe, expect, it } from 'vitest';
import { decideMessage, matchRules, threadAccess, type ThreadContext } from '../../src/orders/messages/rules.js';
import { MASK, screenBody, screenFileNameForCounterparty, screenForCounterparty } from '../../src/orders/screening.js';

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

/**
 * Contacts written around the screening ([message, what must not survive, flag]): full-width and
 * other-script digits, invisible characters, digits spaced out or spelled out, addresses spelled
 * out, messenger names written apart.
 */
const EVASIONS: Array<[string, string, 'email' | 'phone' | 'messenger']> = [
  ['call me ５５５-１２３-４５６７', '4567', 'phone'],
  ['mail jane＠gmail.com', 'jane', 'email'],
  ['jane.doe@gm\u200bail.com', 'jane', 'email'],
  ['555\u200b123\u200c4567', '4567', 'phone'],
  ['5\u20605\u20605 1\u200d2\u200d3\u200d4', '4', 'phone'],
  ['0\u00ad7\u00ad1\u00ad2\u00ad3\u00ad4\u00ad5\u00ad6\u00ad7\u00ad8', '8', 'phone'],
  ['٠٧١٢٣٤٥٦٧٨', '٨', 'phone'],
  ['call ⑤⑤⑤①②③④', '④', 'phone'],
  ['5 5 5 1 2 3 4', '1 2 3 4', 'phone'],
  ['5 5 5 - 1 2 3 - 4 5 6 7', '4 5 6 7', 'phone'],
  ['555 1 2 3 4 5 6', '1 2 3', 'phone'],
  ['555_123_4567', '4567', 'phone'],
  ['five five five one two three four', 'four', 'phone'],
  ['my number is five five five, one two three, four five six seven', 'seven', 'phone'],
  ['555 one two three 4567', '4567', 'phone'],
  ['double five five one two three four', 'four', 'phone'],
  ['nine one seven five five five zero one nine nine', 'zero', 'phone'],
  ['FIVE FIVE FIVE - ONE TWO THREE - FORTY-FIVE SIXTY-SEVEN', 'SIXTY', 'phone'],
  ['john dot doe at gmail dot com', 'john', 'email'],
  ['john.doe (at) gmail (dot) com', 'doe', 'email'],
  ['john (at) gmail', 'john', 'email'],
  ['john at gmail', 'john', 'email'],
  ['jane at gmail.com', 'jane', 'email'],
  ['write john @ gmail . com', 'john', 'email'],
  ['john@gmail', 'john', 'email'],
  ['john dot doe at uni.edu', 'doe', 'email'],
  ['name at example dot com', 'example', 'email'],
  ['jane [at] example [dot] org', 'jane', 'email'],
  ['my gmail is johndoe99', 'johndoe99', 'email'],
  ['email me at jane_doe', 'jane_doe', 'email'],
  ['tele gram: @joe', '@joe', 'messenger'],
  ['t e l e g r a m: @joe_99', 'joe_99', 'messenger'],
  ['telegram: @ joe_doe', 'joe_doe', 'messenger'],
  ['ｔｅｌｅｇｒａｍ: ＠joe', 'joe', 'messenger'],
  ["what's app: @jo_e", 'jo_e', 'messenger'],
  ['Whats App me at @joey', 'joey', 'messenger'],
  ['sky pe: jane.doe', 'jane.doe', 'messenger'],
  ['insta gram @jane.writes', 'jane.writes', 'messenger'],
];

/** Ordinary academic text that must come through untouched, however many numbers it holds. */
const ACADEMIC = [
  'APA 7th edition, 5 sources, 12 pages, due 2026',
  'Cite as (Smith, 2019, p. 45) and (Jones et al., 2020, pp. 112-118)',
  'Use sources from 2015, 2016, 2017 and two more from this year',
  'one or two sources and three to five pages',
  'Chapters one, two, three and four, then seven more',
  'Pages 10-12 and 14-16, 2,750 words, 1.5 spacing, 12 pt Times New Roman',
  'The 1960s and 1970s; twenty twenty-one was hard',
  'Meet the word count: at least 7 sources, at most 10',
  'ISBN 978-3-16-148410-0, doi 10.1000/182',
  'Harvard style, 3 figures, 2 tables, 4 appendices, 20 references',
  'I prefer telegram because it is fast; we chat on Monday about the draft',
  'The whats appeal of the argument is its dot product of evidence at large',
  'Look at the library at noon, then at home',
  'Write about the 9/11 attacks and the 2008 crisis in 1 500 words',
  'Sections 1.1, 1.2 and 2.3; figure 4; equation (5)',
  'I will email the 2nd draft on 12.05.2026 and mail on 14.05.2026',
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

describe('screening: contacts written around it', () => {
  it.each(EVASIONS)('masks %j', (body, secret, flag) => {
    const { maskedBody, flags } = screenBody(body);
    expect(maskedBody, `nothing masked in ${body}`).not.toBeNull();
    expect(maskedBody).toContain(MASK);
    expect(maskedBody).not.toContain(secret);
    expect(maskedBody!.normalize('NFKC')).not.toContain(secret.normalize('NFKC'));
    expect(flags).toContain(flag);
  });

  it.each(ACADEMIC)('leaves academic text alone: %j', (body) => {
    expect(screenBody(body)).toEqual({ maskedBody: null, flags: [] });
  });

  it('keeps the words around a masked contact, normalised', () => {
    expect(screenBody('Hi, text me on ５５５ １２３ ４５６７ tonight').maskedBody).toBe(`Hi, text me on ${MASK} tonight`);
    expect(screenBody('Ready by Friday. Mail john dot doe at gmail dot com if late').maskedBody).toBe(
      `Ready by Friday. Mail ${MASK} if late`,
    );
  });

  it('takes linear time on long hostile input', () => {
    const hostile = ['a.', 'a dot ', 'x (dot) ', '5-', 'five ', 'tele gram ', ' ', 'a@', '1 '].map((unit) =>
      unit.repeat(Math.ceil(5000 / unit.length)).slice(0, 5000),
    );
    for (const body of hostile) screenBody(body); // compile the patterns first
    const started = performance.now();
    for (const body of hostile) screenBody(body);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('screening for the other party', () => {
  it('returns the masked text, or the text itself when nothing was found; never an empty string', () => {
    expect(screenForCounterparty('call 555-123-4567')).toBe(`call ${MASK}`);
    expect(screenForCounterparty('555-123-4567')).toBe(MASK);
    expect(screenForCounterparty('Five pages, APA')).toBe('Five pages, APA');
    expect(screenForCounterparty(null)).toBeNull();
  });

  it('screens file names without their extension, reading "_" as a space', () => {
    expect(screenFileNameForCounterparty('john_doe@gmail.com.pdf')).toBe(`${MASK}.pdf`);
    expect(screenFileNameForCounterparty('essay_5551234567_final.docx')).toBe(`essay_${MASK}_final.docx`);
    expect(screenFileNameForCounterparty('call me ５５５ １２３ ４５６７.pdf')).toBe(`call me ${MASK}.pdf`);
    expect(screenFileNameForCounterparty('Brief – v2 (2019).pdf')).toBe('Brief – v2 (2019).pdf');
  });
});

describe('screening: links', () => {
  it.each(['see https://example.com/paper', 'www.example.org', 'look at essays-help.com', 'bit.ly/abc123', 'http://10.0.0.1/x'])(
    'notes a link in %j',
    (body) => {
      expect(screenBody(body).flags).toContain('link');
    },
  );
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
    expect(decideMessage({ kind: 'client_writer', party: 'client', body: 'use PayPal', rules })).toMatchObject({
      outcome: 'block',
      rule: { id: 2 },
    });
    expect(decideMessage({ kind: 'client_writer', party: 'client', body: 'pay me directly', rules })).toMatchObject({
      outcome: 'hold',
      holdReasons: ['rule:1'],
    });
    expect(decideMessage({ kind: 'client_writer', party: 'client', body: 'thanks!', rules })).toMatchObject({
      outcome: 'deliver',
      flags: [],
    });
  });
});

describe('thread access', () => {
  const base: ThreadContext = {
    party: 'client',
    kind: 'client_support',
    orderStatus: 'in_progress',
    hasClient: true,
    hasWriter: true,
    clientWriterEnabled: true,
    threadExists: false,
  };
  it('lets each party use only its threads', () => {
    expect(threadAccess({ ...base, kind: 'internal' })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(threadAccess({ ...base, party: 'writer', kind: 'client_support' })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(threadAccess({ ...base, party: 'writer', kind: 'writer_support' })).toEqual({ ok: true, canWrite: true });
    expect(threadAccess({ ...base, party: 'staff', kind: 'internal' })).toEqual({ ok: true, canWrite: true });
  });
  it('closes client<->writer when the website turns it off, and everything to new messages once archived', () => {
    expect(threadAccess({ ...base, kind: 'client_writer', clientWriterEnabled: false })).toMatchObject({ ok: false, reason: 'disabled' });
    expect(threadAccess({ ...base, party: 'staff', kind: 'client_writer', clientWriterEnabled: false })).toMatchObject({
      ok: true,
      canWrite: false,
    });
    expect(threadAccess({ ...base, kind: 'client_writer', hasWriter: false })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(threadAccess({ ...base, orderStatus: 'archived' })).toMatchObject({ ok: true, canWrite: false });
  });
});
