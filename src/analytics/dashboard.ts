import { fn, col, Op, type WhereOptions } from 'sequelize';
import { AuditLog } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { canViewAuditLog, User, USER_STATUSES, type UserStatus } from '../identity/index.js';
import { ROLES, type Role } from '../platform/actor.js';
import { Website } from '../tenancy/index.js';
import { assertCanSeeDashboard, dashboardWebsiteOf } from './policy.js';

/** The back-office dashboard's figures: real counts, limited to what the actor may see. */
export interface WebsiteFigures {
  websiteId: number;
  name: string;
  total: number;
  byRole: Record<Role, number>;
  byStatus: Record<UserStatus, number>;
}

export interface RecentAuditEntry {
  id: number;
  action: string;
  targetType: string;
  targetId: string | null;
  actorRole: string;
  websiteId: number | null;
  createdAt: string;
}

export interface DashboardFigures {
  websites: WebsiteFigures[];
  recentAudit: RecentAuditEntry[] | null;
  generatedAt: string;
}

const RECENT_AUDIT_LIMIT = 10;

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Staff only; an admin or support member sees their website, a superadmin every website. */
export async function dashboardFigures(actor: Actor): Promise<DashboardFigures> {
  assertCanSeeDashboard(actor);
  const scope = dashboardWebsiteOf(actor);
  const websiteWhere: WhereOptions = scope === null ? {} : { id: scope };
  const websites = await Website.findAll({ where: websiteWhere, order: [['id', 'ASC']], attributes: ['id', 'name'] });
  const ids = websites.map((w) => w.id);

  const rows = (await User.findAll({
    attributes: ['websiteId', 'role', 'status', [fn('COUNT', col('id')), 'n']],
    where: { websiteId: { [Op.in]: ids } },
    group: ['websiteId', 'role', 'status'],
    raw: true,
  })) as unknown as Array<{ websiteId: number; role: Role; status: UserStatus; n: number | string }>;

  const figures = new Map<number, WebsiteFigures>(
    websites.map((w) => [w.id, { websiteId: w.id, name: w.name, total: 0, byRole: zeroes(ROLES), byStatus: zeroes(USER_STATUSES) }]),
  );
  for (const row of rows) {
    const entry = figures.get(Number(row.websiteId));
    if (!entry) continue;
    const n = Number(row.n);
    entry.total += n;
    entry.byRole[row.role] = (entry.byRole[row.role] ?? 0) + n;
    entry.byStatus[row.status] = (entry.byStatus[row.status] ?? 0) + n;
  }

  let recentAudit: RecentAuditEntry[] | null = null;
  if (canViewAuditLog(actor)) {
    const entries = await AuditLog.findAll({
      where: scope === null ? {} : { websiteId: scope },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: RECENT_AUDIT_LIMIT,
    });
    recentAudit = entries.map((e) => ({
      id: e.id,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      actorRole: e.actorRole,
      websiteId: e.websiteId,
      createdAt: e.createdAt.toISOString(),
    }));
  }
  return { websites: [...figures.values()], recentAudit, generatedAt: new Date().toISOString() };
}
