// Markdown editor for a content's text (or a media content's caption):
// a toolbar for the formatting the bots support, and a live preview of the
// messages the bots send (split at their limits; the lesson header the bot
// puts first is shown on the module's "preview as student" page).
import React, { useRef, useState } from 'react'
import { Box, Button, FormGroup, FormMessage, Label, Text, TextArea } from '@adminjs/design-system'
import { currentKind, sentWithCaption } from './kind-field'
import { MarkdownMessages, MarkdownStyle } from './markdown-style'

type Wrap = { label: string; title: string; before: string; after: string; placeholder: string }
const TOOLS: Wrap[] = [
  { label: 'B', title: 'Bold', before: '**', after: '**', placeholder: 'bold text' },
  { label: 'I', title: 'Italic', before: '_', after: '_', placeholder: 'italic text' },
  { label: 'S', title: 'Strikethrough', before: '~~', after: '~~', placeholder: 'struck text' },
  { label: '`code`', title: 'Inline code', before: '`', after: '`', placeholder: 'code' },
  { label: '```', title: 'Code block', before: '\n```\n', after: '\n```\n', placeholder: 'SELECT 1;' },
  { label: 'Link', title: 'Link', before: '[', after: '](https://)', placeholder: 'link text' },
  { label: '• List', title: 'List item', before: '\n- ', after: '', placeholder: 'item' },
  { label: '❝ Quote', title: 'Quote', before: '\n> ', after: '', placeholder: 'quote' },
]

const MarkdownEdit = (props: any) => {
  const { property, record, onChange } = props
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
    const selected = value.slice(start, end) || tool.placeholder
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
        {isText ? 'Text (Markdown)' : 'Caption (Markdown, optional)'}
      </Label>
      <Box flex flexDirection="row" flexWrap="wrap" mb="sm" style={{ gap: 4 }}>
        {TOOLS.map((tool) => (
          <Button key={tool.title} type="button" size="sm" variant="outlined" title={tool.title} disabled={preview} onClick={() => apply(tool)}>
            {tool.label}
          </Button>
        ))}
        <Button type="button" size="sm" variant={preview ? 'contained' : 'text'} onClick={() => setPreview(!preview)} data-testid="markdown-preview-toggle">
          {preview ? 'Edit' : 'Preview'}
        </Button>
      </Box>
      {preview ? (
        <Box p="lg" bg="grey20" style={{ borderRadius: 8, minHeight: 120 }} data-testid="markdown-preview">
          <MarkdownMessages markdown={value} caption={sentWithCaption(record)} empty={<em>Nothing to preview yet</em>} />
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
        **bold**, _italic_, ~~strike~~, `code`, ```code blocks```, [links](https://...), lists and &gt; quotes. HTML is shown as plain text.
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default MarkdownEdit
