// Hidden record version in Course/Module/Content edit forms: the domain
// refuses the save when this record (the course's settings, the module, the
// content) was changed since the form was loaded; changes to other records
// never refuse it.
import React from 'react'
import { Box, Button, MessageBox, Text } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import { LiveEditNotice } from './live'

const VersionField = (props: any) => (
  <>
    <LiveEditNotice resourceId={props.resource?.id} recordId={props.record?.id} />
    <VersionNote {...props} />
  </>
)

const VersionNote = (props: any) => {
  const { record, resource } = props
  const { tc } = useTranslation()
  const version = record?.params?.expectedVersion
  const error = record?.errors?.expectedVersion
  if (!version && !error) return null
  return (
    <Box mb="xl" data-testid="version-field">
      <input type="hidden" name="expectedVersion" value={version ?? ''} readOnly />
      {error ? (
        <MessageBox variant="danger" message={error.message} data-testid="stale-edit">
          <Button type="button" variant="outlined" size="sm" mt="default" onClick={() => window.location.reload()}>
            {tc('Common.reloadLatest')}
          </Button>
        </MessageBox>
      ) : (
        <Text variant="sm" color="grey60">
          {tc('VersionField.editing', { version, what: tc(`VersionField.what.${resource?.id}`, { defaultValue: tc('VersionField.what.other') }) })}
        </Text>
      )}
    </Box>
  )
}

export default VersionField
