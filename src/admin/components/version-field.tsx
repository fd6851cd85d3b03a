// Hidden record version in Course/Module/Content edit forms: the domain
// refuses the save when this record (the course's settings, the module, the
// content) was changed since the form was loaded; changes to other records
// never refuse it.
import React from 'react'
import { Box, Button, MessageBox, Text } from '@adminjs/design-system'
import { LiveEditNotice } from './live'

const VersionField = (props: any) => (
  <>
    <LiveEditNotice resourceId={props.resource?.id} recordId={props.record?.id} />
    <VersionNote {...props} />
  </>
)

const WHAT: Record<string, string> = { Course: 'these course settings', Module: 'this module', Content: 'this content' }

const VersionNote = (props: any) => {
  const { record, resource } = props
  const version = record?.params?.expectedVersion
  const error = record?.errors?.expectedVersion
  if (!version && !error) return null
  return (
    <Box mb="xl" data-testid="version-field">
      <input type="hidden" name="expectedVersion" value={version ?? ''} readOnly />
      {error ? (
        <MessageBox variant="danger" message={error.message} data-testid="stale-edit">
          <Button type="button" variant="outlined" size="sm" mt="default" onClick={() => window.location.reload()}>
            Reload the latest version
          </Button>
        </MessageBox>
      ) : (
        <Text variant="sm" color="grey60">
          Editing version {version} of {WHAT[resource?.id] ?? 'this record'}. If someone else saves a change to it first, you will be asked to reload.
        </Text>
      )}
    </Box>
  )
}

export default VersionField
