import * as q from './figures-sql.js';
import { dayOf, daysOf, type Period } from './period.js';

/**
 * The dashboard's figures over a period, per website and for all websites in scope. Counts add up
 * across websites; money never does across currencies: every money figure is a list by currency
 * (one entry for a single website). Averages are computed from the integer sums, rounded to a cent.
 *
 * Conversion: quotes are not recorded (the price is computed on request), so conversion is from
 * placed to paid — of the orders placed in the period, how many are paid (the UI says so).
 */
export interface MoneyAmount {
  currency: string;
  cents: number;
}

export interface CurrencyFigures {
  currency: string;
  revenueCents: number;
  refundsCents: number;
  placedValueCents: number;
  placedOrders: number;
  /** Average value of the orders placed in the period, in this currency; null without orders. */
  averageOrderCents: number | null;
  discountCents: number;
  campaignDiscountCents: number;
}

export interface DayFigures {
  day: string;
  placed: number;
  completed: number;
  cancelled: number;
  delivered: number;
  onTime: number;
  revenue: MoneyAmount[];
  refunds: MoneyAmount[];
}

export interface FigureSet {
  placed: number;
  /** Of the orders placed in the period, those paid (placed -> paid conversion). */
  paid: number;
  completed: number;
  cancelled: number;
  delivered: number;
  /** Of the deliveries, those by the client's deadline (on-time rate). */
  onTime: number;
  writersActive: number;
  discountedOrders: number;
  campaignCodeOrders: number;
  campaignEmailsSent: number;
  money: CurrencyFigures[];
  days: DayFigures[];
}

export interface WebsiteFigureSet extends FigureSet {
  websiteId: number;
  name: string;
}

export interface PeriodFigures {
  period: { from: string; to: string; days: number; preset: number | null };
  conversion: 'placed_to_paid';
  total: FigureSet;
  /** Each website in scope (one for an admin; every website or the chosen one for a superadmin). */
  websites: WebsiteFigureSet[];
}

const emptySet = (days: string[]): FigureSet => ({
  placed: 0,
  paid: 0,
  completed: 0,
  cancelled: 0,
  delivered: 0,
  onTime: 0,
  writersActive: 0,
  discountedOrders: 0,
  campaignCodeOrders: 0,
  campaignEmailsSent: 0,
  money: [],
  days: days.map((day) => ({ day, placed: 0, completed: 0, cancelled: 0, delivered: 0, onTime: 0, revenue: [], refunds: [] })),
});

function currencyOf(set: FigureSet, currency: string): CurrencyFigures {
  let entry = set.money.find((m) => m.currency === currency);
  if (!entry) {
    entry = {
      currency,
      revenueCents: 0,
      refundsCents: 0,
      placedValueCents: 0,
      placedOrders: 0,
      averageOrderCents: null,
      discountCents: 0,
      campaignDiscountCents: 0,
    };
    set.money.push(entry);
    set.money.sort((a, b) => a.currency.localeCompare(b.currency));
  }
  return entry;
}

function addMoney(list: MoneyAmount[], currency: string, cents: number): void {
  const entry = list.find((m) => m.currency === currency);
  if (entry) entry.cents += cents;
  else list.push({ currency, cents });
}

/** Average order value per currency, from the integer sums (rounded half up to a cent, for display). */
function averageOrders(set: FigureSet): void {
  for (const money of set.money)
    money.averageOrderCents = money.placedOrders > 0 ? Math.round(money.placedValueCents / money.placedOrders) : null;
}

export async function periodFigures(websites: Array<{ id: number; name: string }>, period: Period): Promise<PeriodFigures> {
  const ids = websites.map((w) => w.id);
  const days = daysOf(period);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const total = emptySet(days);
  const perSite = new Map<number, WebsiteFigureSet>(websites.map((w) => [w.id, { websiteId: w.id, name: w.name, ...emptySet(days) }]));
  // Each row counts for its website and for the total.
  const sets = (websiteId: number): FigureSet[] => {
    const site = perSite.get(Number(websiteId));
    return site ? [site, total] : [total];
  };
  const dayOfRow = (set: FigureSet, day: string) => set.days[dayIndex.get(day) ?? -1];

  // One statement at a time: the figures are cached, and a cold dashboard should not take a pool's worth of connections.
  for (const r of await q.placedOrders(ids, period))
    for (const set of sets(r.website_id)) {
      set.placed += r.placed;
      set.paid += r.paid;
      const day = dayOfRow(set, r.day);
      if (day) day.placed += r.placed;
      const money = currencyOf(set, r.currency);
      money.placedValueCents += Number(r.value_cents);
      money.placedOrders += r.placed;
    }
  for (const [rows, key] of [
    [await q.completedOrders(ids, period), 'completed'],
    [await q.cancelledOrders(ids, period), 'cancelled'],
  ] as const)
    for (const r of rows)
      for (const set of sets(r.website_id)) {
        set[key] += r.n;
        const day = dayOfRow(set, r.day);
        if (day) day[key] += r.n;
      }
  for (const r of await q.deliveredOrders(ids, period))
    for (const set of sets(r.website_id)) {
      set.delivered += r.delivered;
      set.onTime += r.on_time;
      const day = dayOfRow(set, r.day);
      if (day) {
        day.delivered += r.delivered;
        day.onTime += r.on_time;
      }
    }
  for (const r of await q.activeWriters(ids, period)) for (const set of sets(r.website_id)) set.writersActive += r.n;
  for (const [rows, key] of [
    [await q.revenue(ids, period), 'revenue'],
    [await q.refunds(ids, period), 'refunds'],
  ] as const)
    for (const r of rows)
      for (const set of sets(r.website_id)) {
        const money = currencyOf(set, r.currency);
        if (key === 'revenue') money.revenueCents += Number(r.cents);
        else money.refundsCents += Number(r.cents);
        const day = dayOfRow(set, r.day);
        if (day) addMoney(day[key], r.currency, Number(r.cents));
      }
  for (const r of await q.discounts(ids, period))
    for (const set of sets(r.website_id)) {
      set.discountedOrders += r.orders;
      set.campaignCodeOrders += r.campaign_orders;
      const money = currencyOf(set, r.currency);
      money.discountCents += Number(r.cents);
      money.campaignDiscountCents += Number(r.campaign_cents);
    }
  for (const r of await q.campaignEmailsSent(ids, period)) for (const set of sets(r.website_id)) set.campaignEmailsSent += r.n;

  for (const set of [total, ...perSite.values()]) averageOrders(set);
  const last = new Date(period.to.getTime() - 86_400_000);
  return {
    period: { from: dayOf(period.from), to: dayOf(last), days: period.days, preset: period.preset },
    conversion: 'placed_to_paid',
    total,
    websites: [...perSite.values()],
  };
}
