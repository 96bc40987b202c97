import { Resource as SequelizeResource } from '@adminjs/sequelize';
import { BaseRecord, ForbiddenError, type ActionContext, type BaseProperty, type Filter } from 'adminjs';
import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { StaffAdmin } from '../src/admin-auth/index.js';
import { websiteFactsOf } from './website-facts.js';

/**
 * The Sequelize adapter's resource, limited to what the signed-in staff member may see.
 *
 * Every read AdminJS makes — list, count, search, show, record actions (findOne) and reference
 * population (findMany) — passes the action context; we AND the admin's scope into the query and
 * refuse when there is no admin (fail closed). Filters are rebuilt here instead of the adapter's
 * convertFilter, which LIKEs case-sensitively with `%`/`_` unescaped, crashes on unknown keys and
 * sends bad enum values and ids to PostgreSQL (500s). Writes never go through the adapter: they
 * go through services from custom handlers, so create/update/delete refuse.
 */
export interface ScopeOptions {
  /** Extra WHERE for this admin; null = everything (superadmin). Throwing refuses. */
  scope: (admin: StaffAdmin) => WhereOptions | null;
  /**
   * Properties removed from the resource entirely (not listable, filterable, sortable or sent),
   * besides those whose name says they hold a secret (SECRET_PROPERTY), which always are.
   */
  hidden?: readonly string[];
  /** The search action (reference pickers, `/search/<q>`) matches any of these, case-insensitively. */
  searchProperties?: readonly string[];
  /** Sort when none (or an unknown one) is asked for; the id breaks ties. */
  defaultSort?: { sortBy: string; direction: 'asc' | 'desc' };
  /** Filters the list applies when it is not filtered on that property (a queue shows what waits unless asked otherwise). */
  listDefaults?: Readonly<Record<string, string>>;
  /**
   * What a record is called where another record names it (a reference column, a picker): sent as
   * the `label` param, which the resource's options mark as its title (`label: { isTitle: true }`).
   */
  label?: (params: Record<string, unknown>) => string;
}

/** The param carrying ScopeOptions.label's answer. */
export const LABEL_PARAM = 'label';

/**
 * The usual scope of a website's table: a superadmin sees every website, other staff their own
 * (a staff member without a website is refused).
 */
export function websiteScope(admin: StaffAdmin): { websiteId: number } | null {
  if (admin.role === 'superadmin') return null;
  if (admin.websiteId === null) throw new Error('no website in scope');
  return { websiteId: admin.websiteId };
}

/** A WHERE that matches nothing: the answer to a filter value that cannot match. */
const NOTHING: WhereOptions = { id: { [Op.eq]: null } };
const ID_PATTERN = /^\d{1,15}$/;

/**
 * Names of properties that hold a secret or what would let one replay a request: password and
 * token hashes, secrets, idempotency keys and request/input hashes. AdminJS sends every property
 * it knows in list, show, search and populated-reference JSON (isVisible only hides it on screen),
 * so such a property is removed from every resource, whatever its options say.
 */
export const SECRET_PROPERTY = /passwordHash|secret|token|idempotency|(input|request)Hash/i;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (value: string) => ({ [Op.iLike]: `%${escapeLike(value)}%` });

function dateOrNull(value: unknown): Date | null {
  if (typeof value !== 'string' || !value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

interface FindOptions {
  limit?: number;
  offset?: number;
  sort?: { sortBy?: string; direction?: 'asc' | 'desc' };
}

/** Per listing resource: the resources its list columns reference. */
const listedReferences = new WeakMap<object, Set<string>>();

/**
 * AdminJS's populator looks up every reference property of a page's records, shown or not (the
 * Reviews list would read each review's client and order rows to show neither). In a list action,
 * a reference is looked up only when one of the list's columns shows it; every other action
 * populates all of them as before.
 */
function listShowsReferencesTo(context: ActionContext, referencedId: string): boolean {
  const listing = context.resource;
  if (context.action?.name !== 'list' || !listing || listing.id() === referencedId) return true;
  let shown = listedReferences.get(listing);
  if (!shown) {
    const properties = listing.decorate().getProperties({ where: 'list' });
    shown = new Set(properties.flatMap((p) => p.reference()?.id() ?? []));
    listedReferences.set(listing, shown);
  }
  return shown.has(referencedId);
}

export class ScopedResource extends SequelizeResource {
  private readonly model: ModelStatic<Model>;
  private readonly hidden: ReadonlySet<string>;

  constructor(
    model: ModelStatic<Model>,
    private readonly scopeOptions: ScopeOptions,
  ) {
    super(model);
    this.model = model;
    this.hidden = new Set([
      ...(scopeOptions.hidden ?? []),
      ...super
        .properties()
        .map((p) => p.name())
        .filter((name) => SECRET_PROPERTY.test(name)),
    ]);
  }

  override properties(): BaseProperty[] {
    return super.properties().filter((p) => !this.hidden.has(p.name()));
  }

  override property(path: string): BaseProperty | null {
    return this.hidden.has(path.split('.')[0]!) ? null : super.property(path);
  }

  private scopeOf(context?: ActionContext): WhereOptions {
    const admin = context?.currentAdmin as StaffAdmin | undefined;
    if (!admin?.id) throw new ForbiddenError('No signed-in staff member');
    try {
      return this.scopeOptions.scope(admin) ?? {};
    } catch {
      throw new ForbiddenError('Outside your scope');
    }
  }

  private filterWhere(filter: Filter | undefined, context?: ActionContext): WhereOptions[] {
    const parts: WhereOptions[] = [];
    const searching = context?.action?.name === 'search' && this.scopeOptions.searchProperties?.length;
    const title = searching ? this.decorate().titleProperty().name() : null;
    if (context?.action?.name === 'list') {
      for (const [path, value] of Object.entries(this.scopeOptions.listDefaults ?? {}))
        if (!filter?.filters?.[path]) parts.push(this.conditionFor(path, value));
    }
    for (const { path, value } of Object.values(filter?.filters ?? {})) {
      if (searching && path === title && typeof value === 'string') {
        parts.push({ [Op.or]: this.scopeOptions.searchProperties!.map((p) => ({ [p]: contains(value) })) });
        continue;
      }
      parts.push(this.conditionFor(path, value));
    }
    return parts;
  }

  /** One filter -> one condition; values that cannot match (bad enum, non-numeric id, bad date) match nothing. */
  private conditionFor(path: string, value: unknown): WhereOptions {
    const property = this.property(path);
    if (!property || path.includes('.')) return NOTHING;
    const name = property.name();
    const type = property.type();
    const allowed = property.availableValues();
    if (property.isArray()) return typeof value === 'string' ? { [name]: { [Op.contains]: [value.trim().toLowerCase()] } } : NOTHING;
    if (allowed) return typeof value === 'string' && allowed.includes(value) ? { [name]: value } : NOTHING;
    switch (type) {
      case 'string':
        return typeof value === 'string' ? { [name]: contains(value) } : NOTHING;
      case 'number':
      case 'reference':
        return typeof value === 'string' && ID_PATTERN.test(value) ? { [name]: Number(value) } : NOTHING;
      case 'boolean':
        return value === 'true' || value === 'false' ? { [name]: value === 'true' } : NOTHING;
      case 'date':
      case 'datetime': {
        const range = (value ?? {}) as { from?: unknown; to?: unknown };
        const from = dateOrNull(range.from);
        const to = dateOrNull(range.to);
        if ((range.from && !from) || (range.to && !to) || (!from && !to)) return NOTHING;
        return { [name]: { ...(from ? { [Op.gte]: from } : {}), ...(to ? { [Op.lte]: to } : {}) } };
      }
      default:
        return property.isId() && typeof value === 'string' && ID_PATTERN.test(value) ? { [name]: Number(value) } : NOTHING;
    }
  }

  protected where(filter: Filter | undefined, context?: ActionContext): WhereOptions {
    return { [Op.and]: [this.scopeOf(context), ...this.filterWhere(filter, context)] };
  }

  /**
   * Rows as AdminJS records: secrets removed, the record's label added, and, on tables without a
   * currency column, the website's currency (money columns are shown in it).
   */
  protected async toRecords(instances: Model[]): Promise<BaseRecord[]> {
    const rows = instances.map((instance) => instance.toJSON() as Record<string, unknown>);
    const needsCurrency = !('currency' in this.model.getAttributes()) && 'websiteId' in this.model.getAttributes();
    const websites = needsCurrency ? await websiteFactsOf(rows.map((row) => Number(row.websiteId))) : null;
    return rows.map((json) => {
      for (const key of this.hidden) delete json[key];
      if (websites) json.currency = websites.get(Number(json.websiteId))?.currency ?? null;
      if (this.scopeOptions.label) json[LABEL_PARAM] = this.scopeOptions.label(json);
      return new BaseRecord(json, this);
    });
  }

  private order(sort: FindOptions['sort']): Array<[string, string]> {
    const fallback = this.scopeOptions.defaultSort ?? { sortBy: 'id', direction: 'desc' as const };
    const asked = sort?.sortBy ? this.property(sort.sortBy) : null;
    const usable = asked && asked.isSortable() && !asked.isArray() && asked.type() !== 'mixed' && !sort!.sortBy!.includes('.');
    const sortBy = usable ? asked.name() : fallback.sortBy;
    const direction = (usable ? sort?.direction : fallback.direction) === 'asc' ? 'ASC' : 'DESC';
    return sortBy === 'id'
      ? [['id', direction]]
      : [
          [sortBy, direction],
          ['id', direction],
        ];
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return this.model.count({ where: this.where(filter, context) });
  }

  override async find(filter: Filter, options: FindOptions = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const rows = await this.model.findAll({
      where: this.where(filter, context),
      limit: Math.min(Math.max(Number(options.limit) || 20, 1), 500),
      offset: Math.max(Number(options.offset) || 0, 0),
      order: this.order(options.sort),
    });
    return this.toRecords(rows);
  }

  override async findOne(id: unknown, context?: ActionContext): Promise<BaseRecord | null> {
    if (!ID_PATTERN.test(String(id))) return null;
    const row = await this.model.findOne({ where: { [Op.and]: [{ id: Number(id) }, this.scopeOf(context)] } });
    return row ? ((await this.toRecords([row]))[0] ?? null) : null;
  }

  /**
   * Reference population asks once per reference property (a ticket's requester, agent, escalating,
   * resolving and closing staff are five asks of `users`), all in the same tick and with the same
   * action context: the asks of one context and tick are answered by one query (its scope is the
   * same for all of them), each ask getting its own ids' records.
   */
  override async findMany(ids: unknown[], context?: ActionContext): Promise<BaseRecord[]> {
    if (context && !listShowsReferencesTo(context, this.id())) return [];
    const numeric = ids
      .map(String)
      .filter((id) => ID_PATTERN.test(id))
      .map(Number);
    if (!numeric.length) return [];
    if (!context) return this.findManyNow(numeric, context);
    let batch = this.pendingFinds.get(context);
    if (!batch) {
      const wanted = new Set<number>();
      const records = Promise.resolve().then(async () => {
        this.pendingFinds.delete(context);
        return new Map((await this.findManyNow([...wanted], context)).map((record) => [Number(record.id()), record]));
      });
      batch = { ids: wanted, records };
      this.pendingFinds.set(context, batch);
    }
    for (const id of numeric) batch.ids.add(id);
    const byId = await batch.records;
    return [...new Set(numeric)].map((id) => byId.get(id)).filter((record): record is BaseRecord => record !== undefined);
  }

  private readonly pendingFinds = new WeakMap<ActionContext, { ids: Set<number>; records: Promise<Map<number, BaseRecord>> }>();

  private async findManyNow(ids: number[], context?: ActionContext): Promise<BaseRecord[]> {
    const rows = await this.model.findAll({ where: { [Op.and]: [{ id: { [Op.in]: ids } }, this.scopeOf(context)] } });
    return this.toRecords(rows);
  }

  /** Unused by AdminJS 7 (it populates through findMany); refuse rather than read unscoped. */
  override async populate(): Promise<BaseRecord[]> {
    throw new ForbiddenError('Unscoped population is not allowed');
  }

  override async create(): Promise<Record<string, unknown>> {
    throw new ForbiddenError('Changes go through the back-office actions');
  }

  override async update(): Promise<Record<string, unknown>> {
    throw new ForbiddenError('Changes go through the back-office actions');
  }

  override async delete(): Promise<void> {
    throw new ForbiddenError('Changes go through the back-office actions');
  }
}
