// An inline "are you sure?" of the community pages: the question (and any
// field it needs), the button that does it, and No.
import React from 'react'
import { Box, Button, Text } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'

export const AskFirst = (props: { question: string; yes: string; testId: string; busy?: boolean; onYes: () => unknown; onNo: () => unknown; children?: React.ReactNode }) => {
  const { tc } = useTranslation()
  return (
    <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 8, alignItems: 'center' }}>
      <Text as="span">{props.question}</Text>
      {props.children}
      <Button type="button" size="sm" variant="danger" disabled={props.busy} onClick={() => void props.onYes()} data-testid={props.testId}>
        {props.yes}
      </Button>
      <Button type="button" size="sm" variant="text" onClick={() => void props.onNo()}>
        {tc('Community.no')}
      </Button>
    </Box>
  )
}
