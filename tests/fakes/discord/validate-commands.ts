import { Locale } from 'discord.js'
import { FormErrors } from './errors'

type Json = Record<string, any>
type Path = (string | number)[]

/** Locales Discord accepts as localization keys (ru, en-US, ...). */
export const LOCALES: ReadonlySet<string> = new Set(Object.values(Locale))

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u
const MAX_OPTIONS = 25
const MAX_CHOICES = 25

const length = (s: string) => [...s].length

function badLength(errors: FormErrors, path: Path, value: unknown, min: number, max: number): boolean {
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required')
    return true
  }
  if (length(value) < min || length(value) > max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`)
    return true
  }
  return false
}

/** Chat input names: Discord's regex, and lowercase wherever a letter has a lowercase form. */
function checkName(errors: FormErrors, path: Path, name: unknown, chatInput: boolean) {
  if (badLength(errors, path, name, 1, 32) || !chatInput) return
  if (!NAME.test(name as string) || (name as string).toLowerCase() !== name) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid')
  }
}

function checkLocalizations(errors: FormErrors, path: Path, value: unknown, check: (p: Path, v: unknown) => void) {
  if (value === undefined || value === null) return
  if (typeof value !== 'object' || Array.isArray(value)) return errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType')
  for (const [locale, text] of Object.entries(value as Json)) {
    if (!LOCALES.has(locale)) errors.add([...path, locale], 'ENUM_TYPE_COERCE', `Value "${locale}" is not a valid enum value.`)
    else check([...path, locale], text)
  }
}

function checkNamed(errors: FormErrors, path: Path, item: Json, chatInput: boolean) {
  checkName(errors, [...path, 'name'], item.name, chatInput)
  checkLocalizations(errors, [...path, 'name_localizations'], item.name_localizations, (p, v) => checkName(errors, p, v, chatInput))
  if (chatInput) {
    badLength(errors, [...path, 'description'], item.description, 1, 100)
    checkLocalizations(errors, [...path, 'description_localizations'], item.description_localizations, (p, v) => badLength(errors, p, v, 1, 100))
  }
}

function checkChoices(errors: FormErrors, path: Path, option: Json) {
  const choices = option.choices
  if (choices === undefined || choices === null) return
  if (!Array.isArray(choices)) return errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.')
  if (![3, 4, 10].includes(option.type)) errors.add(path, 'APPLICATION_COMMAND_OPTION_CHOICES_INVALID', 'Choices are only allowed for string, integer and number options')
  if (option.autocomplete && choices.length > 0) errors.add(['autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be set with choices')
  if (choices.length > MAX_CHOICES) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CHOICES} or fewer in length.`)
  choices.forEach((c: Json, i: number) => {
    badLength(errors, [...path, i, 'name'], c.name, 1, 100)
    checkLocalizations(errors, [...path, i, 'name_localizations'], c.name_localizations, (p, v) => badLength(errors, p, v, 1, 100))
    if (option.type === 3) badLength(errors, [...path, i, 'value'], c.value, 1, 100)
    else if (typeof c.value !== 'number') errors.add([...path, i, 'value'], 'NUMBER_TYPE_COERCE', `Value "${c.value}" is not a number.`)
  })
}

function checkOptions(errors: FormErrors, path: Path, options: unknown, depth: number) {
  if (options === undefined || options === null) return
  if (!Array.isArray(options)) return errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.')
  if (options.length > MAX_OPTIONS) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_OPTIONS} or fewer in length.`)
  const names = new Set<string>()
  let optionalSeen = false
  options.forEach((o: Json, i: number) => {
    const p = [...path, i]
    if (!Number.isInteger(o.type) || o.type < 1 || o.type > 11) errors.add([...p, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.`)
    checkNamed(errors, p, o, true)
    if (typeof o.name === 'string') {
      if (names.has(o.name)) errors.add([...p, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists')
      names.add(o.name)
    }
    if (o.type === 1 || o.type === 2) {
      if (depth >= (o.type === 2 ? 1 : 2)) errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command options cannot be nested this deep')
      if (o.type === 2 && Array.isArray(o.options) && o.options.some((s: Json) => s.type !== 1)) {
        errors.add([...p, 'options'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command groups may only contain sub-commands')
      }
      checkOptions(errors, [...p, 'options'], o.options, depth + 1)
      return
    }
    if (o.required) {
      if (optionalSeen) errors.add(path, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options')
    } else optionalSeen = true
    checkChoices(errors, [...p, 'choices'], o)
  })
}

/** Adds every problem of one command at `path` (e.g. [3] inside a bulk overwrite). */
export function validateCommand(errors: FormErrors, path: Path, command: Json) {
  if (!command || typeof command !== 'object' || Array.isArray(command)) return errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType')
  const type = command.type ?? 1
  if (![1, 2, 3].includes(type)) return errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.')
  checkNamed(errors, path, command, type === 1)
  if (type !== 1 && command.description) errors.add([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_INVALID', 'Context menu commands cannot have a description')
  if (type === 1) checkOptions(errors, [...path, 'options'], command.options, 0)
  if (command.default_member_permissions !== undefined && command.default_member_permissions !== null
    && !/^\d+$/.test(String(command.default_member_permissions))) {
    errors.add([...path, 'default_member_permissions'], 'BASE_TYPE_INVALID', 'Invalid permissions')
  }
}

/** Validates a bulk overwrite: each command, unique (type, name) pairs, at most 100 chat input commands. */
export function validateCommandList(list: unknown): asserts list is Json[] {
  const errors = new FormErrors()
  if (!Array.isArray(list)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.')
    errors.throwIfAny()
    return
  }
  const seen = new Set<string>()
  list.forEach((c: Json, i) => {
    validateCommand(errors, [i], c)
    const key = `${c?.type ?? 1}:${c?.name}`
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`)
    seen.add(key)
  })
  if (list.filter((c: Json) => (c?.type ?? 1) === 1).length > 100) errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.')
  errors.throwIfAny()
}
