// "Course tree": a course's modules and their contents in order, with up/down
// moves (domain.authoring.reorderModules / reorderContents through the
// moveUp/moveDown actions), links to add, edit and preview, and the status.
import React, { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Badge, Box, Button, H3, Icon, MessageBox, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers, useNotice, useTranslation } from 'adminjs'
import { PresenceBar, describeChange, useLive } from './live'

const api = new ApiClient()
const h = new ViewHelpers()


const CourseTree = (props: any) => {
  const { record } = props
  const addNotice = useNotice()
  const { tc, tl, ta } = useTranslation()
  const [tree, setTree] = useState<any>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const res = await api.recordAction({ resourceId: 'Course', recordId: record.id, actionName: 'tree' })
      setTree(res.data.tree)
      setError(null)
    } catch {
      setError(tc('CourseTree.loadFailed'))
    }
  }, [record.id])

  useEffect(() => {
    void load()
  }, [load])

  // live: who else has the course open; a co-author's change reloads the tree
  const [lastChange, setLastChange] = useState<string | null>(null)
  const { others } = useLive({ course: record.id }, (change) => {
    setLastChange(describeChange(change, tc))
    void load()
  })

  const move = async (resourceId: 'Module' | 'Content', id: number, direction: 'up' | 'down') => {
    setBusy(true)
    try {
      const res = await api.recordAction({
        resourceId,
        recordId: String(id),
        actionName: direction === 'up' ? 'moveUp' : 'moveDown',
        data: { expectedVersion: tree?.version },
      })
      if (res.data.notice) addNotice(res.data.notice)
    } finally {
      await load()
      setBusy(false)
    }
  }

  const publish = async (published: boolean) => {
    setBusy(true)
    try {
      // a POST (the action's GET only shows its confirmation page); a stale tree cannot publish
      const res = await api.recordAction({ resourceId: 'Course', recordId: record.id, actionName: published ? 'publish' : 'unpublish', data: { expectedVersion: tree?.version } })
      if (res.data.notice) addNotice(res.data.notice)
    } finally {
      await load()
      setBusy(false)
    }
  }

  if (error) return <MessageBox variant="danger" message={error} />
  if (!tree) return <Text>{tc('Common.loading')}</Text>

  const modules: any[] = tree.modules ?? []
  return (
    <Box variant="container" data-testid="course-tree" data-version={tree.version}>
      <Text mb="default">
        <Link to={h.resourceUrl({ resourceId: 'Course' })}>{tl('Course', 'Course')}</Link> / <Link to={h.showUrl('Course', String(tree.id))}>{tree.title}</Link> / {tc('CourseTree.crumb')}
      </Text>
      <PresenceBar others={others} />
      <Box flex flexDirection="row" alignItems="center" justifyContent="space-between" mb="lg" flexWrap="wrap" style={{ gap: 8 }}>
        <Box>
          <H3 mb="sm">{tree.title}</H3>
          <Text color="grey60">
            <Badge variant={tree.published ? 'success' : 'secondary'} mr="default" data-testid="course-status">
              {tc(tree.published ? 'CourseTree.published' : 'CourseTree.draft')}
            </Badge>
            {tc('CourseTree.meta', { subject: tree.subject?.title ?? '', slug: tree.slug, version: tree.version, authors: (tree.authors ?? []).join(', ') })}
          </Text>
          {lastChange ? <Text variant="sm" color="grey60" data-testid="live-last-change">{lastChange}</Text> : null}
        </Box>
        <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 8 }}>
          <Button as={Link} to={h.resourceActionUrl({ resourceId: 'Module', actionName: 'new', search: `?course=${tree.id}` })} variant="contained" size="sm" data-testid="tree-add-module">
            <Icon icon="Plus" /> {tc('CourseTree.addModule')}
          </Button>
          <Button type="button" variant={tree.published ? 'outlined' : 'contained'} color={tree.published ? 'danger' : 'success'} size="sm" disabled={busy} onClick={() => publish(!tree.published)} data-testid={tree.published ? 'tree-unpublish' : 'tree-publish'}>
            <Icon icon={tree.published ? 'EyeOff' : 'Eye'} /> {ta(tree.published ? 'unpublish' : 'publish', 'Course')}
          </Button>
          <Button as={Link} to={h.editUrl('Course', String(tree.id))} variant="outlined" size="sm">
            <Icon icon="Edit" /> {tc('CourseTree.editCourse')}
          </Button>
          <Button as={Link} to={h.recordActionUrl({ resourceId: 'Course', recordId: String(tree.id), actionName: 'coAuthors' })} variant="outlined" size="sm">
            <Icon icon="Users" /> {ta('coAuthors', 'Course')}
          </Button>
          <Button as={Link} to={h.recordActionUrl({ resourceId: 'Course', recordId: String(tree.id), actionName: 'history' })} variant="outlined" size="sm">
            <Icon icon="Clock" /> {ta('history', 'Course')}
          </Button>
          <Button as={Link} to={`${h.dashboardUrl()}?course=${tree.id}`} variant="outlined" size="sm">
            <Icon icon="BarChart2" /> {tc('CourseTree.metrics')}
          </Button>
        </Box>
      </Box>

      {modules.length === 0 ? (
        <MessageBox message={tc('CourseTree.noModules')} variant="info" />
      ) : null}

      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="tree-modules">
        {modules.map((m, i) => (
          <li key={m.id} data-testid={`tree-module-${m.id}`} data-module-title={m.title} style={{ border: '1px solid #E5E7EB', borderRadius: 8, padding: 12, marginBottom: 12 }}>
            <Box flex flexDirection="row" alignItems="center" justifyContent="space-between" flexWrap="wrap" style={{ gap: 8 }}>
              <Box flex flexDirection="row" alignItems="center" style={{ gap: 8 }}>
                <Button size="icon" variant="text" type="button" title={ta('moveUp')} disabled={busy || i === 0} onClick={() => move('Module', m.id, 'up')} data-testid={`module-up-${m.id}`}>
                  <Icon icon="ArrowUp" />
                </Button>
                <Button size="icon" variant="text" type="button" title={ta('moveDown')} disabled={busy || i === modules.length - 1} onClick={() => move('Module', m.id, 'down')} data-testid={`module-down-${m.id}`}>
                  <Icon icon="ArrowDown" />
                </Button>
                <Text fontWeight="bold">
                  {i + 1}. <Link to={h.showUrl('Module', String(m.id))}>{m.title}</Link>
                </Text>
              </Box>
              <Box flex flexDirection="row" style={{ gap: 8 }}>
                <Button as={Link} to={h.resourceActionUrl({ resourceId: 'Content', actionName: 'new', search: `?module=${m.id}&kind=TEXT` })} size="sm" variant="outlined" data-testid={`tree-add-content-${m.id}`}>
                  <Icon icon="Plus" /> {tc('CourseTree.addContent')}
                </Button>
                <Button as={Link} to={h.recordActionUrl({ resourceId: 'Module', recordId: String(m.id), actionName: 'preview' })} size="sm" variant="outlined" data-testid={`tree-preview-${m.id}`}>
                  <Icon icon="Smartphone" /> {ta('preview', 'Module')}
                </Button>
                <Button as={Link} to={h.editUrl('Module', String(m.id))} size="sm" variant="text">
                  <Icon icon="Edit" /> {tc('Common.edit')}
                </Button>
              </Box>
            </Box>
            {m.description ? <Text color="grey60" mt="sm">{m.description}</Text> : null}
            <ul style={{ listStyle: 'none', paddingLeft: 40, marginTop: 8 }}>
              {(m.contents ?? []).map((c: any, j: number) => (
                <li key={c.id} data-testid={`tree-content-${c.id}`} style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '2px 0' }}>
                  <Button size="icon" variant="text" type="button" title={ta('moveUp')} disabled={busy || j === 0} onClick={() => move('Content', c.id, 'up')} data-testid={`content-up-${c.id}`}>
                    <Icon icon="ArrowUp" />
                  </Button>
                  <Button size="icon" variant="text" type="button" title={ta('moveDown')} disabled={busy || j === m.contents.length - 1} onClick={() => move('Content', c.id, 'down')} data-testid={`content-down-${c.id}`}>
                    <Icon icon="ArrowDown" />
                  </Button>
                  <Badge size="sm" variant="info" outline>
                    {tl(`kind.${c.kind}`, 'Content', { defaultValue: c.kind })}
                  </Badge>
                  <Link to={h.editUrl('Content', String(c.id))}>{c.title}</Link>
                </li>
              ))}
              {(m.contents ?? []).length === 0 ? (
                <li>
                  <Text variant="sm" color="grey60">
                    {tc('CourseTree.noContents')}
                  </Text>
                </li>
              ) : null}
            </ul>
          </li>
        ))}
      </ol>
    </Box>
  )
}

export default CourseTree
