// The kind of a content as a plain select; the rest of the form follows it.
import React from 'react'
import { FormGroup, FormMessage, Label, Text } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'

const KindSelect = (props: any) => {
  const { property, record, onChange } = props
  const { tc } = useTranslation()
  const kinds: string[] = (property.availableValues ?? []).map((v: { value: string }) => v.value)
  const value = record?.params?.[property.path] || 'TEXT'
  const error = record?.errors?.[property.path]
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path} required>
        {tc('KindSelect.label')}
      </Label>
      <select
        id={property.path}
        name={property.path}
        value={value}
        onChange={(e) => onChange(property.path, e.target.value)}
        style={{ padding: '8px 12px', minWidth: 280, border: '1px solid #C0C0CA', borderRadius: 4, background: 'white' }}
      >
        {kinds.map((k) => (
          <option key={k} value={k}>
            {tc(`Kinds.${k}`, { defaultValue: k })}
          </option>
        ))}
      </select>
      <Text variant="xs" color="grey60" mt="sm">
        {tc('KindSelect.hint')}
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default KindSelect
