// Page slicing for long lists shown as buttons.
export interface Page<T> {
  items: T[]
  /** 0-based page actually shown (clamped into range). */
  page: number
  pages: number
}

export function paginate<T>(all: readonly T[], page: number, perPage: number): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / perPage))
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1)
  return { items: all.slice(p * perPage, (p + 1) * perPage), page: p, pages }
}
