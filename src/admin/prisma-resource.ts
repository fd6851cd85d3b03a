// An AdminJS resource over a Prisma model, read through the project's Prisma
// client with a per-user row scope.
//
// Why not @adminjs/prisma's Resource: that package (5.0.4) imports
// `{ Prisma } from '@prisma/client'` at load time, and with Prisma 7's
// `prisma-client` generator (output in src/generated) there is no
// `.prisma/client` for @prisma/client to re-export, so merely importing it
// fails. The few parts the panel needs (properties from the DMMF, filters,
// find/count/findOne/findMany) are re-implemented here after @adminjs/prisma
// 5.0.4 (MIT), reading the full DMMF from src/generated/dmmf.json.
//
// The scope: every read AdminJS makes (list, count, record loading for
// show/edit/delete and custom actions, reference look-ups, search) comes here
// with the action context, so an author can neither list nor open by URL a row
// outside their courses: AdminJS answers "not found". There are no writes:
// the resources' actions call the domain services instead.
import { BaseProperty, BaseRecord, BaseResource, type Filter, flat } from 'adminjs'
import type { CurrentAdmin, PropertyType } from 'adminjs'

export type RowScope = (currentAdmin: CurrentAdmin | undefined) => Record<string, unknown>

export interface DmmfField {
  name: string
  kind: 'scalar' | 'object' | 'enum' | 'unsupported'
  type: string
  isList: boolean
  isRequired: boolean
  isId: boolean
  isReadOnly: boolean
  relationName?: string | null
  relationFromFields?: string[]
  relationToFields?: string[]
}

export interface DmmfModel {
  name: string
  fields: DmmfField[]
}

export interface DmmfEnum {
  name: string
  values: Array<{ name: string }>
}

type Where = Record<string, unknown>
type Delegate = {
  findMany(args: Record<string, unknown>): Promise<Record<string, unknown>[]>
  findFirst(args: Record<string, unknown>): Promise<Record<string, unknown> | null>
  count(args: Record<string, unknown>): Promise<number>
}

const DATA_TYPES: Record<string, PropertyType> = {
  String: 'string',
  Boolean: 'boolean',
  Int: 'number',
  BigInt: 'number',
  Float: 'number',
  Decimal: 'number',
  DateTime: 'datetime',
  Json: 'mixed',
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
const isNumeric = (v: unknown) => {
  const s = String(v).replace(/,/g, '.')
  return !Number.isNaN(Number.parseFloat(s)) && Number.isFinite(Number(s))
}
const parseNumber = (v: unknown) => (isNumeric(v) ? Number(v) : v)

export class DmmfProperty extends BaseProperty {
  constructor(
    readonly column: DmmfField,
    private readonly columnPosition: number,
    private readonly enums: Record<string, DmmfEnum>,
  ) {
    super({ path: column.name })
  }

  override isEditable() {
    return !this.isId() && this.column.name !== 'createdAt' && this.column.name !== 'updatedAt'
  }
  override isId() {
    return !!this.column.isId
  }
  override name() {
    return this.column.name
  }
  override isRequired() {
    return this.column.isRequired
  }
  override isSortable() {
    return this.type() !== 'reference'
  }
  override isArray() {
    return this.column.isList
  }
  override reference() {
    return this.column.kind !== 'scalar' && this.column.relationName ? this.column.type : null
  }
  foreignColumnName(): string | null {
    return this.reference() ? (this.column.relationFromFields?.[0] ?? null) : null
  }
  override availableValues() {
    if (!this.isEnum()) return null
    return this.enums[this.column.type]?.values.map((v) => String(v.name)) ?? []
  }
  override position() {
    return this.columnPosition
  }
  isEnum() {
    return this.column.kind === 'enum'
  }
  override type(): PropertyType {
    if (this.reference()) return 'reference'
    if (this.isEnum()) return 'string'
    return DATA_TYPES[this.column.type] ?? 'string'
  }
}

const and = (a: Where, b: Where): Where => {
  if (!Object.keys(b).length) return a
  if (!Object.keys(a).length) return b
  return { AND: [a, b] }
}

export class ScopedPrismaResource extends BaseResource {
  private readonly delegate: Delegate
  private readonly props: Record<string, DmmfProperty>
  private readonly idProp: DmmfProperty

  private readonly omit: Record<string, true> | undefined

  /**
   * @param secret fields never read from the database nor shown anywhere
   *   (e.g. User.passwordHash): AdminJS sends every param of a record to the browser.
   */
  constructor(
    private readonly model: DmmfModel,
    client: unknown,
    enums: DmmfEnum[],
    private readonly scope: RowScope,
    secret: string[] = [],
  ) {
    super(model)
    this.omit = secret.length ? Object.fromEntries(secret.map((f) => [f, true as const])) : undefined
    this.delegate = (client as Record<string, Delegate>)[lowerFirst(model.name)]!
    if (!this.delegate) throw new Error(`the Prisma client has no model ${model.name}`)
    const enumMap = Object.fromEntries(enums.map((e) => [e.name, e]))
    this.props = {}
    for (const field of model.fields) {
      // scalar foreign keys are shown through their relation; back-relations are not columns
      if (field.isReadOnly || (field.relationName && !field.relationFromFields?.length) || secret.includes(field.name)) continue
      const p = new DmmfProperty(field, Object.keys(this.props).length, enumMap)
      this.props[p.path()] = p
    }
    const id = Object.values(this.props).find((p) => p.isId())
    if (!id) throw new Error(`model ${model.name} has no single id field`)
    this.idProp = id
  }

  override databaseName() {
    return 'prisma'
  }
  override databaseType() {
    return 'postgresql'
  }
  override id() {
    return this.model.name
  }
  override properties() {
    return Object.values(this.props)
  }
  override property(path: string) {
    // own keys only: a URL naming `constructor` or `__proto__` is no property
    return Object.hasOwn(this.props, path) ? this.props[path]! : null
  }
  override build(params: Record<string, unknown>) {
    return new BaseRecord(flat.unflatten(params), this)
  }

  private where(context?: { currentAdmin?: CurrentAdmin }, where: Where = {}): Where {
    return and(where, this.scope(context?.currentAdmin))
  }

  /** A form/URL value converted to the column's type (after @adminjs/prisma's convertParam). */
  private convert(property: DmmfProperty, value: unknown): unknown {
    const type = property.type()
    if (type === 'mixed') return value
    if (type === 'number') return parseNumber(value)
    if (type === 'reference') {
      const fk = this.model.fields.find((f) => f.name === property.foreignColumnName())
      if (!fk || value === undefined || value === null) return value
      return fk.type === 'String' ? String(value) : parseNumber(value)
    }
    return value
  }

  /**
   * AdminJS list filters -> a Prisma `where` (after @adminjs/prisma's
   * convertFilter). Filter values come from the URL, so anything that does not
   * fit its column matches nothing instead of reaching Prisma as a bad query.
   */
  private filterWhere(filter?: Filter): Where {
    const where: Where = {}
    const nothing = { in: [] }
    for (const [name, f] of Object.entries(filter?.filters ?? {})) {
      const property = this.property(name)
      if (!property || property.isArray()) continue
      const value = f.value as unknown
      const type = property.type()
      if (type === 'mixed') continue
      if (type === 'number') {
        const n = Number(value)
        where[name] = typeof value === 'string' && value.trim() !== '' && Number.isFinite(n) ? n : nothing
      } else if (type === 'boolean') {
        if (value === 'true' || value === 'false') where[name] = value === 'true'
      } else if (type === 'date' || type === 'datetime') {
        const range = (typeof value === 'object' && value ? value : {}) as { from?: string; to?: string }
        const from = range.from ? new Date(range.from) : null
        const to = range.to ? new Date(range.to) : null
        const cond = {
          ...(from && !Number.isNaN(from.getTime()) ? { gte: from } : {}),
          ...(to && !Number.isNaN(to.getTime()) ? { lte: to } : {}),
        }
        if (Object.keys(cond).length) where[name] = cond
      } else if (property.isEnum()) {
        where[name] = property.availableValues()?.includes(String(value)) ? { equals: value } : nothing
      } else if (type === 'reference' && property.foreignColumnName()) {
        const fk = this.model.fields.find((x) => x.name === property.foreignColumnName())
        const id = this.convert(property, value)
        where[property.foreignColumnName()!] = fk?.type === 'String' ? String(id) : Number.isSafeInteger(id) ? id : nothing
      } else {
        where[name] = { contains: String(value), mode: 'insensitive' }
      }
    }
    return where
  }

  /**
   * AdminJS list sort -> a Prisma `orderBy`. `sortBy` comes from the URL, so
   * only this model's own visible columns are accepted: a scalar or enum
   * property, or a relation (sorted by its foreign key; `owner` and
   * `owner.<key>` alike). Anything else (an unknown name, a JSON or list
   * column, a secret column, another field of a related model such as
   * `owner.passwordHash`) falls back to the resource's default sort.
   */
  private orderBy(sort: { sortBy?: string; direction?: 'asc' | 'desc' } = {}) {
    const id = this.idProp.path()
    const wanted = this.sortColumn(sort.sortBy)
    const fallback = wanted ? undefined : this.defaultSort()
    const column = wanted ?? this.sortColumn(fallback?.sortBy) ?? id
    const direction = (fallback?.direction ?? sort.direction) === 'asc' ? 'asc' : 'desc'
    return column === id ? [{ [id]: direction }] : [{ [column]: direction }, { [id]: 'asc' }]
  }

  /** The column a sortBy sorts on, or null when it may not be sorted on. */
  private sortColumn(sortBy: string | undefined): string | null {
    if (!sortBy) return null
    const [base, sub, ...rest] = sortBy.split('.')
    const p = this.property(base!)
    if (!p || rest.length || p.type() === 'mixed' || p.isArray()) return null
    if (p.type() === 'reference') {
      const fk = p.foreignColumnName()
      return fk && (sub === undefined || sub === p.column.relationToFields?.[0]) ? fk : null
    }
    return sub === undefined ? p.path() : null
  }

  /** The sort the resource's options name (AdminJS's list uses it when the URL names none). */
  private defaultSort(): { sortBy?: string; direction?: string } | undefined {
    try {
      return this.decorate().options.sort
    } catch {
      return undefined // not decorated (used outside AdminJS)
    }
  }

  /** A database row -> record params: relation values under the relation's name. */
  private toParams(row: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const p of this.properties()) {
      const fk = p.foreignColumnName()
      out[p.path()] = fk ? row[fk] : row[p.path()]
    }
    return out
  }

  /** The id as the column's type, or undefined when it cannot be one (then nothing matches). */
  private idValue(id: string | number): unknown {
    const value = this.convert(this.idProp, id)
    if (this.idProp.type() === 'number') return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined
    return value
  }

  override async count(filter: Filter, context?: { currentAdmin?: CurrentAdmin }): Promise<number> {
    return this.delegate.count({ where: this.where(context, this.filterWhere(filter)) })
  }

  override async find(
    filter: Filter,
    params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {},
    context?: { currentAdmin?: CurrentAdmin },
  ): Promise<BaseRecord[]> {
    const rows = await this.delegate.findMany({
      where: this.where(context, this.filterWhere(filter)),
      skip: params.offset ?? 0,
      take: params.limit ?? 10,
      orderBy: this.orderBy(params.sort),
      ...(this.omit ? { omit: this.omit } : {}),
    })
    return rows.map((row) => new BaseRecord(this.toParams(row), this))
  }

  override async findOne(id: string | number, context?: { currentAdmin?: CurrentAdmin }): Promise<BaseRecord | null> {
    const value = this.idValue(id)
    if (value === undefined) return null
    const row = await this.delegate.findFirst({ where: this.where(context, { [this.idProp.path()]: value }), ...(this.omit ? { omit: this.omit } : {}) })
    return row ? new BaseRecord(this.toParams(row), this) : null
  }

  override async findMany(ids: Array<string | number>, context?: { currentAdmin?: CurrentAdmin }): Promise<BaseRecord[]> {
    const values = ids.map((id) => this.idValue(id)).filter((v) => v !== undefined)
    const rows = await this.delegate.findMany({ where: this.where(context, { [this.idProp.path()]: { in: values } }), ...(this.omit ? { omit: this.omit } : {}) })
    return rows.map((row) => new BaseRecord(this.toParams(row), this))
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
}
