// A content's stored file on its show page: the image itself, or a link.
import React from 'react'
import { isImageType } from '../../domain/uploads'
import { Box, Text } from '@adminjs/design-system'
import { PropertyLabel } from 'adminjs'
import { formatBytes } from './upload-edit'

const UploadShow = (props: any) => {
  const { property, record } = props
  const params = record?.params ?? {}
  if (!params.filePath) return null
  const url = `${property.custom?.fileUrl}${record.id}`
  const isImage = isImageType(params.mimeType)
  return (
    <Box mb="xl" data-testid="upload-show">
      <PropertyLabel property={property} />
      {isImage ? <img src={url} alt={params.fileName ?? ''} style={{ maxWidth: 360, maxHeight: 240, borderRadius: 6, display: 'block', marginBottom: 8 }} /> : null}
      <Text>
        <a href={url} target="_blank" rel="noreferrer">{params.fileName ?? 'file'}</a> · {params.mimeType} · {formatBytes(Number(params.fileSize ?? 0))}
      </Text>
    </Box>
  )
}

export default UploadShow
