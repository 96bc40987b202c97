import { applyBasisPoints, type BasisPoints, type Cents } from '../platform/money.js';

/**
 * Pure pricing rules (RULES.md "Pricing"): no I/O. Amounts in cents, multipliers in basis points,
 * rounded half-up to the cent after every step, each step a line of the breakdown.
 */
export const SPACINGS = ['double', 'single'] as const;
export type Spacing = (typeof SPACINGS)[number];

export interface PricedOption {
  code: string;
  name: string;
  multiplierBp: BasisPoints;
  active?: boolean;
}

export interface SubjectOption {
  code: string;
  name: string;
  categoryCode: string;
  /** Overrides its category's multiplier when set. */
  multiplierBp?: BasisPoints | null;
  active?: boolean;
}

export interface DeadlineBand {
  maxHours: number;
  multiplierBp: BasisPoints;
}

export interface WriterLevelFee {
  code: string;
  name: string;
  feeCents: Cents;
}

export type ExtraServicePricing = { kind: 'fixed'; amountCents: Cents } | { kind: 'percent'; bp: BasisPoints };

export interface ExtraService {
  code: string;
  name: string;
  pricing: ExtraServicePricing;
  active?: boolean;
}

export interface PriceLimits {
  minPages: number;
  maxPages: number;
  maxSlides: number;
  maxCharts: number;
  minDeadlineHours: number;
  maxDeadlineHours: number;
}

export interface PriceList {
  currency: string;
  basePerPageCents: Cents;
  minChargeCents: Cents;
  singleSpacingBp: BasisPoints;
  slidePriceCents: Cents;
  chartPriceCents: Cents;
  preferredWriterFeeCents: Cents;
  /** A quote warns when pages > hours × this. */
  maxPagesPerHour: number;
  paperTypes: PricedOption[];
  workTypes: PricedOption[];
  academicLevels: PricedOption[];
  subjectCategories: PricedOption[];
  subjects: SubjectOption[];
  deadlineBands: DeadlineBand[];
  writerLevels: WriterLevelFee[];
  extraServices: ExtraService[];
  limits: PriceLimits;
}

export interface QuoteInput {
  pages: number;
  spacing: Spacing;
  paperType: string;
  workType: string;
  academicLevel: string;
  subject: string;
  deadlineHours: number;
  slides: number;
  charts: number;
  writerLevel: string;
  preferredWriter: boolean;
  extraServices: string[];
}

export interface QuoteLine {
  code: string;
  label: string;
  /** What this line adds to the total (a multiplier's line shows the difference it makes). */
  amountCents: Cents;
  /** The running amount after this step, for multiplier steps. */
  runningCents?: Cents;
  multiplierBp?: BasisPoints;
}

export interface TightDeadlineWarning {
  message: string;
  suggestedDeadlineHours: number;
}

export interface Quote {
  currency: string;
  totalCents: Cents;
  lines: QuoteLine[];
  deadlineBand: DeadlineBand;
  warning: TightDeadlineWarning | null;
}

/** Input errors keyed by field, for a 400 that names each. */
export type QuoteProblems = Partial<Record<keyof QuoteInput, string>>;

export const WORDS_PER_DOUBLE_SPACED_PAGE = 275;

/** The band is the smallest max_hours ≥ the hours requested; beyond the last band, the last. */
export function deadlineBandFor(bands: readonly DeadlineBand[], hours: number): DeadlineBand {
  const sorted = [...bands].sort((a, b) => a.maxHours - b.maxHours);
  if (!sorted.length) throw new Error('The price list has no deadline bands');
  return sorted.find((band) => band.maxHours >= hours) ?? sorted[sorted.length - 1]!;
}

export function subjectMultiplier(list: PriceList, subjectCode: string): BasisPoints | undefined {
  const subject = list.subjects.find((s) => s.code === subjectCode && s.active !== false);
  if (!subject) return undefined;
  if (subject.multiplierBp != null) return subject.multiplierBp;
  return list.subjectCategories.find((c) => c.code === subject.categoryCode)?.multiplierBp;
}

const activeOption = (options: readonly PricedOption[], code: string) => options.find((o) => o.code === code && o.active !== false);

/** Checks codes and limits; returns the problems by field (empty when the input can be priced). */
export function checkQuoteInput(list: PriceList, input: QuoteInput): QuoteProblems {
  const problems: QuoteProblems = {};
  const { limits } = list;
  if (input.pages < limits.minPages || input.pages > limits.maxPages) problems.pages = `must be between ${limits.minPages} and ${limits.maxPages}`;
  if (input.slides > limits.maxSlides) problems.slides = `must be at most ${limits.maxSlides}`;
  if (input.charts > limits.maxCharts) problems.charts = `must be at most ${limits.maxCharts}`;
  if (input.deadlineHours < limits.minDeadlineHours) problems.deadlineHours = `must be at least ${limits.minDeadlineHours} hours away`;
  else if (input.deadlineHours > limits.maxDeadlineHours) problems.deadlineHours = `must be at most ${limits.maxDeadlineHours} hours away`;
  if (!activeOption(list.paperTypes, input.paperType)) problems.paperType = 'is not offered';
  if (!activeOption(list.workTypes, input.workType)) problems.workType = 'is not offered';
  if (!activeOption(list.academicLevels, input.academicLevel)) problems.academicLevel = 'is not offered';
  if (subjectMultiplier(list, input.subject) === undefined) problems.subject = 'is not offered';
  if (!list.writerLevels.some((l) => l.code === input.writerLevel)) problems.writerLevel = 'is not offered';
  const unknown = input.extraServices.filter((code) => !list.extraServices.some((s) => s.code === code && s.active !== false));
  if (unknown.length) problems.extraServices = `not offered: ${unknown.join(', ')}`;
  else if (new Set(input.extraServices).size !== input.extraServices.length) problems.extraServices = 'lists a service twice';
  return problems;
}

/** Suggests the shortest deadline at which the pages are feasible, or null when the requested one is. */
export function tightDeadlineWarning(list: PriceList, pages: number, hours: number): TightDeadlineWarning | null {
  if (pages <= hours * list.maxPagesPerHour) return null;
  const suggested = Math.ceil(pages / list.maxPagesPerHour);
  return {
    message: `${pages} pages in ${hours} hours is tight: we suggest a deadline of at least ${suggested} hours`,
    suggestedDeadlineHours: suggested,
  };
}

/**
 * Prices an order. The caller has checked the input with checkQuoteInput; an unknown code here is
 * a programming error and throws.
 */
export function priceQuote(list: PriceList, input: QuoteInput): Quote {
  const lines: QuoteLine[] = [];
  let running = input.pages * list.basePerPageCents;
  lines.push({ code: 'base', label: `${input.pages} page(s) × base price`, amountCents: running, runningCents: running });

  const multiply = (code: string, label: string, multiplierBp: BasisPoints) => {
    const next = applyBasisPoints(running, multiplierBp);
    lines.push({ code, label, amountCents: next - running, runningCents: next, multiplierBp });
    running = next;
  };
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`Unpriceable ${what}`);
    return value;
  };

  if (input.spacing === 'single') multiply('spacing', 'Single spacing', list.singleSpacingBp);
  const paper = must(activeOption(list.paperTypes, input.paperType), 'paper type');
  multiply('paper_type', `Paper type: ${paper.name}`, paper.multiplierBp);
  const work = must(activeOption(list.workTypes, input.workType), 'work type');
  multiply('work_type', `Work type: ${work.name}`, work.multiplierBp);
  const level = must(activeOption(list.academicLevels, input.academicLevel), 'academic level');
  multiply('academic_level', `Academic level: ${level.name}`, level.multiplierBp);
  multiply('subject', 'Subject', must(subjectMultiplier(list, input.subject), 'subject'));
  const band = deadlineBandFor(list.deadlineBands, input.deadlineHours);
  multiply('deadline', `Deadline within ${band.maxHours} h`, band.multiplierBp);

  if (running < list.minChargeCents) {
    lines.push({ code: 'minimum_charge', label: 'Minimum charge', amountCents: list.minChargeCents - running, runningCents: list.minChargeCents });
    running = list.minChargeCents;
  }
  const paperAmount = running;
  let total = running;
  const add = (code: string, label: string, amountCents: Cents) => {
    if (amountCents === 0) return;
    lines.push({ code, label, amountCents });
    total += amountCents;
  };

  add('slides', `${input.slides} slide(s)`, input.slides * list.slidePriceCents);
  add('charts', `${input.charts} chart(s)`, input.charts * list.chartPriceCents);
  const writerLevel = must(list.writerLevels.find((l) => l.code === input.writerLevel), 'writer level');
  add('writer_level', `Writer level: ${writerLevel.name}`, writerLevel.feeCents);
  if (input.preferredWriter) add('preferred_writer', 'Preferred writer', list.preferredWriterFeeCents);
  for (const code of input.extraServices) {
    const service = must(list.extraServices.find((s) => s.code === code), `extra service ${code}`);
    const amount = service.pricing.kind === 'fixed' ? service.pricing.amountCents : applyBasisPoints(paperAmount, service.pricing.bp);
    add(`extra:${code}`, service.name, amount);
  }

  return {
    currency: list.currency,
    totalCents: total,
    lines,
    deadlineBand: band,
    warning: tightDeadlineWarning(list, input.pages, input.deadlineHours),
  };
}

/** Reasons a price list cannot be activated (empty when it is coherent). */
export function validatePriceList(list: PriceList): string[] {
  const problems: string[] = [];
  const money: Array<[string, number]> = [
    ['basePerPageCents', list.basePerPageCents],
    ['minChargeCents', list.minChargeCents],
    ['slidePriceCents', list.slidePriceCents],
    ['chartPriceCents', list.chartPriceCents],
    ['preferredWriterFeeCents', list.preferredWriterFeeCents],
  ];
  for (const [name, value] of money) {
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${name} must be a non-negative whole number of cents`);
  }
  if (!(list.singleSpacingBp > 0)) problems.push('singleSpacingBp must be positive');
  if (!(list.maxPagesPerHour > 0)) problems.push('maxPagesPerHour must be positive');
  const groups: Array<[string, readonly PricedOption[]]> = [
    ['paperTypes', list.paperTypes],
    ['workTypes', list.workTypes],
    ['academicLevels', list.academicLevels],
    ['subjectCategories', list.subjectCategories],
  ];
  for (const [name, options] of groups) {
    if (!options.some((o) => o.active !== false)) problems.push(`${name} needs at least one active option`);
    const codes = new Set<string>();
    for (const option of options) {
      if (codes.has(option.code)) problems.push(`${name} lists "${option.code}" twice`);
      codes.add(option.code);
      if (!Number.isSafeInteger(option.multiplierBp) || option.multiplierBp <= 0) {
        problems.push(`${name} "${option.code}" is missing a positive multiplier`);
      }
    }
  }
  for (const subject of list.subjects) {
    if (!list.subjectCategories.some((c) => c.code === subject.categoryCode)) {
      problems.push(`subject "${subject.code}" belongs to an unknown category "${subject.categoryCode}"`);
    }
    if (subject.multiplierBp != null && subject.multiplierBp <= 0) problems.push(`subject "${subject.code}" has a non-positive multiplier`);
  }
  if (!list.subjects.some((s) => s.active !== false)) problems.push('subjects needs at least one active subject');
  if (!list.deadlineBands.length) problems.push('deadlineBands must not be empty');
  list.deadlineBands.forEach((band, i) => {
    if (!(band.maxHours > 0)) problems.push(`deadline band ${i + 1} must have positive hours`);
    if (!(band.multiplierBp > 0)) problems.push(`deadline band ${i + 1} must have a positive multiplier`);
    const previous = list.deadlineBands[i - 1];
    if (previous && band.maxHours <= previous.maxHours) problems.push(`deadline bands must be in increasing hours (band ${i + 1}: ${band.maxHours} h after ${previous.maxHours} h)`);
  });
  for (const level of list.writerLevels) {
    if (!Number.isSafeInteger(level.feeCents) || level.feeCents < 0) problems.push(`writer level "${level.code}" has a negative fee`);
  }
  for (const service of list.extraServices) {
    const value = service.pricing.kind === 'fixed' ? service.pricing.amountCents : service.pricing.bp;
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`extra service "${service.code}" has a negative price`);
  }
  const { limits } = list;
  if (!(limits.minPages >= 1 && limits.maxPages >= limits.minPages)) problems.push('limits: pages range is empty');
  if (!(limits.minDeadlineHours > 0 && limits.maxDeadlineHours >= limits.minDeadlineHours)) problems.push('limits: deadline range is empty');
  return problems;
}
