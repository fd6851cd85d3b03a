// The kind of a content as a plain select; the rest of the form follows it.
import React from 'react'
import { FormGroup, FormMessage, Label, Text } from '@adminjs/design-system'
import { KIND_LABELS } from './kind-labels'

const KINDS: Array<[string, string]> = Object.entries(KIND_LABELS).map(([kind, label]) => [kind, label.long])

const KindSelect = (props: any) => {
  const { property, record, onChange } = props
  const value = record?.params?.[property.path] || 'TEXT'
  const error = record?.errors?.[property.path]
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path} required>
        Kind
      </Label>
      <select
        id={property.path}
        name={property.path}
        value={value}
        onChange={(e) => onChange(property.path, e.target.value)}
        style={{ padding: '8px 12px', minWidth: 280, border: '1px solid #C0C0CA', borderRadius: 4, background: 'white' }}
      >
        {KINDS.map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>
      <Text variant="xs" color="grey60" mt="sm">
        The form shows the fields this kind needs.
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default KindSelect
