// An audit entry's details (JSON) on its show page.
import React from 'react'
import { Box } from '@adminjs/design-system'
import { PropertyLabel, flat } from 'adminjs'

const JsonShow = (props: any) => {
  const { property, record } = props
  const value = flat.get(record?.params ?? {}, property.path)
  if (value === undefined || value === null) return null
  return (
    <Box mb="xl">
      <PropertyLabel property={property} />
      <pre style={{ background: '#F6F7FB', padding: 12, borderRadius: 6, overflowX: 'auto', fontSize: 12 }}>{JSON.stringify(value, null, 2)}</pre>
    </Box>
  )
}

export default JsonShow
