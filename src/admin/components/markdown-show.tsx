// A content's Markdown body on its show page, rendered like the bots show it.
import React from 'react'
import { Box } from '@adminjs/design-system'
import { PropertyLabel } from 'adminjs'
import { renderMarkdown } from '../markdown'
import { MarkdownStyle } from './markdown-style'

const MarkdownShow = (props: any) => {
  const { property, record } = props
  const body: string = record?.params?.[property.path] ?? ''
  if (!body.trim()) return null
  return (
    <Box mb="xl">
      <MarkdownStyle />
      <PropertyLabel property={property} />
      {/* renderMarkdown escapes raw HTML and keeps only safe link targets */}
      <Box className="tm-markdown" p="lg" bg="grey20" style={{ borderRadius: 8, lineHeight: 1.5 }} dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} />
    </Box>
  )
}

export default MarkdownShow
