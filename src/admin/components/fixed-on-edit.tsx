// A parent reference (a module's course, a content's module): chosen when
// creating, shown read-only when editing (moving between parents is not a thing).
import React from 'react'
import { Box, Text } from '@adminjs/design-system'
import { BasePropertyComponent, PropertyLabel } from 'adminjs'

const FixedOnEdit = (props: any) => {
  const { property, record } = props
  if (!record?.id) return <BasePropertyComponent {...props} property={{ ...property, components: {} }} />
  const populated = record.populated?.[property.path]
  return (
    <Box mb="xl">
      <PropertyLabel property={property} />
      <Text>{populated?.title ?? record.params?.[property.path]}</Text>
    </Box>
  )
}

export default FixedOnEdit
