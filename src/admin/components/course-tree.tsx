// "Course tree": a course's modules and their contents in order, reordered by
// drag-and-drop (the Course/Module `reorder` actions, a POST of the new order
// and the order this page showed) or the ↑↓ buttons (moveUp/moveDown, for
// keyboards), both through domain.authoring.reorderModules / reorderContents;
// links to add, edit and preview, and the status.
import React, { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Badge, Box, Button, H3, Icon, MessageBox, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers, useNotice, useTranslation } from 'adminjs'
import { PresenceBar, describeChange, useLive } from './live'

const api = new ApiClient()
const h = new ViewHelpers()

type Dragged = { kind: 'Module' | 'Content'; id: number; parentId: number }

/** `ids` with `id` taken out and put where `target` was. */
function dropped(ids: number[], id: number, target: number): number[] {
  const rest = ids.filter((x) => x !== id)
  rest.splice(ids.indexOf(target), 0, id)
  return rest
}

const dragHandle = { cursor: 'grab', color: '#9CA3AF', userSelect: 'none' as const, padding: '0 4px' }

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
        data: { confirmed: 'yes' },
      })
      if (res.data.notice) addNotice(res.data.notice)
    } finally {
      await load()
      setBusy(false)
    }
  }

  // drag-and-drop: what is being dragged, and the item it is over
  const [dragged, setDragged] = useState<Dragged | null>(null)
  const [over, setOver] = useState<number | null>(null)
  const dragProps = (item: Dragged, siblings: number[]) => ({
    draggable: !busy,
    onDragStart: (e: React.DragEvent) => {
      e.stopPropagation()
      e.dataTransfer.effectAllowed = 'move'
      e.dataTransfer.setData('text/plain', `${item.kind}:${item.id}`)
      setDragged(item)
    },
    onDragOver: (e: React.DragEvent) => {
      if (!dragged || dragged.kind !== item.kind || dragged.parentId !== item.parentId) return
      e.preventDefault()
      e.stopPropagation()
      e.dataTransfer.dropEffect = 'move'
      setOver(item.id)
    },
    onDrop: (e: React.DragEvent) => {
      if (!dragged || dragged.kind !== item.kind || dragged.parentId !== item.parentId) return
      e.preventDefault()
      e.stopPropagation()
      setDragged(null)
      setOver(null)
      if (dragged.id !== item.id) void reorder(item.kind, item.parentId, siblings, dropped(siblings, dragged.id, item.id))
    },
    onDragEnd: () => {
      setDragged(null)
      setOver(null)
    },
    'data-drop-target': over === item.id && dragged?.id !== item.id ? 'yes' : undefined,
  })

  const reorder = async (kind: Dragged['kind'], parentId: number, shown: number[], order: number[]) => {
    setBusy(true)
    try {
      // the Course's reorder orders its modules, the Module's its contents
      const res = await api.recordAction({
        resourceId: kind === 'Module' ? 'Course' : 'Module',
        recordId: String(parentId),
        actionName: 'reorder',
        data: { order: order.join(','), shown: shown.join(',') },
      })
      if (res.data.notice) addNotice(res.data.notice)
    } catch {
      addNotice({ message: tc('CourseTree.orderFailed'), type: 'error' })
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
  const moduleIds = modules.map((m) => m.id as number)
  const dropOutline = (id: number) => (over === id && dragged?.id !== id ? { outline: '2px dashed #4268F6', outlineOffset: 2 } : {})
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

      {modules.length > 1 ? (
        <Text variant="sm" color="grey60" mb="default">
          {tc('CourseTree.dragHint')}
        </Text>
      ) : null}
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="tree-modules">
        {modules.map((m, i) => (
          <li
            key={m.id}
            data-testid={`tree-module-${m.id}`}
            data-module-title={m.title}
            {...dragProps({ kind: 'Module', id: m.id, parentId: tree.id }, moduleIds)}
            style={{ border: '1px solid #E5E7EB', borderRadius: 8, padding: 12, marginBottom: 12, background: '#fff', ...dropOutline(m.id) }}
          >
            <Box flex flexDirection="row" alignItems="center" justifyContent="space-between" flexWrap="wrap" style={{ gap: 8 }}>
              <Box flex flexDirection="row" alignItems="center" style={{ gap: 8 }}>
                <span aria-hidden="true" title={tc('CourseTree.drag')} style={dragHandle} data-testid={`module-handle-${m.id}`}>
                  ⠿
                </span>
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
                <li
                  key={c.id}
                  data-testid={`tree-content-${c.id}`}
                  data-content-title={c.title}
                  {...dragProps({ kind: 'Content', id: c.id, parentId: m.id }, (m.contents as any[]).map((x) => x.id as number))}
                  style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '2px 0', ...dropOutline(c.id) }}
                >
                  <span aria-hidden="true" title={tc('CourseTree.drag')} style={dragHandle} data-testid={`content-handle-${c.id}`}>
                    ⠿
                  </span>
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
