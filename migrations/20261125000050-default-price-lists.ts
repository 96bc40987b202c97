import { QueryTypes } from 'sequelize';
import { defaultPriceList } from '../src/pricing/defaults.js';
import { headerOf, toOptionRows } from '../src/pricing/mapping.js';
import type { Migration } from '../src/platform/migrator.js';

/**
 * Websites created before price lists existed get RULES.md's defaults as their active version 1,
 * so quoting and ordering work after the upgrade. Websites that have a list are left alone.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  const websites = await sequelize.query<{ id: number; currency: string }>(
    `SELECT w.id, w.currency FROM websites w WHERE NOT EXISTS (SELECT 1 FROM price_lists p WHERE p.website_id = w.id)`,
    { type: QueryTypes.SELECT },
  );
  for (const website of websites) {
    const list = defaultPriceList(website.currency);
    const h = headerOf(list);
    const [row] = await sequelize.query<{ id: number }>(
      `INSERT INTO price_lists (website_id, version, status, currency, base_per_page_cents, min_charge_cents, single_spacing_bp,
         slide_price_cents, chart_price_cents, preferred_writer_fee_cents, max_pages_per_hour, limits, notes, activated_at)
       VALUES ($1, 1, 'active', $2, $3, $4, $5, $6, $7, $8, $9, $10, 'Default price list (installed by migration)', now())
       RETURNING id`,
      {
        bind: [
          website.id,
          h.currency,
          h.basePerPageCents,
          h.minChargeCents,
          h.singleSpacingBp,
          h.slidePriceCents,
          h.chartPriceCents,
          h.preferredWriterFeeCents,
          h.maxPagesPerHour,
          JSON.stringify(h.limits),
        ],
        type: QueryTypes.SELECT,
      },
    );
    for (const o of toOptionRows(list)) {
      await sequelize.query(
        `INSERT INTO price_options (price_list_id, kind, code, name, multiplier_bp, amount_cents, max_hours, category_code, active, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        { bind: [row!.id, o.kind, o.code, o.name, o.multiplierBp, o.amountCents, o.maxHours, o.categoryCode, o.active, o.sortOrder] },
      );
    }
  }
};

export const down: Migration = async () => {
  // Price lists may have been edited and used by orders since: nothing to undo safely.
};
