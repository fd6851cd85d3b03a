// A title that the slug field next to it follows as it is typed: AdminJS's own
// text input tells the form only when it loses focus, this one on every key.
import React from 'react'
import { FormGroup, FormMessage, Input } from '@adminjs/design-system'
import { PropertyLabel, useTranslation } from 'adminjs'

const TitleEdit = (props: any) => {
  const { property, record, onChange } = props
  const { tm } = useTranslation()
  const error = record?.errors?.[property.path]
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={property} />
      <Input
        id={property.path}
        name={property.path}
        width="100%"
        value={record?.params?.[property.path] ?? ''}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(property.path, e.target.value)}
      />
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
    </FormGroup>
  )
}

export default TitleEdit
