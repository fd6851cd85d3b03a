// Styles for rendered Markdown (.tm-markdown): AdminJS's CSS reset removes
// bold and italics, which the preview needs to show. Lists arrive as lines of
// text with bullets, as in a chat message, so spaces and line breaks are kept.
// MarkdownMessages shows author Markdown as the messages the bots send.
import React from 'react'
import { useTranslation } from 'adminjs'
import { markdownPreview } from '../preview-html'

const CSS = `
.tm-markdown strong, .tm-markdown b { font-weight: 700; }
.tm-markdown em, .tm-markdown i { font-style: italic; }
.tm-markdown u { text-decoration: underline; }
.tm-markdown del { text-decoration: line-through; }
.tm-markdown p { margin: 0 0 6px; white-space: pre-wrap; }
.tm-markdown p:last-child { margin-bottom: 0; }
.tm-markdown code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: rgba(0,0,0,0.06); padding: 0 3px; border-radius: 3px; }
.tm-markdown pre { background: #1F2937; color: #F9FAFB; padding: 8px 10px; border-radius: 6px; overflow-x: auto; margin: 4px 0 8px; }
.tm-markdown pre code { background: none; padding: 0; color: inherit; }
.tm-markdown blockquote { border-left: 3px solid #9CA3AF; padding-left: 8px; color: #4B5563; margin: 4px 0; white-space: pre-wrap; }
.tm-markdown a { color: #2563EB; text-decoration: underline; }
`

export const MarkdownStyle = () => <style>{CSS}</style>

/** A chat message bubble (the previews show one per message the bots send). */
export const bubble: React.CSSProperties = {
  background: 'white',
  borderRadius: '12px 12px 12px 4px',
  padding: '10px 14px',
  margin: '0 0 12px',
  maxWidth: 460,
  boxShadow: '0 1px 2px rgba(0,0,0,0.15)',
  lineHeight: 1.45,
  wordBreak: 'break-word',
}

/**
 * Author Markdown as the bots send it: parsed and split by the domain's
 * delivery rules, one bubble per message (with `caption`, the first is a media
 * message's caption). The HTML is escaped by the renderer.
 */
export const MarkdownMessages = ({ markdown, caption = false, empty = null }: { markdown: string; caption?: boolean; empty?: React.ReactNode }) => {
  const { tc } = useTranslation()
  const messages = markdownPreview(markdown, { caption })
  if (messages.length === 0) return <>{empty}</>
  return (
    <div data-testid="markdown-messages">
      {messages.map((html, i) => (
        <div key={i} className="tm-markdown" style={bubble} data-testid="markdown-message" dangerouslySetInnerHTML={{ __html: html }} />
      ))}
      {messages.length > 1 ? (
        <div style={{ fontSize: 12, color: '#6B7280' }}>
          {tc(caption ? 'MarkdownMessages.sentAsCaption' : 'MarkdownMessages.sentAs', { count: messages.length })}
        </div>
      ) : null}
    </div>
  )
}
