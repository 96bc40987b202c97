import { priceOrder, type Quote, type QuoteInput } from '../../pricing/index.js';
import type { Order } from '../models.js';

/** A complete draft as the price list sees it, with the hours left to its deadline from `now`. */
export function quoteInputOf(order: Order, now: Date): QuoteInput {
  return {
    pages: order.pages!,
    spacing: order.spacing,
    paperType: order.paperType!,
    workType: order.workType,
    academicLevel: order.academicLevel!,
    subject: order.subject!,
    deadlineHours: (order.deadline!.getTime() - now.getTime()) / 3_600_000,
    slides: order.slides,
    charts: order.charts,
    writerLevel: order.writerLevel,
    preferredWriter: order.preferredWriterId !== null,
    extraServices: order.extraServices,
  };
}

/** Prices a complete draft with its website's active price list (the caller checks completeness). */
export async function priceDraft(order: Order, now: Date): Promise<{ priceListId: number; version: number; quote: Quote }> {
  return priceOrder(order.websiteId, quoteInputOf(order, now));
}
