// The Discord role of a course: its students get a role in a Discord server
// (domain.courseRoles). The course's authors bind it by server and role id, or
// unbind it; the same as the bot's /bind command.
import React, { useEffect, useState } from 'react'
import { Box, Button, FormGroup, FormMessage, H3, Input, Label, Text } from '@adminjs/design-system'
import { ApiClient, useNotice, useTranslation } from 'adminjs'

const api = new ApiClient()

const CourseRoles = (props: any) => {
  const { record } = props
  const addNotice = useNotice()
  const { tc } = useTranslation()
  const [bindings, setBindings] = useState<any[] | null>(null)
  const [guildId, setGuildId] = useState('')
  const [roleId, setRoleId] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

  const call = (data?: Record<string, string>) => api.recordAction({ resourceId: 'Course', recordId: record.id, actionName: 'discordRole', ...(data ? { data } : {}) })
  useEffect(() => {
    call().then((res: any) => setBindings(res.data.bindings ?? []))
  }, [record.id])

  const send = async (data: Record<string, string>) => {
    setSaving(true)
    try {
      const res: any = await call(data).catch((e: any) => e.response)
      const body = res?.data ?? {}
      if (body.notice) addNotice(body.notice)
      const errs = body.record?.errors ?? {}
      setErrors({ guildId: errs.guildId?.message, roleId: errs.roleId?.message })
      if (body.bindings) setBindings(body.bindings)
    } finally {
      setSaving(false)
    }
  }

  if (!bindings) return <Text>{tc('Common.loading')}</Text>
  return (
    <Box variant="container">
      <H3 mb="sm">{tc('CourseRoles.heading', { title: record.title })}</H3>
      <Text color="grey60" mb="lg">
        {tc('CourseRoles.explain')}
      </Text>
      {bindings.length === 0 ? <Text mb="lg">{tc('CourseRoles.none')}</Text> : null}
      {bindings.map((b) => (
        <Box key={b.guildId} flex flexDirection="row" alignItems="center" mb="md">
          <Text mr="lg">
            {tc('CourseRoles.binding', { guildId: b.guildId, roleId: b.roleId })}
          </Text>
          <Button type="button" size="sm" variant="outlined" disabled={saving} onClick={() => send({ guildId: b.guildId, unbind: '1' })}>
            {tc('CourseRoles.unbind')}
          </Button>
        </Box>
      ))}
      <Box
        as="form"
        mt="lg"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault()
          send({ guildId, roleId })
        }}
      >
        <FormGroup error={Boolean(errors.guildId)}>
          <Label htmlFor="guildId">{tc('CourseRoles.guildId')}</Label>
          <Input id="guildId" width="100%" value={guildId} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setGuildId(e.target.value)} />
          <FormMessage>{errors.guildId}</FormMessage>
        </FormGroup>
        <FormGroup error={Boolean(errors.roleId)}>
          <Label htmlFor="roleId">{tc('CourseRoles.roleId')}</Label>
          <Input id="roleId" width="100%" value={roleId} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setRoleId(e.target.value)} />
          <FormMessage>{errors.roleId}</FormMessage>
        </FormGroup>
        <Button type="submit" variant="contained" disabled={saving}>
          {tc('CourseRoles.bind')}
        </Button>
      </Box>
    </Box>
  )
}

export default CourseRoles
