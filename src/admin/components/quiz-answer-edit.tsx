// The right answer of a quiz, picked from the options typed above.
import React from 'react'
import { FormGroup, FormMessage, Label } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import { currentKind } from './kind-field'

const QuizAnswerEdit = (props: any) => {
  const { property, record, onChange } = props
  const { tc, tp } = useTranslation()
  if (currentKind(record) !== 'QUIZ') return null
  const options: string[] = String(record?.params?.quizOptionsText ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const raw = record?.params?.[property.path]
  const value = raw === null || raw === undefined || raw === '' ? '' : String(raw)
  const error = record?.errors?.[property.path]
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path} required>
        {tp(property.path, property.resourceId)}
      </Label>
      <select
        id={property.path}
        name={property.path}
        value={value}
        onChange={(e) => onChange(property.path, e.target.value === '' ? null : e.target.value)}
        style={{ padding: '8px 12px', minWidth: 280, border: '1px solid #C0C0CA', borderRadius: 4, background: 'white' }}
      >
        <option value="">{tc(options.length ? 'QuizAnswerEdit.choose' : 'QuizAnswerEdit.typeFirst')}</option>
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {i + 1}. {o}
          </option>
        ))}
      </select>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default QuizAnswerEdit
