// The file of an image, file or video content: the current one (if any) and a
// picker for a new one. Limits come from the server (the domain's rules) and
// are checked again there.
import React, { useState } from 'react'
import { Box, FormGroup, FormMessage, Label, Text } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import { currentKind } from './kind-field'

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`

const UploadEdit = (props: any) => {
  const { property, record, onChange } = props
  const { tc } = useTranslation()
  const kind = currentKind(record)
  const [localError, setLocalError] = useState<string | null>(null)
  const kinds: string[] = property.custom?.kinds ?? []
  if (!kinds.includes(kind)) return null
  const hint = property.custom?.hints?.[kind] ?? { maxMb: 50, accept: '' }
  const params = record?.params ?? {}
  const chosen = params[property.path]
  const error = localError ?? record?.errors?.[property.path]?.message
  const current = record?.id && params.filePath ? { name: params.fileName, size: Number(params.fileSize ?? 0), mime: params.mimeType } : null
  const url = current ? `${property.custom?.fileUrl}${record.id}` : null

  const pick = (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    setLocalError(null)
    if (!file) return onChange(property.path, null)
    if (file.size > hint.maxMb * 1024 * 1024) {
      setLocalError(tc('UploadEdit.tooLarge', { size: formatBytes(file.size), max: hint.maxMb }))
      e.target.value = ''
      return onChange(property.path, null)
    }
    onChange(property.path, file)
  }

  return (
    <FormGroup error={Boolean(error)} data-testid="upload-field">
      <Label htmlFor="upload" required={kind !== 'VIDEO'}>
        {tc(kind === 'IMAGE' ? 'UploadEdit.image' : kind === 'VIDEO' ? 'UploadEdit.video' : 'UploadEdit.file')}
      </Label>
      {current && url ? (
        <Box mb="default" flex flexDirection="row" alignItems="center" style={{ gap: 12 }}>
          {String(current.mime).startsWith('image/') ? <img src={url} alt="" style={{ maxHeight: 80, maxWidth: 160, borderRadius: 4 }} /> : null}
          <Text>
            {tc('UploadEdit.current')} <a href={url} target="_blank" rel="noreferrer">{current.name}</a> ({formatBytes(current.size)}). {tc('UploadEdit.replace')}
          </Text>
        </Box>
      ) : null}
      <input id="upload" name="upload" type="file" accept={hint.accept || undefined} onChange={pick} data-testid="upload-input" />
      {chosen && typeof chosen === 'object' && 'name' in chosen ? (
        <Text variant="sm" mt="sm">
          {tc('UploadEdit.selected', { name: chosen.name, size: formatBytes(chosen.size) })}
        </Text>
      ) : null}
      <Text variant="xs" color="grey60" mt="sm">
        {tc(`UploadEdit.limits${kind}`, { max: hint.maxMb })}
      </Text>
      <FormMessage>{error}</FormMessage>
    </FormGroup>
  )
}

export default UploadEdit
