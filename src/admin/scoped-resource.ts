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
// - filter values from the URL checked against their column: one that cannot
//   be a value of it is answered 400 (BadQueryError) instead of reaching
//   Prisma; an id that cannot be one finds nothing;
// - no writes: the resources' actions call the domain services instead.
//
// The adapter reads the data model from `clientModule.Prisma.dmmf`. Prisma 7's
// runtime DMMF is stripped (no ids, relations or enums), so panel.ts gives it
// the full one that scripts/generate-dmmf.ts writes at `prisma generate`.
import { Resource, convertFilter } from '@adminjs/prisma'
import { BaseRecord, type CurrentAdmin, type Filter } from 'adminjs'
import { BadQueryError } from './query-check'

export type RowScope = (currentAdmin: CurrentAdmin | undefined) => Record<string, unknown>
type Where = Record<string, unknown>
type Context = { currentAdmin?: CurrentAdmin; action?: { custom?: () => Record<string, unknown> } }

/**
 * A record action marked `custom: { accessInDomain: true }` gets its record
 * without the row scope: its handler's domain call checks access first (and
 * answers a refusal as a 403 without the record), so another author is told
 * "not yours" instead of "not found".
 */
const accessInDomain = (context: Context | undefined): boolean => context?.action?.custom?.().accessInDomain === true
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
  /** Relations read with every row, for `present` (Prisma `include`). */
  include?: Row
  /** A record's params as this viewer may see them (from the row and the adapter's params). */
  present?: (row: Row, params: Row, currentAdmin: CurrentAdmin | undefined) => Row
  /** Filters on values that are not columns (a virtual property): name -> Prisma `where`. */
  virtualFilters?: Record<string, (value: string) => Where>
}

const and = (a: Where, b: Where): Where => (!Object.keys(b).length ? a : !Object.keys(a).length ? b : { AND: [a, b] })
const count = (n: unknown, what: string) => {
  if (n === undefined) return undefined
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new BadQueryError(`${what} must be a whole number >= 0`)
  return n
}

export class ScopedResource extends Resource {
  private readonly scope: RowScope
  private readonly omit: Record<string, true> | undefined
  private readonly options: ScopedResourceOptions

  constructor(options: ScopedResourceOptions) {
    const model = options.datamodel.models.find((m) => m.name === options.model)
    if (!model) throw new Error(`no model ${options.model} in src/generated/dmmf.json (run prisma generate)`)
    super({ model: model as never, client: options.client as never, clientModule: { Prisma: { dmmf: { datamodel: options.datamodel } } } })
    this.scope = options.scope
    this.options = options
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
      skip: count(params.offset, 'the page') ?? 0,
      take: count(params.limit, 'the page size') ?? 10,
      orderBy: this.buildSortBy(params.sort),
      ...this.reading(),
    })
    return this.records(rows, context)
  }

  override async findOne(id: string | number, context?: Context): Promise<BaseRecord | null> {
    const value = this.idValue(id)
    if (value === undefined) return null
    const byId = { [this.idProperty.path()]: value }
    const row = await this.rows.findFirst({ where: accessInDomain(context) ? byId : this.where(context, byId), ...this.reading() })
    return row ? this.records([row], context)[0]! : null
  }

  override async findMany(ids: Array<string | number>, context?: Context): Promise<BaseRecord[]> {
    const values = ids.map((id) => this.idValue(id)).filter((v) => v !== undefined)
    const rows = await this.rows.findMany({ where: this.where(context, { [this.idProperty.path()]: { in: values } }), ...this.reading() })
    return this.records(rows, context)
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

  /** What every read leaves out and adds. */
  private reading(): Row {
    return { ...(this.omit ? { omit: this.omit } : {}), ...(this.options.include ? { include: this.options.include } : {}) }
  }

  private records(rows: Row[], context: Context | undefined): BaseRecord[] {
    const present = this.options.present
    return rows.map((row) => {
      const params = this.prepareReturnValues(row)
      return new BaseRecord(present ? present(row, params, context?.currentAdmin) : params, this)
    })
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
   * after each value was checked against its column (BadQueryError when it
   * cannot be one of its values); text matches ignore case.
   */
  private filterWhere(filter?: Filter): Where {
    const checked: Filter['filters'] = {}
    const where: Where = {}
    for (const [name, f] of Object.entries(filter?.filters ?? {})) {
      const virtual = Object.hasOwn(this.options.virtualFilters ?? {}, name) ? this.options.virtualFilters![name] : undefined
      if (virtual) {
        if (typeof f.value !== 'string') throw new BadQueryError(`the filter "${name}" needs a text`)
        Object.assign(where, virtual(f.value))
        continue
      }
      const property = this.property(name)
      if (!property || property.isArray() || property.type() === 'mixed') throw new BadQueryError(`this list cannot be filtered by "${name}"`)
      const value = f.value as unknown
      const type = property.type()
      const bad = (what: string) => new BadQueryError(`the filter "${name}" needs ${what}`)
      if (type === 'number' || type === 'reference') {
        const v = this.columnValue(property, value)
        if (v === undefined) throw bad(type === 'number' ? 'a whole number' : 'the id of one of the choices')
        checked[name] = { ...f, property, value: String(v) }
      } else if (type === 'boolean') {
        if (value !== 'true' && value !== 'false') throw bad('true or false')
        checked[name] = { ...f, property }
      } else if (type === 'date' || type === 'datetime') {
        const range = (typeof value === 'object' && value ? value : {}) as { from?: unknown; to?: unknown }
        const date = (d: unknown) => {
          if (d === undefined || d === '') return undefined
          if (typeof d !== 'string' || Number.isNaN(new Date(d).getTime())) throw bad('dates')
          return d
        }
        const from = date(range.from)
        const to = date(range.to)
        if (!from && !to) throw bad('a date range')
        checked[name] = { ...f, property, value: { ...(from ? { from } : {}), ...(to ? { to } : {}) } as never }
      } else if (property.isEnum()) {
        if (!property.availableValues()?.includes(String(value))) throw bad(`one of ${property.availableValues()?.join(', ')}`)
        checked[name] = { ...f, property }
      } else {
        if (typeof value !== 'string') throw bad('a text')
        where[name] = { contains: value, mode: 'insensitive' }
      }
    }
    return { ...convertFilter(this.model.fields, { filters: checked } as Filter), ...where }
  }
}
