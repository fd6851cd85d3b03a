// "Preview as student": a module's contents as chat messages, one bubble per
// message the bot of the chosen platform (Telegram or Discord) sends: a long
// text is several messages, a media message carries the first part as its
// caption, buttons sit under the last one. The server renders the bots' own
// message plan (raw HTML is shown as text).
import React, { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Box, Button, H3, Icon, MessageBox, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers, useTranslation } from 'adminjs'
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
  const { tc } = useTranslation()
  if (c.kind === 'IMAGE')
    return c.file ? (
      <img src={c.file.url} alt={c.title} data-testid="preview-image" style={{ maxWidth: '100%', borderRadius: 8, display: 'block', marginBottom: 6 }} />
    ) : (
      <em style={gap}>{tc('ModulePreview.noImage')}</em>
    )
  if (c.kind === 'FILE')
    return c.file ? (
      <a href={c.file.url} target="_blank" rel="noreferrer" data-testid="preview-file" style={gap}>
        <Icon icon="FileText" /> {c.file.name} <span style={{ color: '#6B7280' }}>({formatBytes(c.file.size)})</span>
      </a>
    ) : (
      <em style={gap}>{tc('ModulePreview.noFile')}</em>
    )
  return c.file ? (
    <a href={c.file.url} target="_blank" rel="noreferrer" style={gap}>
      <Icon icon="Film" /> {c.file.name}
    </a>
  ) : null
}

/** The buttons under a message, row by row, as the platform shows them. */
const Buttons = ({ rows }: { rows: string[][] }) =>
  rows.length ? (
    <div style={{ marginTop: 6 }}>
      {rows.map((row, i) => (
        <div key={i} style={{ display: 'flex', gap: 4, marginBottom: 4 }}>
          {row.map((label, j) => (
            <span key={j} data-testid="preview-button" style={{ flex: 1, border: '1px solid #93C5FD', color: '#1D4ED8', borderRadius: 6, padding: '4px 6px', textAlign: 'center', fontSize: 13 }}>
              {label}
            </span>
          ))}
        </div>
      ))}
    </div>
  ) : null

/** A native quiz poll. */
const Poll = ({ m }: { m: any }) => (
  <div style={bubble} data-testid="preview-bubble">
    <div style={{ fontSize: 12, color: '#6B7280' }} data-testid="preview-quiz-form">
      Quiz poll
    </div>
    <div style={{ fontWeight: 600, margin: '4px 0 8px' }} data-testid="preview-quiz-question">
      {m.poll.question}
    </div>
    {m.poll.options.map((o: string, i: number) => (
      <div
        key={i}
        data-testid="preview-quiz-option"
        style={{ border: '1px solid #3B82F6', color: '#1D4ED8', borderRadius: 8, padding: '6px 10px', marginBottom: 6, textAlign: 'center' }}
      >
        {o}
      </div>
    ))}
    <Buttons rows={m.buttons} />
  </div>
)

/** For the author only: the right answer, and why a quiz goes with buttons. */
const QuizNote = ({ c, platform }: { c: any; platform: string }) => {
  const { tc } = useTranslation()
  return (
    <div style={{ fontSize: 12, color: '#6B7280', margin: '-6px 0 12px' }} data-testid="preview-quiz-note">
      {c.quiz.form === 'buttons' ? tc(platform === 'DISCORD' ? 'ModulePreview.discordButtons' : 'ModulePreview.telegramButtons') : ''}
      {tc('ModulePreview.rightAnswer', { answer: c.quiz.options?.[c.quiz.correctIndex] ?? '?' })}
      {c.quiz.explanation ? tc('ModulePreview.explanation', { text: c.quiz.explanation }) : ''}
    </div>
  )
}

/** All the messages of one content, in the order the bot sends them. */
const ContentMessages = ({ c, platform }: { c: any; platform: string }) => (
  <div data-testid={`preview-message-${c.kind}`} data-content-id={c.id}>
    {c.messages.map((m: any, i: number) =>
      m.type === 'poll' ? (
        <Poll key={i} m={m} />
      ) : (
        <Bubble
          key={i}
          html={m.html}
          below={
            <>
              {m.type === 'link' ? (
                <a href={m.url} target="_blank" rel="noopener noreferrer nofollow" style={{ ...gap, marginTop: 6, marginBottom: 0 }}>
                  <Icon icon="PlayCircle" /> {m.url}
                </a>
              ) : null}
              <Buttons rows={m.buttons} />
            </>
          }
        >
          {m.type === 'media' ? <Media c={c} /> : null}
        </Bubble>
      ),
    )}
    {c.quiz ? <QuizNote c={c} platform={platform} /> : null}
  </div>
)

const PLATFORMS = [
  { id: 'TELEGRAM', label: 'Telegram', background: '#DCE8F3' },
  { id: 'DISCORD', label: 'Discord', background: '#E3E5E8' },
]

const ModulePreview = (props: any) => {
  const { record } = props
  const { tc, ta } = useTranslation()
  const [data, setData] = useState<any>(null)
  const [error, setError] = useState<string | null>(null)
  const [platform, setPlatform] = useState('TELEGRAM')
  useEffect(() => {
    api
      .recordAction({ resourceId: 'Module', recordId: record.id, actionName: 'preview' })
      .then((res: any) => setData(res.data.preview))
      .catch(() => setError(tc('ModulePreview.loadFailed')))
  }, [record.id])
  if (error) return <MessageBox variant="danger" message={error} />
  if (!data) return <Text>{tc('Common.loading')}</Text>
  const shown = PLATFORMS.find((p) => p.id === platform)!
  const contents: any[] = data.platforms[platform] ?? []
  return (
    <Box variant="container" data-testid="module-preview">
      <MarkdownStyle />
      <Text mb="default">
        <Link to={h.recordActionUrl({ resourceId: 'Course', recordId: String(data.course.id), actionName: 'tree' })}>{data.course.title}</Link> / {data.module.title} / {ta('preview', 'Module')}
      </Text>
      <H3 mb="sm">{tc('ModulePreview.heading', { title: data.module.title })}</H3>
      <Box mb="default" data-testid="preview-platforms">
        {PLATFORMS.map((p) => (
          <Button
            key={p.id}
            size="sm"
            mr="sm"
            type="button"
            variant={p.id === platform ? 'primary' : 'outlined'}
            data-testid={`preview-platform-${p.id}`}
            aria-pressed={p.id === platform}
            onClick={() => setPlatform(p.id)}
          >
            {p.label}
          </Button>
        ))}
      </Box>
      <Text color="grey60" mb="lg">
        {tc('ModulePreview.explain', { platform: shown.label })}
      </Text>
      <Box p="xl" style={{ background: shown.background, borderRadius: 12, maxWidth: 560 }} data-testid="preview-chat" data-platform={platform}>
        {data.module.description ? (
          <div style={{ ...bubble, background: '#F1F5F9' }}>
            <strong>
              <Icon icon="BookOpen" /> {data.module.title}
            </strong>
            <div>{data.module.description}</div>
          </div>
        ) : null}
        {contents.length === 0 ? <Text>{tc('ModulePreview.empty')}</Text> : null}
        {contents.map((c: any) => (
          <ContentMessages key={c.id} c={c} platform={platform} />
        ))}
      </Box>
    </Box>
  )
}

export default ModulePreview
