import { describe, expect, it } from 'vitest';
import { defaultPriceList } from '../../src/pricing/defaults.js';
import {
  checkQuoteInput,
  deadlineBandFor,
  priceQuote,
  subjectMultiplier,
  tightDeadlineWarning,
  validatePriceList,
  type QuoteInput,
} from '../../src/pricing/rules.js';

const list = defaultPriceList();
const plain: QuoteInput = {
  pages: 1,
  spacing: 'double',
  paperType: 'essay',
  workType: 'writing',
  academicLevel: 'high_school',
  subject: 'other',
  deadlineHours: 240,
  slides: 0,
  charts: 0,
  writerLevel: 'standard',
  preferredWriter: false,
  extraServices: [],
};

describe('deadline bands', () => {
  // Every band edge: exactly on it, just above it (next band), and beyond the last band.
  it.each([
    [1, 3, 30_000],
    [3, 3, 30_000],
    [3.01, 6, 25_000],
    [6, 6, 25_000],
    [7, 12, 20_000],
    [12, 12, 20_000],
    [13, 24, 17_500],
    [24, 24, 17_500],
    [25, 48, 14_500],
    [48, 48, 14_500],
    [49, 72, 12_500],
    [72, 72, 12_500],
    [73, 120, 11_000],
    [120, 120, 11_000],
    [121, 168, 10_500],
    [168, 168, 10_500],
    [169, 240, 10_000],
    [240, 240, 10_000],
    [241, 336, 9_500],
    [336, 336, 9_500],
    [337, 480, 9_000],
    [480, 480, 9_000],
    [481, 720, 8_500],
    [720, 720, 8_500],
    [721, 720, 8_500],
    [5000, 720, 8_500],
  ])('%s h -> the %s h band (×%s bp)', (hours, maxHours, bp) => {
    expect(deadlineBandFor(list.deadlineBands, hours)).toEqual({ maxHours, multiplierBp: bp });
  });
});

describe('priceQuote', () => {
  it('prices one plain page at the base price', () => {
    const quote = priceQuote(list, plain);
    expect(quote.totalCents).toBe(1399);
    expect(quote.lines[0]).toMatchObject({ code: 'base', amountCents: 1399 });
    expect(quote.deadlineBand.maxHours).toBe(240);
    expect(quote.warning).toBeNull();
  });

  it.each([
    ['academicLevel', 'undergraduate', 1679], // 13.99 × 1.2 = 16.788
    ['academicLevel', 'masters', 2099], // × 1.5 = 20.985
    ['academicLevel', 'phd', 2658], // × 1.9 = 26.581
    ['paperType', 'dissertation', 1819], // × 1.3 = 18.187
    ['workType', 'editing', 1399], // × 0.5 = 6.995 -> 7.00, then the minimum charge
    ['subject', 'computer_science', 1889], // technical × 1.35 = 18.8865
    ['subject', 'finance', 1679], // subject override × 1.2 (its category is 1.15)
    ['spacing', 'single', 2798], // × 2
  ] as const)('applies %s = %s', (field, value, total) => {
    expect(priceQuote(list, { ...plain, [field]: value }).totalCents).toBe(total);
  });

  it('rounds half-up after every step, not once at the end', () => {
    // 3 pages: 41.97 -> ×1.2 = 50.364 -> 50.36 -> ×1.75 (24 h) = 88.13
    const quote = priceQuote(list, { ...plain, pages: 3, academicLevel: 'undergraduate', deadlineHours: 24 });
    const running = quote.lines.filter((l) => l.runningCents !== undefined).map((l) => l.runningCents);
    expect(running).toEqual([4197, 4197, 4197, 5036, 5036, 8813]);
    expect(quote.totalCents).toBe(8813);
  });

  it('adds slides, charts, writer level, preferred writer and extras after the minimum charge', () => {
    const quote = priceQuote(list, {
      ...plain,
      workType: 'editing',
      slides: 2,
      charts: 1,
      writerLevel: 'expert',
      preferredWriter: true,
      extraServices: ['plagiarism_report', 'progressive_delivery'],
    });
    const byCode = Object.fromEntries(quote.lines.map((l) => [l.code, l.amountCents]));
    expect(byCode).toMatchObject({
      minimum_charge: 699, // 7.00 raised to 13.99
      slides: 1400,
      charts: 500,
      writer_level: 1399,
      preferred_writer: 499,
      'extra:plagiarism_report': 999,
      'extra:progressive_delivery': 140, // 10 % of 13.99 = 1.399 -> 1.40
    });
    expect(quote.totalCents).toBe(1399 + 1400 + 500 + 1399 + 499 + 999 + 140);
    expect(quote.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(quote.totalCents);
  });

  it('makes the breakdown add up to the total for a busy order', () => {
    const quote = priceQuote(list, {
      ...plain,
      pages: 17,
      spacing: 'single',
      academicLevel: 'phd',
      subject: 'law',
      paperType: 'thesis',
      deadlineHours: 30,
    });
    expect(quote.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(quote.totalCents);
    expect(Number.isSafeInteger(quote.totalCents)).toBe(true);
  });
});

describe('tight deadline warning', () => {
  it('warns when pages exceed hours × max pages per hour, suggesting a feasible deadline', () => {
    expect(tightDeadlineWarning(list, 9, 6)).toBeNull(); // 9 <= 6 × 1.5
    expect(tightDeadlineWarning(list, 10, 6)).toMatchObject({ suggestedDeadlineHours: 7 });
    expect(priceQuote(list, { ...plain, pages: 20, deadlineHours: 12 }).warning?.suggestedDeadlineHours).toBe(14);
  });
});

describe('checkQuoteInput', () => {
  it('accepts a valid input', () => {
    expect(checkQuoteInput(list, plain)).toEqual({});
  });

  it('names every bad field with the limit', () => {
    const problems = checkQuoteInput(list, {
      ...plain,
      pages: 500,
      deadlineHours: 1,
      paperType: 'poem',
      subject: 'astrology',
      extraServices: ['plagiarism_report', 'ghostwriting'],
      slides: 1000,
    });
    expect(problems).toEqual({
      pages: 'must be between 1 and 200',
      deadlineHours: 'must be at least 3 hours away',
      paperType: 'is not offered',
      subject: 'is not offered',
      extraServices: 'not offered: ghostwriting',
      slides: 'must be at most 100',
    });
  });

  it('refuses inactive options and duplicate extras', () => {
    const withInactive = { ...list, paperTypes: list.paperTypes.map((p) => (p.code === 'essay' ? { ...p, active: false } : p)) };
    expect(checkQuoteInput(withInactive, plain)).toEqual({ paperType: 'is not offered' });
    expect(checkQuoteInput(list, { ...plain, extraServices: ['plagiarism_report', 'plagiarism_report'] })).toEqual({
      extraServices: 'lists a service twice',
    });
  });

  it('finds a subject multiplier through its category unless overridden', () => {
    expect(subjectMultiplier(list, 'history')).toBe(10_500);
    expect(subjectMultiplier(list, 'nursing')).toBe(13_500);
    expect(subjectMultiplier(list, 'nope')).toBeUndefined();
  });
});

describe('validatePriceList', () => {
  it('accepts the defaults', () => {
    expect(validatePriceList(list)).toEqual([]);
  });

  it('refuses an incoherent list with reasons', () => {
    const broken = {
      ...list,
      basePerPageCents: -5,
      academicLevels: [{ code: 'phd', name: 'PhD', multiplierBp: 0 }],
      deadlineBands: [
        { maxHours: 24, multiplierBp: 17_500 },
        { maxHours: 12, multiplierBp: 20_000 },
      ],
      subjects: [...list.subjects, { code: 'x', name: 'X', categoryCode: 'missing' }],
    };
    expect(validatePriceList(broken)).toEqual([
      'basePerPageCents must be a non-negative whole number of cents',
      'academicLevels "phd" is missing a positive multiplier',
      'subject "x" belongs to an unknown category "missing"',
      'deadline bands must be in increasing hours (band 2: 12 h after 24 h)',
    ]);
  });
});
