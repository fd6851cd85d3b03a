// Calls of the per-course pages (announcements, chat room) to their record
// actions: GET for the page's data, POST (a change) with the answer's notice
// shown. A refusal (4xx) comes back with its notice as well, never thrown; a
// call that got no answer at all gets a notice in the author's language.
import { ApiClient, useTranslation } from 'adminjs'

const api = new ApiClient()

export interface PageAnswer {
  data: any
  notice: { type: 'success' | 'error' | 'info'; message: string } | null
  /** A field's error message (a refused form), by field. */
  errors: Record<string, string>
}

export type PageCall = (actionName: string, data?: Record<string, string | Blob>) => Promise<PageAnswer>

/** The calls of one course page (`resourceId`, the course `recordId`). */
export function usePageCall(resourceId: string, recordId: string | number): PageCall {
  const { tc } = useTranslation()
  return async (actionName, data) => {
    let form: FormData | undefined
    if (data) {
      form = new FormData()
      for (const [k, v] of Object.entries(data)) form.set(k, v)
    }
    let body: any
    try {
      body = (await api.recordAction({ resourceId, recordId: String(recordId), actionName, ...(form ? { data: form } : {}) } as any)).data
    } catch (err: any) {
      body = err?.response?.data ?? { notice: { type: 'error', message: tc('Community.callFailed') } }
    }
    const errors: Record<string, string> = {}
    for (const [k, v] of Object.entries(body?.record?.errors ?? {})) errors[k] = (v as { message: string }).message
    return { data: body ?? {}, notice: body?.notice ?? null, errors }
  }
}
