import type { PriceList } from './rules.js';

/**
 * RULES.md's default price list, seeded for every new website. Multipliers in basis points
 * (10_000 = ×1.0), amounts in cents.
 */
export function defaultPriceList(currency = 'USD'): PriceList {
  return {
    currency,
    basePerPageCents: 1399,
    minChargeCents: 1399,
    singleSpacingBp: 20_000,
    slidePriceCents: 700,
    chartPriceCents: 500,
    preferredWriterFeeCents: 499,
    maxPagesPerHour: 1.5,
    paperTypes: [
      { code: 'essay', name: 'Essay', multiplierBp: 10_000 },
      { code: 'research_paper', name: 'Research paper', multiplierBp: 11_000 },
      { code: 'term_paper', name: 'Term paper', multiplierBp: 11_000 },
      { code: 'case_study', name: 'Case study', multiplierBp: 10_500 },
      { code: 'book_review', name: 'Book review', multiplierBp: 10_000 },
      { code: 'lab_report', name: 'Lab report', multiplierBp: 11_000 },
      { code: 'coursework', name: 'Coursework', multiplierBp: 10_500 },
      { code: 'thesis', name: 'Thesis', multiplierBp: 12_500 },
      { code: 'dissertation', name: 'Dissertation', multiplierBp: 13_000 },
    ],
    workTypes: [
      { code: 'writing', name: 'Writing from scratch', multiplierBp: 10_000 },
      { code: 'rewriting', name: 'Rewriting', multiplierBp: 7_500 },
      { code: 'editing', name: 'Editing and proofreading', multiplierBp: 5_000 },
    ],
    academicLevels: [
      { code: 'high_school', name: 'High school', multiplierBp: 10_000 },
      { code: 'undergraduate', name: 'Undergraduate', multiplierBp: 12_000 },
      { code: 'masters', name: "Master's", multiplierBp: 15_000 },
      { code: 'phd', name: 'PhD', multiplierBp: 19_000 },
    ],
    subjectCategories: [
      { code: 'general', name: 'General', multiplierBp: 10_000 },
      { code: 'humanities', name: 'Humanities', multiplierBp: 10_500 },
      { code: 'social_sciences', name: 'Social sciences', multiplierBp: 11_000 },
      { code: 'business', name: 'Business and economics', multiplierBp: 11_500 },
      { code: 'natural_sciences', name: 'Natural sciences', multiplierBp: 12_500 },
      { code: 'technical', name: 'Technical and engineering', multiplierBp: 13_500 },
      { code: 'medicine_law', name: 'Medicine and law', multiplierBp: 14_500 },
    ],
    subjects: [
      { code: 'english', name: 'English', categoryCode: 'humanities' },
      { code: 'history', name: 'History', categoryCode: 'humanities' },
      { code: 'philosophy', name: 'Philosophy', categoryCode: 'humanities' },
      { code: 'psychology', name: 'Psychology', categoryCode: 'social_sciences' },
      { code: 'sociology', name: 'Sociology', categoryCode: 'social_sciences' },
      { code: 'marketing', name: 'Marketing', categoryCode: 'business' },
      { code: 'economics', name: 'Economics', categoryCode: 'business' },
      { code: 'finance', name: 'Finance', categoryCode: 'business', multiplierBp: 12_000 },
      { code: 'biology', name: 'Biology', categoryCode: 'natural_sciences' },
      { code: 'chemistry', name: 'Chemistry', categoryCode: 'natural_sciences' },
      { code: 'computer_science', name: 'Computer science', categoryCode: 'technical' },
      { code: 'engineering', name: 'Engineering', categoryCode: 'technical' },
      { code: 'nursing', name: 'Nursing', categoryCode: 'medicine_law', multiplierBp: 13_500 },
      { code: 'law', name: 'Law', categoryCode: 'medicine_law' },
      { code: 'other', name: 'Other', categoryCode: 'general' },
    ],
    deadlineBands: [
      { maxHours: 3, multiplierBp: 30_000 },
      { maxHours: 6, multiplierBp: 25_000 },
      { maxHours: 12, multiplierBp: 20_000 },
      { maxHours: 24, multiplierBp: 17_500 },
      { maxHours: 48, multiplierBp: 14_500 },
      { maxHours: 72, multiplierBp: 12_500 },
      { maxHours: 5 * 24, multiplierBp: 11_000 },
      { maxHours: 7 * 24, multiplierBp: 10_500 },
      { maxHours: 10 * 24, multiplierBp: 10_000 },
      { maxHours: 14 * 24, multiplierBp: 9_500 },
      { maxHours: 20 * 24, multiplierBp: 9_000 },
      { maxHours: 30 * 24, multiplierBp: 8_500 },
    ],
    writerLevels: [
      { code: 'standard', name: 'Standard', feeCents: 0 },
      { code: 'advanced', name: 'Advanced', feeCents: 499 },
      { code: 'top', name: 'Top writer', feeCents: 999 },
      { code: 'expert', name: 'Expert', feeCents: 1399 },
    ],
    extraServices: [
      { code: 'plagiarism_report', name: 'Plagiarism report', pricing: { kind: 'fixed', amountCents: 999 } },
      { code: 'one_page_summary', name: '1-page summary', pricing: { kind: 'fixed', amountCents: 1799 } },
      { code: 'progressive_delivery', name: 'Progressive delivery', pricing: { kind: 'percent', bp: 1_000 } },
      { code: 'copy_of_sources', name: 'Copy of sources', pricing: { kind: 'fixed', amountCents: 1499 } },
    ],
    limits: { minPages: 1, maxPages: 200, maxSlides: 100, maxCharts: 50, minDeadlineHours: 3, maxDeadlineHours: 60 * 24 },
  };
}
