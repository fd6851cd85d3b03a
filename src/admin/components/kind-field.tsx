// A content field that belongs to some kinds only (video URL, quiz fields):
// shown in the form and on the show page only when the content is of that kind.
import React from 'react'
import { BasePropertyComponent } from 'adminjs'

export const currentKind = (record: any): string => record?.params?.kind || 'TEXT'

/** Whether the bots send the content as a media message, its text starting in the caption (as in src/admin/preview.ts). */
export const sentWithCaption = (record: any): boolean => {
  const kind = currentKind(record)
  return kind === 'IMAGE' || kind === 'FILE' || (kind === 'VIDEO' && Boolean(record?.params?.filePath))
}

const KindField = (props: any) => {
  const { property, record } = props
  const kinds: string[] | undefined = property.custom?.kinds
  if (kinds && !kinds.includes(currentKind(record))) return null
  return <BasePropertyComponent {...props} property={{ ...property, components: {} }} />
}

export default KindField
