// Styles for rendered Markdown (.tm-markdown): AdminJS's CSS reset removes
// bold, italics and list bullets, which the preview needs to show.
import React from 'react'

const CSS = `
.tm-markdown strong, .tm-markdown b { font-weight: 700; }
.tm-markdown em, .tm-markdown i { font-style: italic; }
.tm-markdown del { text-decoration: line-through; }
.tm-markdown p { margin: 0 0 6px; }
.tm-markdown ul, .tm-markdown ol { margin: 0 0 6px; padding-left: 22px; }
.tm-markdown ul { list-style: disc; }
.tm-markdown ol { list-style: decimal; }
.tm-markdown code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: rgba(0,0,0,0.06); padding: 0 3px; border-radius: 3px; }
.tm-markdown pre { background: #1F2937; color: #F9FAFB; padding: 8px 10px; border-radius: 6px; overflow-x: auto; margin: 4px 0 8px; }
.tm-markdown pre code { background: none; padding: 0; color: inherit; }
.tm-markdown blockquote { border-left: 3px solid #9CA3AF; padding-left: 8px; color: #4B5563; margin: 4px 0; }
.tm-markdown a { color: #2563EB; text-decoration: underline; }
`

export const MarkdownStyle = () => <style>{CSS}</style>
