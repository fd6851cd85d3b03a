// Reading a request's cookies (express has no cookie parser here).
import type { Request } from 'express'

/** A cookie of the request, decoded; undefined when absent or malformed. */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    try {
      return decodeURIComponent(v.join('='))
    } catch {
      return undefined // a malformed cookie counts as none
    }
  }
  return undefined
}
