// The panel's home page: per-course metrics for the signed-in author's courses
// (all courses for an admin): enrolled and active students, completion per
// module as a funnel, quiz scores and the platform split.
import React, { useEffect, useState } from 'react'
import { Link, useLocation, useNavigate } from 'react-router-dom'
import { Badge, Box, H2, H4, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers, useTranslation } from 'adminjs'
import { DonutChart, FunnelChart, PercentBars } from './charts'
import { useLive } from './live'

const api = new ApiClient()
const h = new ViewHelpers()

const PLATFORM_COLORS: Record<string, string> = { TELEGRAM: '#2AABEE', DISCORD: '#5865F2', WEB: '#10B981', UNKNOWN: '#9CA3AF' }

const Card = ({ label, value, hint, testId }: { label: string; value: React.ReactNode; hint?: string; testId?: string }) => (
  <Box bg="white" p="lg" style={{ borderRadius: 8, boxShadow: '0 1px 3px rgba(0,0,0,0.08)', minWidth: 180, flex: '1 1 180px' }} data-testid={testId}>
    <Text variant="sm" color="grey60">
      {label}
    </Text>
    <Text style={{ fontSize: 30, fontWeight: 700, lineHeight: 1.3 }}>{value}</Text>
    {hint ? (
      <Text variant="xs" color="grey60">
        {hint}
      </Text>
    ) : null}
  </Box>
)

const Panel = ({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) => (
  <Box bg="white" p="xl" mb="xl" style={{ borderRadius: 8, boxShadow: '0 1px 3px rgba(0,0,0,0.08)' }} data-testid={testId}>
    <H4 mb="lg">{title}</H4>
    {children}
  </Box>
)

const Dashboard = () => {
  const location = useLocation()
  const navigate = useNavigate()
  const { tc } = useTranslation()
  const [data, setData] = useState<any>(null)
  const [error, setError] = useState<string | null>(null)
  const course = new URLSearchParams(location.search).get('course') ?? ''
  // live: a change to any of the user's courses (titles, modules, publishing) reloads the figures
  const [changes, setChanges] = useState(0)
  useLive({}, () => setChanges((n) => n + 1))

  useEffect(() => {
    let live = true
    api
      .getDashboard({ params: course ? { course } : {} })
      .then((res: any) => live && setData(res.data))
      .catch(() => live && setError(tc('Dashboard.loadFailed')))
    return () => {
      live = false
    }
  }, [course, changes])

  if (error) return <MessageBox m="xl" variant="danger" message={error} />
  if (!data) return <Text m="xl">{tc('Dashboard.loading')}</Text>
  const m = data.selected
  const choose = (id: string) => navigate(`${h.dashboardUrl()}?course=${id}`)

  return (
    <Box p="xl" data-testid="dashboard">
      <Box flex flexDirection="row" alignItems="center" justifyContent="space-between" flexWrap="wrap" mb="xl" style={{ gap: 12 }}>
        <Box>
          <H2 mb="sm">{tc('Dashboard.heading')}</H2>
          <Text color="grey60">
            {tc(data.user?.role === 'ADMIN' ? 'Dashboard.allCourses' : 'Dashboard.yourCourses')} · {tc('Dashboard.signedInAs', { name: data.user?.title })}
          </Text>
        </Box>
        {data.courses.length ? (
          <label>
            <Text as="span" mr="default">
              {tc('Dashboard.course')}
            </Text>
            <select
              data-testid="dashboard-course"
              value={m ? String(m.course.id) : ''}
              onChange={(e) => choose(e.target.value)}
              style={{ padding: '8px 12px', minWidth: 260, border: '1px solid #C0C0CA', borderRadius: 4, background: 'white' }}
            >
              {data.courses.map((c: any) => (
                <option key={c.id} value={String(c.id)}>
                  {c.title}
                  {c.published ? '' : tc('Dashboard.draftSuffix')}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </Box>

      {!m ? (
        <MessageBox
          variant="info"
          message={tc('Dashboard.noCourses')}
        />
      ) : (
        <>
          <Box flex flexDirection="row" flexWrap="wrap" mb="xl" style={{ gap: 16 }}>
            <Card label={tc('Dashboard.enrolled')} value={m.enrolled} testId="metric-enrolled" hint={tc('Dashboard.enrolledHint')} />
            <Card label={tc('Dashboard.active')} value={m.active7d} testId="metric-active" hint={tc('Dashboard.activeHint')} />
            <Card
              label={tc('Dashboard.finished')}
              value={m.modules.length ? m.modules[m.modules.length - 1].completed : 0}
              testId="metric-finished"
              hint={tc('Dashboard.finishedHint')}
            />
            <Card label={tc('Dashboard.quizAverage')} value={m.quizAverage === null ? '–' : `${m.quizAverage}%`} testId="metric-quiz" hint={tc('Dashboard.quizAverageHint')} />
          </Box>

          <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }}>
            <Box style={{ flex: '2 1 520px' }}>
              <Panel title={tc('Dashboard.funnel')} testId="panel-funnel">
                {m.modules.length ? (
                  <FunnelChart
                    testId="chart-funnel"
                    steps={[{ label: tc('Dashboard.funnelStart'), count: m.enrolled }, ...m.modules.map((x: any, i: number) => ({ label: `${i + 1}. ${x.title}`, count: x.completed }))]}
                  />
                ) : (
                  <Text>{tc('Dashboard.noModules')}</Text>
                )}
              </Panel>
              <Panel title={tc('Dashboard.quizzes')} testId="panel-quiz">
                {m.quizzes.length ? (
                  <PercentBars
                    testId="chart-quiz"
                    noValue={tc('Dashboard.noAnswers')}
                    bars={m.quizzes.map((q: any) => ({ label: q.title, value: q.percent, note: q.answered ? tc('Dashboard.answers', { count: q.answered }) : '' }))}
                  />
                ) : (
                  <Text>{tc('Dashboard.noQuizzes')}</Text>
                )}
              </Panel>
            </Box>
            <Box style={{ flex: '1 1 340px' }}>
              <Panel title={tc('Dashboard.platforms')} testId="panel-platforms">
                <DonutChart
                  testId="chart-platforms"
                  centerLabel={tc('Dashboard.students')}
                  slices={m.platforms.map((p: any) => ({ label: tc(`Dashboard.platform.${p.platform}`, { defaultValue: p.platform }), value: p.count, color: PLATFORM_COLORS[p.platform] ?? '#9CA3AF' }))}
                />
              </Panel>
              <Panel title={tc('Dashboard.open')}>
                <Text>
                  <Link to={h.recordActionUrl({ resourceId: 'Course', recordId: String(m.course.id), actionName: 'tree' })}>{tc('Dashboard.treeOf', { title: m.course.title })}</Link>
                </Text>
              </Panel>
            </Box>
          </Box>

          <Panel title={tc('Dashboard.allYours')} testId="panel-courses">
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>{tc('Dashboard.course')}</TableCell>
                  <TableCell>{tc('Dashboard.status')}</TableCell>
                  <TableCell>{tc('Dashboard.funnelStart')}</TableCell>
                  <TableCell>{tc('Dashboard.activeColumn')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.courses.map((c: any) => (
                  <TableRow key={c.id} onClick={() => choose(String(c.id))} style={{ cursor: 'pointer' }}>
                    <TableCell>{c.title}</TableCell>
                    <TableCell>
                      <Badge size="sm" variant={c.published ? 'success' : 'secondary'}>
                        {tc(c.published ? 'Dashboard.published' : 'Dashboard.draft')}
                      </Badge>
                    </TableCell>
                    <TableCell>{c.enrolled}</TableCell>
                    <TableCell>{c.active7d}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Panel>
        </>
      )}
    </Box>
  )
}

export default Dashboard
