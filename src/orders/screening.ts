/**
 * Pure screening of client<->writer messages: e-mail addresses, phone numbers and messenger
 * handles are found and masked; links are noted (the caller holds such a message for review).
 * Numbers that are not phones — order numbers, prices, dates, times, page ranges, years — stay.
 * Every pattern errs towards masking: a masked word costs little, a leaked contact costs an order.
 *
 * The text is matched after normalising it (NFKC, so full-width "５５５" and "＠" are plain digits
 * and "@"; invisible format characters such as zero-width spaces removed; digits of other scripts
 * read as 0-9), and a masked copy is built from that normalised text. Besides the plain forms it
 * finds spaced-out and spelled-out numbers ("5 5 5 1 2 3 4", "five five five one two three four"),
 * spelled-out addresses ("john dot doe at gmail dot com", "john (at) gmail") and messenger names
 * written apart ("tele gram: @joe", "whats app").
 */

export type ScreeningFlag = 'email' | 'phone' | 'messenger' | 'link';
export const MASK = '[hidden]';

interface Span {
  start: number;
  end: number;
  flag: ScreeningFlag;
}

const ALL_TLDS =
  'com|net|org|io|co|me|info|biz|ly|gl|us|uk|ca|au|de|fr|ru|in|edu|gov|app|dev|xyz|site|online|link|page|gg|to|cc|tv|ws|su|ua|ke|ng|pk|ph';
/** Bare domains count as links only with these endings ("done.Me too" and "up.to" are typos, not links). */
const LINK_TLDS = 'com|net|org|io|info|biz|ly|gl|uk|ca|au|de|fr|ru|edu|gov|app|dev|xyz|online|gg|cc|tv|ws|su|ua|ke|ng|pk|ph';

/** Starts only where no address character precedes, so a long run of letters is tried once, not once per letter. */
const EMAIL = /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b/gi;
/** Mail providers whose name alone, after an "at", makes an address ("jane at gmail"). */
const MAIL_PROVIDERS = 'gmail|googlemail|yahoo|ymail|hotmail|outlook|icloud|aol|protonmail|proton|yandex|gmx|zoho|msn|rambler';
const SPELLED_DOT = String.raw`\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+`;
/** A dot inside a name or domain: "." or spelled out. */
const JOIN = String.raw`(?:\.|${SPELLED_DOT})`;
/** The dot before a top-level domain may also stand apart ("gmail . com"). */
const LAST_DOT = String.raw`(?:\s?\.\s?|${SPELLED_DOT})`;
const PART = '[a-z0-9_%+-]+';
/**
 * Where a local part may start: not inside a name or after a dot, spelled or not. A chain such as
 * "a dot b dot c" is then tried once from its head, not once per word (which took quadratic time).
 */
const START = String.raw`(?=[a-z0-9_%+-])(?<![a-z0-9_%+.@-])(?<!\bdot\s{1,8})(?<![(\[{<]\s{0,8}dot\s{0,8}[)\]}>]\s{0,8})`;
const LOCAL = String.raw`${START}${PART}(?:${JOIN}${PART})*`;
const DOMAIN = String.raw`[a-z0-9-]+(?:${JOIN}[a-z0-9-]+)*`;
const TLD_END = String.raw`${LAST_DOT}(?:${ALL_TLDS})\b`;
const PROVIDER = String.raw`(?:${MAIL_PROVIDERS})\b(?:${TLD_END})*`;

/**
 * Addresses written around the screening: "name (at) gmail (dot) com", "name[at]mail.ru",
 * "name (at) gmail", "name @ gmail . com", "name@gmail", "name at gmail", "john dot doe at
 * gmail dot com", "name at example dot com". A plain " at " counts only before a mail provider or
 * with a spelled-out dot, so "look at nature.com" stays a link (held for review) and prose stays.
 */
const OBFUSCATED_EMAILS = [
  new RegExp(String.raw`${LOCAL}\s*[(\[{<]\s*(?:at|a)\s*[)\]}>]\s*${DOMAIN}(?:${TLD_END})?`, 'gi'),
  new RegExp(String.raw`${LOCAL}\s*@\s*(?:${PROVIDER}|${DOMAIN}${TLD_END})`, 'gi'),
  new RegExp(String.raw`${LOCAL}\s+at\s+(?:${PROVIDER}|${DOMAIN}(?:${SPELLED_DOT})(?:${ALL_TLDS})\b)`, 'gi'),
  new RegExp(String.raw`${START}${PART}(?:${SPELLED_DOT})${PART}(?:${JOIN}${PART})*\s+at\s+${DOMAIN}${TLD_END}`, 'gi'),
];

const URLS = [
  /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi,
  /(?<![\w-]|[\w-]\.)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/[^\s<>"]+/gi, // any domain with a path: t.me/jane, bit.ly/x
  new RegExp(String.raw`(?<![\w-]|[\w-]\.)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:${LINK_TLDS})\b`, 'gi'),
];

/** A messenger's name with at most two spaces, dots, dashes or apostrophes between its letters ("tele gram", "what's app", "s.k.y.p.e"). */
const apart = (name: string) => [...name].join(String.raw`[\s._'’*-]{0,2}`);
const STRONG_MESSENGERS = [
  ...[
    'telegram',
    'whatsapp',
    'viber',
    'skype',
    'discord',
    'snapchat',
    'wechat',
    'instagram',
    'threema',
    'facebook',
    'messenger',
    'imessage',
  ].map(apart),
  'kik',
  'icq',
].join('|');
const WEAK_MESSENGERS = 'tg|wa|ig|insta|snap|signal|line|fb|twitter|x';
const CONNECTOR = String.raw`\s*(?:[:=\-–]|\bid\b|\busername\b|\buser\b|\bhandle\b|\bnick\b|\bname\b|\bnumber\b|\bis\b|\bme\b|\bat\b|\bon\b)`;
/** A handle without "@" must look like one: a digit or "_" in it, or parts joined by "." or "-". */
const BARE_HANDLE = String.raw`[a-z0-9][a-z0-9.-]*[0-9_][a-z0-9_.-]*|[a-z0-9]+(?:[._-][a-z0-9]+)+`;

/** "my gmail is johndoe99", "email me at jane_doe": a mailbox named after the word for it, the domain left out. */
const NAMED_MAILBOX = new RegExp(
  String.raw`\b(?:e-?mail|mail|${MAIL_PROVIDERS})\b(?:${CONNECTOR})*\s*((?=[a-z0-9._-]{4,})(?=[a-z0-9._-]*[a-z])(?:${BARE_HANDLE}))`,
  'gi',
);

const MESSENGER_PATTERNS: Array<{ pattern: RegExp; group?: number }> = [
  // "telegram: @name", "whatsapp +1 555…", "skype live:xyz", "my telegram id is jane_doe", "viber: janedoe"
  {
    pattern: new RegExp(
      String.raw`\b(?:${STRONG_MESSENGERS})\b(?:${CONNECTOR})*\s*(@\s?[a-z0-9_.]{2,}|live:[a-z0-9_.:-]+|\+?\d[\d ().-]{5,}\d|${BARE_HANDLE})`,
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
  { pattern: /\b(?=[a-z0-9_.]{0,31}[a-z])[a-z0-9_.]{2,32}#\d{4}\b/gi },
  { pattern: /\blive:[a-z0-9_.:-]{2,}/gi },
  {
    pattern:
      /\b(?:https?:\/\/)?(?:t\.me|telegram\.me|wa\.me|m\.me|discord\.gg|discord\.com\/users|instagram\.com|snapchat\.com\/add)\/[^\s<>"]+/gi,
  },
];

/** A run of digits with phone separators; the lookbehind keeps "$45.99", "#100234" and "v1.2" out. */
const PHONE_CANDIDATE = /(?<![\w$€£¥#@./,-])(?:\+|\b00)?\(?\d(?:[ \u00a0()._/-]{0,3}\d)+\)?/g;
const PHONE_KEYWORD =
  /\b(?:call|phone|tel|telephone|mobile|mob|cell|text|sms|whats\s?app|viber|signal|telegram|contact|reach|ring)\b[^\n\d]{0,20}$/i;

/** Digits written as words, for phone numbers spelled out ("five five five, one two three four"). */
const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  nil: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
};
const TENS_WORDS: Record<string, string> = {
  twenty: '2',
  thirty: '3',
  forty: '4',
  fourty: '4',
  fifty: '5',
  sixty: '6',
  seventy: '7',
  eighty: '8',
  ninety: '9',
};
const REPEAT_WORDS: Record<string, number> = { double: 2, triple: 3 };
const NUMBER_TOKEN = String.raw`(?:\d+|${[...Object.keys(DIGIT_WORDS), ...Object.keys(TENS_WORDS), ...Object.keys(REPEAT_WORDS), 'plus'].join('|')})`;
/** Number words and digits one after another, apart only by spaces and light punctuation. */
const NUMBER_RUN = new RegExp(String.raw`\b${NUMBER_TOKEN}\b(?:[\s,.()/+–-]{1,3}\b${NUMBER_TOKEN}\b)*`, 'gi');

/** The digits a run of number words and digits spells, and how many of them came from words. */
function spelledDigits(run: string): { digits: string; fromWords: number } {
  const tokens = run.toLowerCase().match(new RegExp(NUMBER_TOKEN, 'g')) ?? [];
  let digits = '';
  let fromWords = 0;
  let repeat = 1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let part: string;
    if (/^\d+$/.test(token)) part = token;
    else if (token in REPEAT_WORDS) {
      repeat = REPEAT_WORDS[token]!;
      continue;
    } else if (token in TENS_WORDS) {
      const next = tokens[i + 1];
      const unit =
        next && next in DIGIT_WORDS && DIGIT_WORDS[next]!.length === 1 && next !== 'o' && next !== 'oh' && next !== 'zero'
          ? DIGIT_WORDS[next]!
          : null;
      part = TENS_WORDS[token]! + (unit ?? '0');
      if (unit) i++;
    } else if (token in DIGIT_WORDS) part = DIGIT_WORDS[token]!;
    else continue; // "plus"
    const spelled = part.repeat(repeat);
    if (!/^\d+$/.test(token)) fromWords += spelled.length;
    digits += spelled;
    repeat = 1;
  }
  return { digits, fromWords };
}

/** Phone numbers written (partly) in words: seven digits or more, three of them at least from words. */
function spelledPhoneSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(NUMBER_RUN)) {
    const { digits, fromWords } = spelledDigits(m[0]);
    if (digits.length >= 7 && fromWords >= 3) spans.push({ start: m.index, end: m.index + m[0].length, flag: 'phone' });
  }
  return spans;
}

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
  // Spaced out digit by digit ("5 5 5 1 2 3 4", "555 1 2 3 4 5 6"): mostly single digits.
  if (groups.length >= 5 && groups.filter((g) => g.length === 1).length * 2 >= groups.length) return true;
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
  const emails = [
    spansOf(body, EMAIL, 'email'),
    ...OBFUSCATED_EMAILS.map((p) => spansOf(body, p, 'email')),
    spansOf(body, NAMED_MAILBOX, 'email', 1).map((s) => trimLeading(body, s)),
  ].flat();
  const messengers = MESSENGER_PATTERNS.flatMap(({ pattern, group }) =>
    spansOf(body, pattern, 'messenger', group).map((s) => trimLeading(body, s)),
  );
  const links = URLS.flatMap((p) => spansOf(body, p, 'link'));
  // Digits inside addresses and links are not phones; links themselves are held, not masked.
  const phones = [...phoneSpans(body, [...emails, ...links]), ...spelledPhoneSpans(body)];
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
  /** The body the other party sees (normalised, contacts masked), or null when nothing was masked. */
  maskedBody: string | null;
  /** What was found, each kind once, in a stable order. */
  flags: ScreeningFlag[];
}

/** Characters that show as nothing (zero-width spaces and joiners, soft hyphens, direction marks, fillers). */
const INVISIBLE = /\p{Cf}|\p{Variation_Selector}|[\u115f\u1160\u3164\uffa0]|\u034f|\u17b4|\u17b5/gu;

/** The ASCII digit of a decimal digit of any script: Unicode encodes each script's 0-9 in one ascending run. */
function asciiDigit(digit: string): string {
  let cp = digit.codePointAt(0)!;
  let steps = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  return String(steps % 10);
}

/**
 * The text the patterns read: NFKC (full-width and other compatibility forms become plain: "５" is
 * "5", "＠" is "@", "ｔｅｌｅｇｒａｍ" is "telegram"), invisible characters removed, digits of
 * other scripts made 0-9.
 */
export function normaliseForScreening(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\p{Nd}/gu, (d) => (d >= '0' && d <= '9' ? d : asciiDigit(d)));
}

function masking(text: string, found: Span[]): string | null {
  const spans = merge(found);
  if (!spans.length) return null;
  let masked = '';
  let at = 0;
  for (const span of spans) {
    masked += text.slice(at, span.start) + MASK;
    at = span.end;
  }
  return masked + text.slice(at);
}

/** Masks contact details and notes links. The caller keeps the original for staff. */
export function screenBody(body: string): Screening {
  const text = normaliseForScreening(body);
  const found = contactSpans(text);
  const flags = new Set<ScreeningFlag>(found.map((s) => s.flag));
  if (linkFound(text)) flags.add('link');
  const order: ScreeningFlag[] = ['email', 'phone', 'messenger', 'link'];
  return { maskedBody: masking(text, found), flags: order.filter((f) => flags.has(f)) };
}

/**
 * A text as the other party of a client<->writer exchange reads it: contact details masked, the
 * original left to its author and staff. Every client-written text a writer reads (topic,
 * instructions, reasons on the timeline, file names, messages) and every writer-written text a
 * client reads goes through here (or screenFileNameForCounterparty) in the serializer for that
 * audience. Never empty for a non-empty text, never the original when something was found.
 */
export function screenForCounterparty(text: string): string;
export function screenForCounterparty(text: string | null): string | null;
export function screenForCounterparty(text: string | null): string | null {
  if (text === null) return null;
  return screenBody(text).maskedBody ?? text;
}

/**
 * A file name as the other party sees it: the name without its extension is screened (with "_"
 * read as a space too, as names use it between words), the extension kept.
 */
export function screenFileNameForCounterparty(name: string): string {
  const text = normaliseForScreening(name);
  const dot = text.lastIndexOf('.');
  const hasExtension = dot > 0 && /^\.[a-z0-9]{1,8}$/i.test(text.slice(dot));
  const base = hasExtension ? text.slice(0, dot) : text;
  const found = [...contactSpans(base), ...contactSpans(base.replace(/_/g, ' '))];
  const masked = masking(base, found);
  return masked === null ? name : masked + (hasExtension ? text.slice(dot) : '');
}
