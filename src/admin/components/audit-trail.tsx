// A course's history: who changed what and when (AuditEntry rows).
import React, { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Box, H3, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers, useTranslation } from 'adminjs'
import { formatWhen } from './dates'

const api = new ApiClient()
const h = new ViewHelpers()


const AuditTrail = (props: any) => {
  const { record } = props
  const { tc } = useTranslation()
  const [entries, setEntries] = useState<any[] | null>(null)
  useEffect(() => {
    api.recordAction({ resourceId: 'Course', recordId: record.id, actionName: 'history' }).then((res: any) => setEntries(res.data.entries ?? []))
  }, [record.id])
  if (!entries) return <Text>{tc('Common.loading')}</Text>
  return (
    <Box variant="container" data-testid="audit-trail">
      <H3 mb="sm">{tc('AuditTrail.heading', { title: record.title })}</H3>
      <Text color="grey60" mb="lg">
        {tc('AuditTrail.latest')} <Link to={`${h.resourceUrl({ resourceId: 'AuditEntry' })}?filters.course=${record.id}`}>{tc('AuditTrail.openAll')}</Link>
      </Text>
      {entries.length === 0 ? (
        <Text>{tc('AuditTrail.empty')}</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>{tc('AuditTrail.when')}</TableCell>
              <TableCell>{tc('AuditTrail.who')}</TableCell>
              <TableCell>{tc('AuditTrail.what')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((e) => (
              <TableRow key={e.id} data-testid="audit-row">
                <TableCell style={{ whiteSpace: 'nowrap' }}>{formatWhen(e.at)}</TableCell>
                <TableCell title={e.actorEmail ?? ''}>{e.actor}</TableCell>
                <TableCell>{e.summary}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  )
}

export default AuditTrail
