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

/**
 * The band is the smallest max_hours ≥ the hours requested; beyond the last band, the last. One
 * pass, in whatever order the bands come (no sorted copy per quote).
 */
export function deadlineBandFor(bands: readonly DeadlineBand[], hours: number): DeadlineBand {
  let fitting: DeadlineBand | undefined;
  let longest: DeadlineBand | undefined;
  for (const band of bands) {
    if (band.maxHours >= hours && (!fitting || band.maxHours < fitting.maxHours)) fitting = band;
    if (!longest || band.maxHours >= longest.maxHours) longest = band;
  }
  if (!longest) throw new Error('The price list has no deadline bands');
  return fitting ?? longest;
}

export function subjectMultiplier(list: PriceList, subjectCode: string): BasisPoints | undefined {
  const subject = activeOption(list.subjects, subjectCode);
  if (!subject) return undefined;
  if (subject.multiplierBp != null) return subject.multiplierBp;
  return byCode(list.subjectCategories, subject.categoryCode)?.multiplierBp;
}

// Plain loops: these run several times per quote, and the quote is benchmarked against a bare endpoint.
function byCode<T extends { code: string }>(options: readonly T[], code: string): T | undefined {
  for (const option of options) if (option.code === code) return option;
  return undefined;
}

function activeOption<T extends { code: string; active?: boolean }>(options: readonly T[], code: string): T | undefined {
  for (const option of options) if (option.code === code && option.active !== false) return option;
  return undefined;
}

/** Checks codes and limits; returns the problems by field (empty when the input can be priced). */
export function checkQuoteInput(list: PriceList, input: QuoteInput): QuoteProblems {
  const problems: QuoteProblems = {};
  const { limits } = list;
  if (input.pages < limits.minPages || input.pages > limits.maxPages)
    problems.pages = `must be between ${limits.minPages} and ${limits.maxPages}`;
  if (input.slides > limits.maxSlides) problems.slides = `must be at most ${limits.maxSlides}`;
  if (input.charts > limits.maxCharts) problems.charts = `must be at most ${limits.maxCharts}`;
  if (input.deadlineHours < limits.minDeadlineHours) problems.deadlineHours = `must be at least ${limits.minDeadlineHours} hours away`;
  else if (input.deadlineHours > limits.maxDeadlineHours) problems.deadlineHours = `must be at most ${limits.maxDeadlineHours} hours away`;
  if (!activeOption(list.paperTypes, input.paperType)) problems.paperType = 'is not offered';
  if (!activeOption(list.workTypes, input.workType)) problems.workType = 'is not offered';
  if (!activeOption(list.academicLevels, input.academicLevel)) problems.academicLevel = 'is not offered';
  if (subjectMultiplier(list, input.subject) === undefined) problems.subject = 'is not offered';
  if (!byCode(list.writerLevels, input.writerLevel)) problems.writerLevel = 'is not offered';
  const unknown = input.extraServices.filter((code) => !activeOption(list.extraServices, code));
  if (unknown.length) problems.extraServices = `not offered: ${unknown.join(', ')}`;
  else if (input.extraServices.some((code, i) => input.extraServices.indexOf(code) !== i)) problems.extraServices = 'lists a service twice';
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

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Unpriceable ${what}`);
  return value;
}

/** The lines of a quote as they are worked out: multiplier steps on a running amount, then additions. */
class Breakdown {
  readonly lines: QuoteLine[] = [];
  running: Cents;
  total: Cents = 0;

  constructor(pages: number, basePerPageCents: Cents) {
    this.running = pages * basePerPageCents;
    this.lines.push({ code: 'base', label: `${pages} page(s) × base price`, amountCents: this.running, runningCents: this.running });
  }

  multiply(code: string, label: string, multiplierBp: BasisPoints): void {
    const next = applyBasisPoints(this.running, multiplierBp);
    this.lines.push({ code, label, amountCents: next - this.running, runningCents: next, multiplierBp });
    this.running = next;
  }

  /** Raises the running amount to the minimum charge, as a line of its own. */
  atLeast(minChargeCents: Cents): void {
    if (this.running >= minChargeCents) return;
    this.lines.push({
      code: 'minimum_charge',
      label: 'Minimum charge',
      amountCents: minChargeCents - this.running,
      runningCents: minChargeCents,
    });
    this.running = minChargeCents;
  }

  add(code: string, label: string, amountCents: Cents): void {
    if (amountCents === 0) return;
    this.lines.push({ code, label, amountCents });
    this.total += amountCents;
  }
}

/**
 * Prices an order. The caller has checked the input with checkQuoteInput; an unknown code here is
 * a programming error and throws.
 */
export function priceQuote(list: PriceList, input: QuoteInput): Quote {
  const b = new Breakdown(input.pages, list.basePerPageCents);
  if (input.spacing === 'single') b.multiply('spacing', 'Single spacing', list.singleSpacingBp);
  const paper = must(activeOption(list.paperTypes, input.paperType), 'paper type');
  b.multiply('paper_type', `Paper type: ${paper.name}`, paper.multiplierBp);
  const work = must(activeOption(list.workTypes, input.workType), 'work type');
  b.multiply('work_type', `Work type: ${work.name}`, work.multiplierBp);
  const level = must(activeOption(list.academicLevels, input.academicLevel), 'academic level');
  b.multiply('academic_level', `Academic level: ${level.name}`, level.multiplierBp);
  b.multiply('subject', 'Subject', must(subjectMultiplier(list, input.subject), 'subject'));
  const band = deadlineBandFor(list.deadlineBands, input.deadlineHours);
  b.multiply('deadline', `Deadline within ${band.maxHours} h`, band.multiplierBp);

  b.atLeast(list.minChargeCents);
  const paperAmount = b.running;
  b.total = paperAmount;

  b.add('slides', `${input.slides} slide(s)`, input.slides * list.slidePriceCents);
  b.add('charts', `${input.charts} chart(s)`, input.charts * list.chartPriceCents);
  const writerLevel = must(byCode(list.writerLevels, input.writerLevel), 'writer level');
  b.add('writer_level', `Writer level: ${writerLevel.name}`, writerLevel.feeCents);
  if (input.preferredWriter) b.add('preferred_writer', 'Preferred writer', list.preferredWriterFeeCents);
  for (const code of input.extraServices) {
    const service = must(byCode(list.extraServices, code), `extra service ${code}`);
    const amount = service.pricing.kind === 'fixed' ? service.pricing.amountCents : applyBasisPoints(paperAmount, service.pricing.bp);
    b.add(`extra:${code}`, service.name, amount);
  }

  return {
    currency: list.currency,
    totalCents: b.total,
    lines: b.lines,
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
    if (previous && band.maxHours <= previous.maxHours)
      problems.push(`deadline bands must be in increasing hours (band ${i + 1}: ${band.maxHours} h after ${previous.maxHours} h)`);
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
  if (!(limits.minDeadlineHours > 0 && limits.maxDeadlineHours >= limits.minDeadlineHours))
    problems.push('limits: deadline range is empty');
  return problems;
}
