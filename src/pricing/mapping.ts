import type { PriceListVersion, PriceOption, PriceOptionKind } from './models.js';
import type { PriceList, PricedOption } from './rules.js';

type OptionRow = Pick<
  PriceOption,
  'kind' | 'code' | 'name' | 'multiplierBp' | 'amountCents' | 'maxHours' | 'categoryCode' | 'active' | 'sortOrder'
>;
type HeaderRow = Pick<
  PriceListVersion,
  | 'currency'
  | 'basePerPageCents'
  | 'minChargeCents'
  | 'singleSpacingBp'
  | 'slidePriceCents'
  | 'chartPriceCents'
  | 'preferredWriterFeeCents'
  | 'maxPagesPerHour'
  | 'limits'
>;

const bp = (row: OptionRow) => row.multiplierBp ?? 0;
const sorted = (rows: OptionRow[], kind: PriceOptionKind) => rows.filter((r) => r.kind === kind).sort((a, b) => a.sortOrder - b.sortOrder);
const priced = (rows: OptionRow[], kind: PriceOptionKind): PricedOption[] =>
  sorted(rows, kind).map((r) => ({ code: r.code, name: r.name, multiplierBp: bp(r), active: r.active }));

/** A stored version (header + option rows) as the pure PriceList the rules work on. */
export function toPriceList(header: HeaderRow, options: OptionRow[]): PriceList {
  return {
    currency: header.currency,
    basePerPageCents: header.basePerPageCents,
    minChargeCents: header.minChargeCents,
    singleSpacingBp: header.singleSpacingBp,
    slidePriceCents: header.slidePriceCents,
    chartPriceCents: header.chartPriceCents,
    preferredWriterFeeCents: header.preferredWriterFeeCents,
    maxPagesPerHour: Number(header.maxPagesPerHour),
    limits: header.limits,
    paperTypes: priced(options, 'paper_type'),
    workTypes: priced(options, 'work_type'),
    academicLevels: priced(options, 'academic_level'),
    subjectCategories: priced(options, 'subject_category'),
    subjects: sorted(options, 'subject').map((r) => ({
      code: r.code,
      name: r.name,
      categoryCode: r.categoryCode ?? '',
      multiplierBp: r.multiplierBp,
      active: r.active,
    })),
    deadlineBands: sorted(options, 'deadline_band')
      .filter((r) => r.active)
      .map((r) => ({ maxHours: r.maxHours ?? 0, multiplierBp: bp(r) })),
    writerLevels: sorted(options, 'writer_level')
      .filter((r) => r.active)
      .map((r) => ({ code: r.code, name: r.name, feeCents: r.amountCents ?? 0 })),
    extraServices: sorted(options, 'extra_service').map((r) => ({
      code: r.code,
      name: r.name,
      active: r.active,
      // A multiplier on an extra service is its percentage of the paper price; else a fixed amount.
      pricing:
        r.multiplierBp != null
          ? { kind: 'percent' as const, bp: r.multiplierBp }
          : { kind: 'fixed' as const, amountCents: r.amountCents ?? 0 },
    })),
  };
}

type NewOption = Omit<OptionRow, 'active'> & { active: boolean };

/** The option rows of a PriceList (the inverse of toPriceList), for seeding and cloning. */
export function toOptionRows(list: PriceList): NewOption[] {
  const rows: NewOption[] = [];
  const push = (kind: PriceOptionKind, items: Array<Partial<NewOption> & { code: string; name: string }>) =>
    items.forEach((item, i) =>
      rows.push({
        multiplierBp: null,
        amountCents: null,
        maxHours: null,
        categoryCode: null,
        active: true,
        ...item,
        kind,
        sortOrder: i * 10,
      }),
    );
  push(
    'paper_type',
    list.paperTypes.map((o) => ({ code: o.code, name: o.name, multiplierBp: o.multiplierBp, active: o.active !== false })),
  );
  push(
    'work_type',
    list.workTypes.map((o) => ({ code: o.code, name: o.name, multiplierBp: o.multiplierBp, active: o.active !== false })),
  );
  push(
    'academic_level',
    list.academicLevels.map((o) => ({ code: o.code, name: o.name, multiplierBp: o.multiplierBp, active: o.active !== false })),
  );
  push(
    'subject_category',
    list.subjectCategories.map((o) => ({ code: o.code, name: o.name, multiplierBp: o.multiplierBp, active: o.active !== false })),
  );
  push(
    'subject',
    list.subjects.map((s) => ({
      code: s.code,
      name: s.name,
      categoryCode: s.categoryCode,
      multiplierBp: s.multiplierBp ?? null,
      active: s.active !== false,
    })),
  );
  push(
    'deadline_band',
    list.deadlineBands.map((b) => ({
      code: `h${b.maxHours}`,
      name: `Within ${b.maxHours} hours`,
      maxHours: b.maxHours,
      multiplierBp: b.multiplierBp,
    })),
  );
  push(
    'writer_level',
    list.writerLevels.map((l) => ({ code: l.code, name: l.name, amountCents: l.feeCents })),
  );
  push(
    'extra_service',
    list.extraServices.map((s) => ({
      code: s.code,
      name: s.name,
      active: s.active !== false,
      ...(s.pricing.kind === 'percent' ? { multiplierBp: s.pricing.bp } : { amountCents: s.pricing.amountCents }),
    })),
  );
  return rows;
}

export function headerOf(list: PriceList): HeaderRow {
  const {
    currency,
    basePerPageCents,
    minChargeCents,
    singleSpacingBp,
    slidePriceCents,
    chartPriceCents,
    preferredWriterFeeCents,
    maxPagesPerHour,
    limits,
  } = list;
  return {
    currency,
    basePerPageCents,
    minChargeCents,
    singleSpacingBp,
    slidePriceCents,
    chartPriceCents,
    preferredWriterFeeCents,
    maxPagesPerHour,
    limits,
  };
}
