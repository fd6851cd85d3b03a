// "Preview as student": a module's contents as chat messages, the way the bots
// send them. Text is rendered on the server by the panel's safe Markdown
// renderer (raw HTML is shown as text).
import React, { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Box, H3, Icon, MessageBox, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers } from 'adminjs'
import { formatBytes } from './upload-edit'
import { MarkdownStyle } from './markdown-style'

const api = new ApiClient()
const h = new ViewHelpers()

const bubble: React.CSSProperties = {
  background: 'white',
  borderRadius: '12px 12px 12px 4px',
  padding: '10px 14px',
  margin: '0 0 12px',
  maxWidth: 460,
  boxShadow: '0 1px 2px rgba(0,0,0,0.15)',
  lineHeight: 1.45,
  wordBreak: 'break-word',
}

const Caption = ({ m }: { m: any }) => (
  <div className="tm-markdown">
    <strong>{m.title}</strong>
    {m.html ? <div dangerouslySetInnerHTML={{ __html: m.html }} /> : null}
  </div>
)

const Message = ({ m }: { m: any }) => {
  switch (m.kind) {
    case 'IMAGE':
      return (
        <div style={bubble} data-testid="preview-message-IMAGE">
          {m.file ? <img src={m.file.url} alt={m.title} data-testid="preview-image" style={{ maxWidth: '100%', borderRadius: 8, display: 'block', marginBottom: 6 }} /> : <em>(no image uploaded)</em>}
          <Caption m={m} />
        </div>
      )
    case 'FILE':
      return (
        <div style={bubble} data-testid="preview-message-FILE">
          {m.file ? (
            <a href={m.file.url} target="_blank" rel="noreferrer" data-testid="preview-file" style={{ display: 'block', marginBottom: 6 }}>
              <Icon icon="FileText" /> {m.file.name} <span style={{ color: '#6B7280' }}>({formatBytes(m.file.size)})</span>
            </a>
          ) : (
            <em>(no file uploaded)</em>
          )}
          <Caption m={m} />
        </div>
      )
    case 'VIDEO':
      return (
        <div style={bubble} data-testid="preview-message-VIDEO">
          {m.file ? (
            <a href={m.file.url} target="_blank" rel="noreferrer" style={{ display: 'block', marginBottom: 6 }}>
              <Icon icon="Film" /> {m.file.name}
            </a>
          ) : null}
          {m.videoUrl ? (
            <a href={m.videoUrl} target="_blank" rel="noopener noreferrer nofollow" style={{ display: 'block', marginBottom: 6 }}>
              <Icon icon="PlayCircle" /> {m.videoUrl}
            </a>
          ) : null}
          <Caption m={m} />
        </div>
      )
    case 'QUIZ':
      return (
        <div style={bubble} data-testid="preview-message-QUIZ">
          <div style={{ fontSize: 12, color: '#6B7280' }}>Quiz · {m.title}</div>
          <div style={{ fontWeight: 600, margin: '4px 0 8px' }} data-testid="preview-quiz-question">
            {m.quiz?.question}
          </div>
          {(m.quiz?.options ?? []).map((o: string, i: number) => (
            <div
              key={i}
              data-testid="preview-quiz-option"
              style={{ border: '1px solid #3B82F6', color: '#1D4ED8', borderRadius: 8, padding: '6px 10px', marginBottom: 6, textAlign: 'center' }}
            >
              {o}
            </div>
          ))}
          <div style={{ fontSize: 12, color: '#6B7280', marginTop: 6 }}>
            Authors only: the right answer is “{m.quiz?.options?.[m.quiz?.correctIndex] ?? '?'}”.{m.quiz?.explanation ? ` Explanation: ${m.quiz.explanation}` : ''}
          </div>
        </div>
      )
    default:
      return (
        <div style={bubble} data-testid="preview-message-TEXT">
          <Caption m={m} />
        </div>
      )
  }
}

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
        What a student receives in Telegram or Discord, message by message. Text is formatted as the bots format it; HTML is shown as text.
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
        {data.messages.length === 0 ? <Text>This module has no contents yet.</Text> : null}
        {data.messages.map((m: any) => (
          <Message key={m.id} m={m} />
        ))}
      </Box>
    </Box>
  )
}

export default ModulePreview
