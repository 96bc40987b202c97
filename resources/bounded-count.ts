import { QueryTypes, Utils, type Model, type ModelStatic, type WhereOptions } from 'sequelize';

/**
 * The total of a back-office list on a large table (adminjs issue #1651: the default list runs an
 * exact COUNT(*) on every page): exact up to `limit` matching rows (a count over a LIMIT subquery,
 * served by the list's indexes) and the planner's estimate beyond it. The estimate of a large total
 * changes slowly, so one plan per filter is asked every ESTIMATE_TTL_MS per process (the
 * editor_tasks list did so first): a page of a large list costs the page and one bounded count.
 * Used by the tickets, reviews and editor_tasks lists.
 */
export const ESTIMATE_TTL_MS = 30_000;

const estimates = new Map<string, { rows: number; at: number }>();

/** SQL of `SELECT id FROM <table> WHERE …` as Sequelize would run it (field names mapped, values escaped). */
function selectIdsSql(model: ModelStatic<Model>, where: WhereOptions, limit?: number): string {
  const options: Record<string, unknown> = { where, attributes: ['id'], ...(limit ? { limit } : {}) };
  Utils.mapOptionFieldNames(options as never, model as never);
  const generator = (
    model.sequelize!.getQueryInterface() as unknown as { queryGenerator: { selectQuery(t: string, o: unknown, m: unknown): string } }
  ).queryGenerator;
  return generator.selectQuery(model.getTableName() as string, { ...options, model }, model).replace(/;\s*$/, '');
}

export async function boundedCount(model: ModelStatic<Model>, where: WhereOptions, limit: number): Promise<number> {
  const sequelize = model.sequelize!;
  const [bounded] = await sequelize.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${selectIdsSql(model, where, limit + 1)}) AS bounded`,
    { type: QueryTypes.SELECT },
  );
  const exact = Number(bounded?.n ?? 0);
  if (exact <= limit) return exact;
  const text = selectIdsSql(model, where);
  const now = Date.now();
  const cached = estimates.get(text);
  if (cached && now - cached.at < ESTIMATE_TTL_MS) return Math.max(exact, cached.rows);
  const plan = await sequelize.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(`EXPLAIN (FORMAT JSON) ${text}`, {
    type: QueryTypes.SELECT,
  });
  const rows = Math.round(Number(plan[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0));
  if (estimates.size >= 1_000) estimates.clear(); // bounded, should filters ever vary more
  estimates.set(text, { rows, at: now });
  return Math.max(exact, rows);
}
