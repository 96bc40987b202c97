/**
 * Pure screening of client<->writer messages: e-mail addresses, phone numbers and messenger
 * handles are found and masked; links are noted (the caller holds such a message for review).
 * Numbers that are not phones — order numbers, prices, dates, times, page ranges, years — stay.
 * Every pattern errs towards masking: a masked word costs little, a leaked contact costs an order.
 */

export type ScreeningFlag = 'email' | 'phone' | 'messenger' | 'link';
export const MASK = '[hidden]';

interface Span {
  start: number;
  end: number;
  flag: ScreeningFlag;
}

const ALL_TLDS = 'com|net|org|io|co|me|info|biz|ly|gl|us|uk|ca|au|de|fr|ru|in|edu|gov|app|dev|xyz|site|online|link|page|gg|to|cc|tv|ws|su|ua|ke|ng|pk|ph';
/** Bare domains count as links only with these endings ("done.Me too" and "up.to" are typos, not links). */
const LINK_TLDS = 'com|net|org|io|info|biz|ly|gl|uk|ca|au|de|fr|ru|edu|gov|app|dev|xyz|online|gg|cc|tv|ws|su|ua|ke|ng|pk|ph';

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b/gi;
/** "name (at) gmail (dot) com", "name[at]mail.ru", "name at gmail dot com". */
const OBFUSCATED_EMAILS = [
  new RegExp(String.raw`[a-z0-9._%+-]+\s*(?:\(at\)|\[at\]|\{at\})\s*[a-z0-9-]+\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*(?:${ALL_TLDS})\b`, 'gi'),
  new RegExp(String.raw`[a-z0-9._%+-]+\s+at\s+[a-z0-9-]+\s+dot\s+(?:${ALL_TLDS})\b`, 'gi'),
];

const URLS = [
  /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi,
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/[^\s<>"]+/gi, // any domain with a path: t.me/jane, bit.ly/x
  new RegExp(String.raw`\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:${LINK_TLDS})\b`, 'gi'),
];

const STRONG_MESSENGERS = String.raw`telegram|whats\s?app|viber|skype|discord|snapchat|we\s?chat|instagram|kik|threema|icq|facebook|messenger|imessage`;
const WEAK_MESSENGERS = 'tg|wa|ig|insta|snap|signal|line|fb|twitter|x';
const CONNECTOR = String.raw`\s*(?:[:=\-–]|\bid\b|\busername\b|\buser\b|\bhandle\b|\bnick\b|\bname\b|\bnumber\b|\bis\b|\bme\b|\bat\b|\bon\b)`;
/** A handle without "@" must look like one: a digit or "_" in it, or parts joined by "." or "-". */
const BARE_HANDLE = String.raw`[a-z0-9][a-z0-9.-]*[0-9_][a-z0-9_.-]*|[a-z0-9]+(?:[._-][a-z0-9]+)+`;

const MESSENGER_PATTERNS: Array<{ pattern: RegExp; group?: number }> = [
  // "telegram: @name", "whatsapp +1 555…", "skype live:xyz", "my telegram id is jane_doe", "viber: janedoe"
  {
    pattern: new RegExp(
      String.raw`\b(?:${STRONG_MESSENGERS})\b(?:${CONNECTOR})*\s*(@[a-z0-9_.]{2,}|live:[a-z0-9_.:-]+|\+?\d[\d ().-]{5,}\d|${BARE_HANDLE})`,
      'gi',
    ),
    group: 1,
  },
  { pattern: new RegExp(String.raw`\b(?:${STRONG_MESSENGERS})\s*:\s*([a-z][a-z0-9_.-]{2,})`, 'gi'), group: 1 },
  // Short or ambiguous words ("line", "signal", "x") only with "@", or ":" and a handle-like name.
  { pattern: new RegExp(String.raw`\b(?:${WEAK_MESSENGERS})\s*:?\s*(@[a-z0-9_.]{2,})`, 'gi'), group: 1 },
  { pattern: new RegExp(String.raw`\b(?:${WEAK_MESSENGERS})\s*:\s*(${BARE_HANDLE})`, 'gi'), group: 1 },
  // "@jane_doe on telegram"
  { pattern: new RegExp(String.raw`@[a-z0-9_.]{2,}(?=\s+(?:on|in|via|at)\s+(?:${STRONG_MESSENGERS}|${WEAK_MESSENGERS})\b)`, 'gi') },
  // discord name#1234
  { pattern: /\b(?=[a-z0-9_.]*[a-z])[a-z0-9_.]{2,32}#\d{4}\b/gi },
  { pattern: /\blive:[a-z0-9_.:-]{2,}/gi },
  { pattern: /\b(?:https?:\/\/)?(?:t\.me|telegram\.me|wa\.me|m\.me|discord\.gg|discord\.com\/users|instagram\.com|snapchat\.com\/add)\/[^\s<>"]+/gi },
];

/** A run of digits with phone separators; the lookbehind keeps "$45.99", "#100234" and "v1.2" out. */
const PHONE_CANDIDATE = /(?<![\w$€£¥#@./,-])(?:\+|\b00)?\(?\d(?:[ \u00a0().-]{0,3}\d)+\)?/g;
const PHONE_KEYWORD = /\b(?:call|phone|tel|telephone|mobile|mob|cell|text|sms|whats\s?app|viber|signal|telegram|contact|reach|ring)\b[^\n\d]{0,20}$/i;

function spansOf(text: string, pattern: RegExp, flag: ScreeningFlag, group?: number): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(pattern)) {
    const part = group === undefined ? m[0] : m[group];
    if (!part) continue;
    const offset = group === undefined ? 0 : m[0].lastIndexOf(part);
    spans.push({ start: m.index + offset, end: m.index + offset + part.length, flag });
  }
  return spans;
}

/** d/m/y, m/d/y and y-m-d dates (with -, / or .) and hh:mm times. */
function dateSpans(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const dayMonth = (a: number, b: number) => (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31);
  for (const m of text.matchAll(/\b(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\b/g)) {
    if (Number(m[3]) >= 1 && Number(m[3]) <= 12 && Number(m[4]) >= 1 && Number(m[4]) <= 31) ranges.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(/\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\b/g)) {
    if (dayMonth(Number(m[1]), Number(m[3]))) ranges.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(/\b\d{1,2}:\d{2}(?::\d{2})?\b/g)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/** Same-length copy with the given ranges blanked, so they never join or split a phone candidate. */
function blank(text: string, ranges: Array<[number, number]>): string {
  let out = text;
  for (const [start, end] of ranges) out = out.slice(0, start) + 'x'.repeat(end - start) + out.slice(end);
  return out;
}

const isYear = (group: string) => /^(?:19|20)\d{2}$/.test(group);

/** Whether a digit run is a phone number rather than an order number, price, range or list of years. */
export function looksLikePhone(candidate: string, textBefore = ''): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\d{1,3}(?:[ ,.]\d{3})*[.,]\d{2}$/.test(candidate) || /^\d+[.,]\d{1,2}$/.test(candidate)) return false; // a price
  const groups = candidate.split(/\D+/).filter(Boolean);
  if (groups.length > 1 && groups.every(isYear)) return false;
  if (/\b(?:isbn|issn|doi)\b[^\d\n]{0,6}$/i.test(textBefore)) return false; // a book or paper id
  if (/^(?:\+|00)/.test(candidate) || PHONE_KEYWORD.test(textBefore)) return true;
  if (digits.length >= 9) return groups.length <= 5;
  // 7 or 8 digits: only a local phone's shape (555-1234, (555) 1234, 123-45-67).
  return /^\(?\d{3}\)?[ .-]\d{4}$/.test(candidate) || /^\d{3}[ .-]\d{2}[ .-]\d{2}$/.test(candidate);
}

function phoneSpans(text: string, taken: Span[]): Span[] {
  const shadow = blank(text, [...dateSpans(text), ...taken.map((s): [number, number] => [s.start, s.end])]);
  const spans: Span[] = [];
  for (const m of shadow.matchAll(PHONE_CANDIDATE)) {
    let candidate = m[0];
    // An unbalanced parenthesis belongs to the sentence, not the number.
    const count = (c: string) => candidate.split(c).length - 1;
    if (candidate.endsWith(')') && count(')') > count('(')) candidate = candidate.slice(0, -1);
    let start = m.index;
    if (candidate.startsWith('(') && !candidate.includes(')')) {
      candidate = candidate.slice(1);
      start++;
    }
    if (looksLikePhone(candidate, text.slice(Math.max(0, start - 40), start))) {
      spans.push({ start, end: start + candidate.length, flag: 'phone' });
    }
  }
  return spans;
}

/** ": name" captured after a messenger word keeps its colon visible. */
function trimLeading(body: string, span: Span): Span {
  let start = span.start;
  while (start < span.end && /[:\s]/.test(body[start]!)) start++;
  return { ...span, start };
}

function contactSpans(body: string): Span[] {
  const emails = [spansOf(body, EMAIL, 'email'), ...OBFUSCATED_EMAILS.map((p) => spansOf(body, p, 'email'))].flat();
  const messengers = MESSENGER_PATTERNS.flatMap(({ pattern, group }) => spansOf(body, pattern, 'messenger', group).map((s) => trimLeading(body, s)));
  const links = URLS.flatMap((p) => spansOf(body, p, 'link'));
  // Digits inside addresses and links are not phones; links themselves are held, not masked.
  const phones = phoneSpans(body, [...emails, ...links]);
  return [...emails, ...messengers, ...phones];
}

function linkFound(body: string): boolean {
  const withoutEmails = body.replace(EMAIL, ' ');
  return URLS.some((p) => spansOf(withoutEmails, p, 'link').length > 0);
}

/** Overlapping spans merged into one. */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

export interface Screening {
  /** The body the other party sees, or null when nothing was masked. */
  maskedBody: string | null;
  /** What was found, each kind once, in a stable order. */
  flags: ScreeningFlag[];
}

/** Masks contact details and notes links. The caller keeps the original for staff. */
export function screenBody(body: string): Screening {
  const found = contactSpans(body);
  const spans = merge(found);
  let masked = '';
  let at = 0;
  for (const span of spans) {
    masked += body.slice(at, span.start) + MASK;
    at = span.end;
  }
  masked += body.slice(at);
  const flags = new Set<ScreeningFlag>(found.map((s) => s.flag));
  if (linkFound(body)) flags.add('link');
  const order: ScreeningFlag[] = ['email', 'phone', 'messenger', 'link'];
  return { maskedBody: spans.length ? masked : null, flags: order.filter((f) => flags.has(f)) };
}
