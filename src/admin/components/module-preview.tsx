// "Preview as student": a module's contents as chat messages, one bubble per
// message the Telegram bot sends (a long text is several messages; a media
// message carries the first part as its caption). The messages are rendered
// on the server by the domain's delivery rules (raw HTML is shown as text).
import React, { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Box, H3, Icon, MessageBox, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers } from 'adminjs'
import { formatBytes } from './upload-edit'
import { bubble, MarkdownStyle } from './markdown-style'

const api = new ApiClient()
const h = new ViewHelpers()

const gap: React.CSSProperties = { display: 'block', marginBottom: 6 }

/** One chat message: media above, its (server-rendered, escaped) HTML, a link preview below. */
const Bubble = ({ html, children, below }: { html?: string | null; children?: React.ReactNode; below?: React.ReactNode }) => (
  <div style={bubble} data-testid="preview-bubble">
    {children}
    {html ? <div className="tm-markdown" dangerouslySetInnerHTML={{ __html: html }} /> : null}
    {below}
  </div>
)

/** The media part of a media message (photo, document, uploaded video). */
const Media = ({ c }: { c: any }) => {
  if (c.kind === 'IMAGE')
    return c.file ? (
      <img src={c.file.url} alt={c.title} data-testid="preview-image" style={{ maxWidth: '100%', borderRadius: 8, display: 'block', marginBottom: 6 }} />
    ) : (
      <em style={gap}>(no image uploaded)</em>
    )
  if (c.kind === 'FILE')
    return c.file ? (
      <a href={c.file.url} target="_blank" rel="noreferrer" data-testid="preview-file" style={gap}>
        <Icon icon="FileText" /> {c.file.name} <span style={{ color: '#6B7280' }}>({formatBytes(c.file.size)})</span>
      </a>
    ) : (
      <em style={gap}>(no file uploaded)</em>
    )
  return c.file ? (
    <a href={c.file.url} target="_blank" rel="noreferrer" style={gap}>
      <Icon icon="Film" /> {c.file.name}
    </a>
  ) : null
}

const Quiz = ({ c }: { c: any }) => (
  <div style={bubble} data-testid="preview-bubble">
    <div style={{ fontSize: 12, color: '#6B7280' }} data-testid="preview-quiz-form">
      {c.quiz?.asPoll ? 'Quiz poll' : 'Quiz with answer buttons (too long for a Telegram poll)'} · {c.title}
    </div>
    <div style={{ fontWeight: 600, margin: '4px 0 8px' }} data-testid="preview-quiz-question">
      {c.quiz?.question}
    </div>
    {(c.quiz?.options ?? []).map((o: string, i: number) => (
      <div
        key={i}
        data-testid="preview-quiz-option"
        style={{ border: '1px solid #3B82F6', color: '#1D4ED8', borderRadius: 8, padding: '6px 10px', marginBottom: 6, textAlign: 'center' }}
      >
        {o}
      </div>
    ))}
    <div style={{ fontSize: 12, color: '#6B7280', marginTop: 6 }}>
      Authors only: the right answer is “{c.quiz?.options?.[c.quiz?.correctIndex] ?? '?'}”.{c.quiz?.explanation ? ` Explanation: ${c.quiz.explanation}` : ''}
    </div>
  </div>
)

/** All the messages of one content, in the order the bot sends them. */
const ContentMessages = ({ c }: { c: any }) => (
  <div data-testid={`preview-message-${c.kind}`} data-content-id={c.id}>
    {c.caption !== null ? (
      <Bubble html={c.caption}>
        <Media c={c} />
      </Bubble>
    ) : null}
    {c.texts.map((html: string, i: number) => (
      <Bubble
        key={i}
        html={html}
        below={
          c.videoUrl && i === c.texts.length - 1 ? (
            <a href={c.videoUrl} target="_blank" rel="noopener noreferrer nofollow" style={{ ...gap, marginTop: 6, marginBottom: 0 }}>
              <Icon icon="PlayCircle" /> {c.videoUrl}
            </a>
          ) : null
        }
      />
    ))}
    {c.quiz ? <Quiz c={c} /> : null}
  </div>
)

const ModulePreview = (props: any) => {
  const { record } = props
  const [data, setData] = useState<any>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api
      .recordAction({ resourceId: 'Module', recordId: record.id, actionName: 'preview' })
      .then((res: any) => setData(res.data.preview))
      .catch(() => setError('Could not load the preview'))
  }, [record.id])
  if (error) return <MessageBox variant="danger" message={error} />
  if (!data) return <Text>Loading…</Text>
  return (
    <Box variant="container" data-testid="module-preview">
      <MarkdownStyle />
      <Text mb="default">
        <Link to={h.recordActionUrl({ resourceId: 'Course', recordId: String(data.course.id), actionName: 'tree' })}>{data.course.title}</Link> / {data.module.title} / Preview as student
      </Text>
      <H3 mb="sm">Preview of “{data.module.title}”</H3>
      <Text color="grey60" mb="lg">
        What a student receives in Telegram, message by message: texts are split and formatted as the bot sends them; HTML is shown as text.
      </Text>
      <Box p="xl" style={{ background: '#DCE8F3', borderRadius: 12, maxWidth: 560 }}>
        {data.module.description ? (
          <div style={{ ...bubble, background: '#F1F5F9' }}>
            <strong>
              <Icon icon="BookOpen" /> {data.module.title}
            </strong>
            <div>{data.module.description}</div>
          </div>
        ) : null}
        {data.contents.length === 0 ? <Text>This module has no contents yet.</Text> : null}
        {data.contents.map((c: any) => (
          <ContentMessages key={c.id} c={c} />
        ))}
      </Box>
    </Box>
  )
}

export default ModulePreview
