// A quiz's answer options, one per line.
import React from 'react'
import { FormGroup, FormMessage, Label, Text, TextArea } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import { currentKind } from './kind-field'

const QuizOptionsEdit = (props: any) => {
  const { property, record, onChange } = props
  const { tc, tp } = useTranslation()
  if (currentKind(record) !== 'QUIZ') return null
  const value: string = record?.params?.[property.path] ?? ''
  const error = record?.errors?.[property.path]
  const count = value.split('\n').filter((l: string) => l.trim()).length
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path} required>
        {tp(property.path, property.resourceId)}
      </Label>
      <TextArea
        id={property.path}
        name={property.path}
        rows={5}
        width="100%"
        value={value}
        onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(property.path, e.target.value)}
      />
      <Text variant="xs" color="grey60" mt="sm">
        {tc('QuizOptionsEdit.count', { count, max: property.custom?.max ?? 10 })}
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default QuizOptionsEdit
