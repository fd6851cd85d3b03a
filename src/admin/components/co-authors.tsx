// Co-authors of a course: other authors who may edit it. The owner or an admin
// changes the list (domain.authoring.setCoAuthors).
import React, { useEffect, useState } from 'react'
import { Box, Button, FormGroup, FormMessage, H3, Label, Text, TextArea } from '@adminjs/design-system'
import { ApiClient, useNotice, useTranslation } from 'adminjs'

const api = new ApiClient()

const CoAuthors = (props: any) => {
  const { record } = props
  const addNotice = useNotice()
  const { tc } = useTranslation()
  const [data, setData] = useState<any>(null)
  const [emails, setEmails] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const show = (d: any) => {
    setData(d)
    // (emails only for who may change the list; the others see names)
    setEmails((d?.coAuthors ?? []).map((c: any) => c.email ?? c.name).join('\n'))
  }
  useEffect(() => {
    api.recordAction({ resourceId: 'Course', recordId: record.id, actionName: 'coAuthors' }).then((res: any) => show(res.data.coAuthors))
  }, [record.id])

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    setSaving(true)
    try {
      const res = await api.recordAction({ resourceId: 'Course', recordId: record.id, actionName: 'coAuthors', data: { emails } })
      if (res.data.notice) addNotice(res.data.notice)
      setError(res.data.record?.errors?.emails?.message ?? (res.data.notice?.type === 'error' ? res.data.notice.message : null))
      if (res.data.coAuthors) show(res.data.coAuthors)
    } finally {
      setSaving(false)
    }
  }

  if (!data) return <Text>{tc('Common.loading')}</Text>
  return (
    <Box variant="container" as="form" onSubmit={save}>
      <H3 mb="sm">{tc('CoAuthors.heading', { title: record.title })}</H3>
      <Text color="grey60" mb="lg">
        {tc('CoAuthors.explain', { owner: data.owner })}
      </Text>
      <FormGroup error={Boolean(error)}>
        <Label htmlFor="emails">{tc('CoAuthors.emails')}</Label>
        <TextArea id="emails" rows={5} width="100%" value={emails} disabled={!data.canChange} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setEmails(e.target.value)} />
        <FormMessage>{error}</FormMessage>
      </FormGroup>
      {data.canChange ? (
        <Button type="submit" variant="contained" disabled={saving}>
          {tc('CoAuthors.save')}
        </Button>
      ) : null}
    </Box>
  )
}

export default CoAuthors
