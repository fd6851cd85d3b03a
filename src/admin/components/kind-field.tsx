// A content field that belongs to some kinds only (video URL, quiz fields):
// shown in the form and on the show page only when the content is of that kind.
import React from 'react'
import { BasePropertyComponent } from 'adminjs'

export const currentKind = (record: any): string => record?.params?.kind || 'TEXT'

const KindField = (props: any) => {
  const { property, record } = props
  const kinds: string[] | undefined = property.custom?.kinds
  if (kinds && !kinds.includes(currentKind(record))) return null
  return <BasePropertyComponent {...props} property={{ ...property, components: {} }} />
}

export default KindField
