// A date/time property in lists and on show pages, in the panel's one format.
import React from 'react'
import { Box, Text } from '@adminjs/design-system'
import { PropertyLabel } from 'adminjs'
import { formatWhen } from './dates'

const DateShow = (props: any) => {
  const { property, record, where } = props
  const value = formatWhen(record?.params?.[property.path])
  if (where === 'list') return <Text style={{ whiteSpace: 'nowrap' }}>{value}</Text>
  return (
    <Box mb="xl">
      <PropertyLabel property={property} />
      <Text>{value || '—'}</Text>
    </Box>
  )
}

export default DateShow
