// Markdown editor for a content's text (or a media content's caption):
// a toolbar for the formatting the bots support, and a live preview of the
// messages the bots send (split at their limits; the lesson header the bot
// puts first is shown on the module's "preview as student" page).
import React, { useRef, useState } from 'react'
import { Box, Button, FormGroup, FormMessage, Label, Text, TextArea } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import { currentKind, sentWithCaption } from './kind-field'
import { MarkdownMessages, MarkdownStyle } from './markdown-style'

// label: the button's text (or a key of MarkdownEdit's translations); title: its tooltip (a key); the selection (else the placeholder, else the tooltip's text) goes between before and after
type Wrap = { label: string; translated?: boolean; title: string; before: string; after: string; placeholder?: string }
const TOOLS: Wrap[] = [
  { label: 'B', title: 'bold', before: '**', after: '**' },
  { label: 'I', title: 'italic', before: '_', after: '_' },
  { label: 'S', title: 'strike', before: '~~', after: '~~' },
  { label: '`code`', title: 'code', before: '`', after: '`' },
  { label: '```', title: 'codeBlock', before: '\n```\n', after: '\n```\n', placeholder: 'SELECT 1;' },
  { label: 'linkLabel', translated: true, title: 'link', before: '[', after: '](https://)' },
  { label: 'listLabel', translated: true, title: 'listItem', before: '\n- ', after: '' },
  { label: 'quoteLabel', translated: true, title: 'quote', before: '\n> ', after: '' },
]

const MarkdownEdit = (props: any) => {
  const { property, record, onChange } = props
  const { tc } = useTranslation()
  const kind = currentKind(record)
  const [preview, setPreview] = useState(false)
  const area = useRef<HTMLTextAreaElement | null>(null)
  if (kind === 'QUIZ') return null
  const value: string = record?.params?.[property.path] ?? ''
  const error = record?.errors?.[property.path]
  const isText = kind === 'TEXT'

  const apply = (tool: Wrap) => {
    const el = area.current
    const start = el?.selectionStart ?? value.length
    const end = el?.selectionEnd ?? value.length
    const selected = value.slice(start, end) || (tool.placeholder ?? tc(`MarkdownEdit.${tool.title}`).toLowerCase())
    const next = value.slice(0, start) + tool.before + selected + tool.after + value.slice(end)
    onChange(property.path, next)
    requestAnimationFrame(() => {
      if (!el) return
      el.focus()
      const from = start + tool.before.length
      el.setSelectionRange(from, from + selected.length)
    })
  }

  return (
    <FormGroup error={Boolean(error)} data-testid="markdown-editor">
      <MarkdownStyle />
      <Label htmlFor={property.path} required={isText}>
        {tc(isText ? 'MarkdownEdit.text' : 'MarkdownEdit.caption')}
      </Label>
      <Box flex flexDirection="row" flexWrap="wrap" mb="sm" style={{ gap: 4 }}>
        {TOOLS.map((tool) => (
          <Button key={tool.title} type="button" size="sm" variant="outlined" title={tc(`MarkdownEdit.${tool.title}`)} disabled={preview} onClick={() => apply(tool)}>
            {tool.translated ? tc(`MarkdownEdit.${tool.label}`) : tool.label}
          </Button>
        ))}
        <Button type="button" size="sm" variant={preview ? 'contained' : 'text'} onClick={() => setPreview(!preview)} data-testid="markdown-preview-toggle">
          {preview ? tc('Common.edit') : tc('MarkdownEdit.preview')}
        </Button>
      </Box>
      {preview ? (
        <Box p="lg" bg="grey20" style={{ borderRadius: 8, minHeight: 120 }} data-testid="markdown-preview">
          <MarkdownMessages markdown={value} caption={sentWithCaption(record)} empty={<em>{tc('MarkdownEdit.nothing')}</em>} />
        </Box>
      ) : (
        <TextArea
          id={property.path}
          name={property.path}
          ref={area}
          rows={isText ? 12 : 3}
          width="100%"
          value={value}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(property.path, e.target.value)}
        />
      )}
      <Text variant="xs" color="grey60" mt="sm">
        {tc('MarkdownEdit.help')}
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default MarkdownEdit
