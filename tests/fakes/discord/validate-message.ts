import { FormErrors, emptyMessage } from './errors'

type Json = Record<string, any>

const LIMITS = {
  content: 2000, embeds: 10, embedTotal: 6000, title: 256, description: 4096, fields: 25, fieldName: 256,
  fieldValue: 1024, footer: 2048, author: 256, rows: 5, rowButtons: 5, label: 80, customId: 100, options: 25,
  optionText: 100, placeholder: 150,
}

function maxLen(errors: FormErrors, path: (string | number)[], value: unknown, max: number) {
  if (typeof value === 'string' && [...value].length > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`)
  }
}

function embedLength(e: Json): number {
  const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0)
  return len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name)
    + (Array.isArray(e.fields) ? e.fields.reduce((n: number, f: Json) => n + len(f.name) + len(f.value), 0) : 0)
}

function validateEmbeds(errors: FormErrors, embeds: unknown) {
  if (embeds === undefined || embeds === null) return
  if (!Array.isArray(embeds)) return errors.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.')
  if (embeds.length > LIMITS.embeds) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embeds} or fewer in length.`)
  let total = 0
  embeds.forEach((e: Json, i) => {
    maxLen(errors, ['embeds', i, 'title'], e.title, LIMITS.title)
    maxLen(errors, ['embeds', i, 'description'], e.description, LIMITS.description)
    maxLen(errors, ['embeds', i, 'footer', 'text'], e.footer?.text, LIMITS.footer)
    maxLen(errors, ['embeds', i, 'author', 'name'], e.author?.name, LIMITS.author)
    const fields = Array.isArray(e.fields) ? e.fields : []
    if (fields.length > LIMITS.fields) errors.add(['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.fields} or fewer in length.`)
    fields.forEach((f: Json, j: number) => {
      if (!f.name) errors.add(['embeds', i, 'fields', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required')
      if (!f.value) errors.add(['embeds', i, 'fields', j, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required')
      maxLen(errors, ['embeds', i, 'fields', j, 'name'], f.name, LIMITS.fieldName)
      maxLen(errors, ['embeds', i, 'fields', j, 'value'], f.value, LIMITS.fieldValue)
    })
    total += embedLength(e)
  })
  if (total > LIMITS.embedTotal) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000')
}

function validateComponents(errors: FormErrors, components: unknown, flags: number) {
  if (components === undefined || components === null) return
  if (!Array.isArray(components)) return errors.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.')
  if (flags & (1 << 15)) return // Components V2 layouts are accepted as sent
  if (components.length > LIMITS.rows) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.rows} or fewer in length.`)
  const customIds = new Set<string>()
  components.forEach((row: Json, i) => {
    const path = ['components', i]
    if (row.type !== 1) return errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).')
    const items: Json[] = Array.isArray(row.components) ? row.components : []
    if (items.length === 0) errors.add([...path, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.')
    const selects = items.filter((c) => c.type !== 2)
    if (selects.length > 0 && items.length > 1) errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width')
    if (items.length > LIMITS.rowButtons) errors.add([...path, 'components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.rowButtons} or fewer in length.`)
    items.forEach((c, j) => {
      const p = [...path, 'components', j]
      maxLen(errors, [...p, 'label'], c.label, LIMITS.label)
      maxLen(errors, [...p, 'custom_id'], c.custom_id, LIMITS.customId)
      maxLen(errors, [...p, 'placeholder'], c.placeholder, LIMITS.placeholder)
      if (c.type === 2 && c.style !== 5 && c.style !== 6 && !c.custom_id) errors.add([...p, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required')
      if (c.type === 2 && c.style === 5 && !c.url) errors.add([...p, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required')
      if (typeof c.custom_id === 'string') {
        if (customIds.has(c.custom_id)) errors.add([...p, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated')
        customIds.add(c.custom_id)
      }
      if (c.type === 3) {
        const options: Json[] = Array.isArray(c.options) ? c.options : []
        if (options.length < 1 || options.length > LIMITS.options) errors.add([...p, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.options} in length.`)
        options.forEach((o, k) => {
          for (const key of ['label', 'value', 'description']) maxLen(errors, [...p, 'options', k, key], o[key], LIMITS.optionText)
        })
      }
    })
  })
}

/**
 * Checks a message body as Discord does (content 2000, embeds, components);
 * throws 50035 with the errors tree, or 50006 when nothing would be sent.
 */
export function validateMessageBody(body: Json, fileCount: number, opts: { partial?: boolean } = {}) {
  const errors = new FormErrors()
  maxLen(errors, ['content'], body.content, LIMITS.content)
  validateEmbeds(errors, body.embeds)
  validateComponents(errors, body.components, Number(body.flags ?? 0))
  errors.throwIfAny()
  if (opts.partial) return
  const has = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '')
  if (!has(body.content) && !has(body.embeds) && !has(body.components) && fileCount === 0 && !has(body.sticker_ids) && !has(body.poll)) {
    throw emptyMessage()
  }
}
