// A course's or subject's link name (slug): proposed from the title as the
// author types it (Russian titles transliterated, by the domain's own rule),
// until the author edits it; editable at any time. Left empty, the server
// proposes it the same way.
import React, { useEffect, useRef } from 'react'
import { Button, FormGroup, FormMessage, Input, Label, Text } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import { slugFromTitle } from '../../domain/slug'

const SlugEdit = (props: any) => {
  const { property, record, onChange, resource } = props
  const { tp, tc } = useTranslation()
  const title: string = record?.params?.title ?? ''
  const slug: string = record?.params?.[property.path] ?? ''
  const error = record?.errors?.[property.path]
  // follows the title while it is empty or still what the title proposes (an existing record's own slug stays)
  const follows = useRef(!slug || slug === slugFromTitle(title))
  const proposed = slugFromTitle(title)
  // shown at once with the title (the record catches up right after)
  const shown = follows.current ? proposed : slug

  useEffect(() => {
    if (follows.current && slug !== proposed) onChange(property.path, proposed)
  }, [proposed, slug])

  const type = (value: string) => {
    follows.current = value === '' || value === proposed
    onChange(property.path, value)
  }

  return (
    <FormGroup error={Boolean(error)} data-testid="slug-field">
      <Label htmlFor={property.path}>{tp(property.path, resource?.id)}</Label>
      <Input id={property.path} name={property.path} width="100%" value={shown} onChange={(e: React.ChangeEvent<HTMLInputElement>) => type(e.target.value)} data-testid="slug-input" />
      <Text variant="xs" color="grey60" mt="sm">
        {tc(property.custom?.hint ?? 'SlugEdit.hint', { slug: shown || '…' })}{' '}
        {shown !== proposed && title.trim() ? (
          <Button type="button" size="sm" variant="text" onClick={() => type(proposed)} data-testid="slug-from-title">
            {tc('SlugEdit.fromTitle')}
          </Button>
        ) : null}
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default SlugEdit
