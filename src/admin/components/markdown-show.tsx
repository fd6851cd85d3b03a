// A content's Markdown body on its show page, as the messages the bots send.
import React from 'react'
import { Box } from '@adminjs/design-system'
import { PropertyLabel } from 'adminjs'
import { sentWithCaption } from './kind-field'
import { MarkdownMessages, MarkdownStyle } from './markdown-style'

const MarkdownShow = (props: any) => {
  const { property, record } = props
  const body: string = record?.params?.[property.path] ?? ''
  if (!body.trim()) return null
  return (
    <Box mb="xl">
      <MarkdownStyle />
      <PropertyLabel property={property} />
      <Box p="lg" bg="grey20" style={{ borderRadius: 8 }}>
        <MarkdownMessages markdown={body} caption={sentWithCaption(record)} />
      </Box>
    </Box>
  )
}

export default MarkdownShow
