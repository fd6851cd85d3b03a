// The panel's AdminJS resources: @adminjs/prisma's Resource over the project's
// Prisma client, with what the panel needs on top of it:
// - a row scope per signed-in user: every read AdminJS makes (list, count,
//   record loading for show/edit/delete and custom actions, reference
//   look-ups, search) comes with the action context, so an author can neither
//   list nor open by URL a row outside their courses ("not found");
// - secret columns (a password hash) never read from the database, so never in
//   a record's params (AdminJS sends all of them to the browser);
// - sorting only by the resource's own visible columns (a URL may name
//   `owner.passwordHash`); anything else gets the resource's default sort;
// - filter and id values from the URL checked against their column: a value
//   that cannot be one matches nothing instead of reaching Prisma;
// - no writes: the resources' actions call the domain services instead.
//
// The adapter reads the data model from `clientModule.Prisma.dmmf`. Prisma 7's
// runtime DMMF is stripped (no ids, relations or enums), so panel.ts gives it
// the full one that scripts/generate-dmmf.ts writes at `prisma generate`.
import { Resource, convertFilter } from '@adminjs/prisma'
import { BaseRecord, type CurrentAdmin, type Filter } from 'adminjs'

export type RowScope = (currentAdmin: CurrentAdmin | undefined) => Record<string, unknown>
type Where = Record<string, unknown>
type Context = { currentAdmin?: CurrentAdmin }
type Sort = { sortBy?: string; direction?: 'asc' | 'desc' }
type AdapterProperty = NonNullable<ReturnType<Resource['property']>>
type Row = Record<string, unknown>
/** The adapter's model delegate (`client.course`, ...), as used here. */
type Delegate = {
  findMany(args: Row): Promise<Row[]>
  findFirst(args: Row): Promise<Row | null>
  count(args: Row): Promise<number>
}

/** The data model as the full DMMF describes it (the parts used here). */
export interface Datamodel {
  models: Array<{ name: string; fields: Array<{ name: string; type: string }> }>
  enums: Array<{ name: string; values: Array<{ name: string }> }>
}

export interface ScopedResourceOptions {
  model: string
  /** The project's Prisma client (from the composition root). */
  client: unknown
  datamodel: Datamodel
  scope: RowScope
  /** Columns never read nor shown (e.g. User.passwordHash). */
  secret?: string[]
}

const and = (a: Where, b: Where): Where => (!Object.keys(b).length ? a : !Object.keys(a).length ? b : { AND: [a, b] })
const NOTHING = { in: [] }

export class ScopedResource extends Resource {
  private readonly scope: RowScope
  private readonly omit: Record<string, true> | undefined

  constructor(options: ScopedResourceOptions) {
    const model = options.datamodel.models.find((m) => m.name === options.model)
    if (!model) throw new Error(`no model ${options.model} in src/generated/dmmf.json (run prisma generate)`)
    super({ model: model as never, client: options.client as never, clientModule: { Prisma: { dmmf: { datamodel: options.datamodel } } } })
    this.scope = options.scope
    const secret = options.secret ?? []
    for (const name of secret) delete this.propertiesObject[name]
    this.omit = secret.length ? Object.fromEntries(secret.map((f) => [f, true as const])) : undefined
    if (!this.idProperty) throw new Error(`model ${options.model} has no single id field`)
  }

  private get rows(): Delegate {
    return this.manager as unknown as Delegate
  }

  override databaseType() {
    return 'postgresql'
  }

  /** Own keys only: a URL naming `constructor` or `__proto__` is no property. */
  override property(path: string) {
    return Object.hasOwn(this.propertiesObject, path) ? this.propertiesObject[path]! : null
  }

  override async count(filter: Filter, context?: Context): Promise<number> {
    return this.rows.count({ where: this.where(context, this.filterWhere(filter)) })
  }

  override async find(filter: Filter, params: { limit?: number; offset?: number; sort?: Sort } = {}, context?: Context): Promise<BaseRecord[]> {
    const rows = await this.rows.findMany({
      where: this.where(context, this.filterWhere(filter)),
      skip: params.offset ?? 0,
      take: params.limit ?? 10,
      orderBy: this.buildSortBy(params.sort),
      omit: this.omit,
    })
    return this.records(rows)
  }

  override async findOne(id: string | number, context?: Context): Promise<BaseRecord | null> {
    const value = this.idValue(id)
    if (value === undefined) return null
    const row = await this.rows.findFirst({ where: this.where(context, { [this.idProperty.path()]: value }), omit: this.omit })
    return row ? this.records([row])[0]! : null
  }

  override async findMany(ids: Array<string | number>, context?: Context): Promise<BaseRecord[]> {
    const values = ids.map((id) => this.idValue(id)).filter((v) => v !== undefined)
    const rows = await this.rows.findMany({ where: this.where(context, { [this.idProperty.path()]: { in: values } }), omit: this.omit })
    return this.records(rows)
  }

  // Writes through the adapter would skip the domain's rules, version bump,
  // cache invalidation and audit. Every resource's new/edit/delete handler calls
  // the domain instead; these are the safety net.
  override async create(): Promise<Record<string, unknown>> {
    throw new Error(`${this.id()}: writes go through the domain services, not the AdminJS adapter`)
  }
  override async update(): Promise<Record<string, unknown>> {
    throw new Error(`${this.id()}: writes go through the domain services, not the AdminJS adapter`)
  }
  override async delete(): Promise<void> {
    throw new Error(`${this.id()}: writes go through the domain services, not the AdminJS adapter`)
  }

  /**
   * The sort a list asks for, when it names one of this model's own visible
   * columns: a scalar or enum property, or a relation (sorted by its foreign
   * key; `owner` and `owner.<key>` alike). Anything else (an unknown name, a
   * JSON or list column, a secret, another field of a related model such as
   * `owner.passwordHash`) gets the resource's default sort. Ties go by id.
   */
  protected override buildSortBy(sort: Sort = {}) {
    const id = this.idProperty.path()
    const wanted = this.sortColumn(sort.sortBy)
    const fallback = wanted ? undefined : this.defaultSort()
    const column = wanted ?? this.sortColumn(fallback?.sortBy) ?? id
    const direction = (fallback?.direction ?? sort.direction) === 'asc' ? 'asc' : 'desc'
    return (column === id ? [{ [id]: direction }] : [{ [column]: direction }, { [id]: 'asc' }]) as never
  }

  private sortColumn(sortBy: string | undefined): string | null {
    if (!sortBy) return null
    const [base, sub, ...rest] = sortBy.split('.')
    const p = this.property(base!)
    if (!p || rest.length || p.type() === 'mixed' || p.isArray()) return null
    if (p.type() === 'reference') {
      const fk = p.foreignColumnName()
      return fk && (sub === undefined || sub === p.referencedColumnName()) ? fk : null
    }
    return sub === undefined ? p.path() : null
  }

  private defaultSort(): { sortBy?: string; direction?: string } | undefined {
    try {
      return this.decorate().options.sort
    } catch {
      return undefined // not decorated (used outside AdminJS)
    }
  }

  private where(context: Context | undefined, where: Where): Where {
    return and(where, this.scope(context?.currentAdmin))
  }

  private records(rows: Row[]): BaseRecord[] {
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this))
  }

  /** The id as its column's type, or undefined when it cannot be one. */
  private idValue(id: unknown): unknown {
    return this.columnValue(this.idProperty, id)
  }

  /** A URL value as the column's type (a reference: its foreign key's), or undefined when it cannot be one. */
  private columnValue(property: AdapterProperty, value: unknown): unknown {
    const column = property.type() === 'reference' ? property.foreignColumnName() : property.path()
    const type = this.model.fields.find((f: { name: string }) => f.name === column)?.type
    if (type === 'Int' || type === 'BigInt') {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : Number.NaN
      return Number.isSafeInteger(n) && (type === 'BigInt' || Math.abs(n) <= 2 ** 31 - 1) ? n : undefined
    }
    if (type === 'Float' || type === 'Decimal') {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
      return Number.isFinite(n) ? n : undefined
    }
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  }

  /**
   * AdminJS list filters -> a Prisma `where`, by the adapter's convertFilter
   * after each value was checked against its column: a value that cannot be
   * one matches nothing; an unknown, list or JSON property is ignored; text
   * matches ignore case.
   */
  private filterWhere(filter?: Filter): Where {
    const checked: Filter['filters'] = {}
    const where: Where = {}
    for (const [name, f] of Object.entries(filter?.filters ?? {})) {
      const property = this.property(name)
      if (!property || property.isArray() || property.type() === 'mixed') continue
      const value = f.value as unknown
      const type = property.type()
      if (type === 'number' || type === 'reference') {
        const v = this.columnValue(property, value)
        if (v === undefined) where[property.foreignColumnName() ?? name] = NOTHING
        else checked[name] = { ...f, property, value: String(v) }
      } else if (type === 'boolean') {
        if (value === 'true' || value === 'false') checked[name] = { ...f, property }
      } else if (type === 'date' || type === 'datetime') {
        const range = (typeof value === 'object' && value ? value : {}) as { from?: unknown; to?: unknown }
        const valid = (d: unknown) => (typeof d === 'string' && !Number.isNaN(new Date(d).getTime()) ? d : undefined)
        const from = valid(range.from)
        const to = valid(range.to)
        if (from || to) checked[name] = { ...f, property, value: { ...(from ? { from } : {}), ...(to ? { to } : {}) } as never }
      } else if (property.isEnum()) {
        if (property.availableValues()?.includes(String(value))) checked[name] = { ...f, property }
        else where[name] = NOTHING
      } else if (typeof value === 'string') {
        where[name] = { contains: value, mode: 'insensitive' }
      }
    }
    return { ...convertFilter(this.model.fields, { filters: checked } as Filter), ...where }
  }
}
