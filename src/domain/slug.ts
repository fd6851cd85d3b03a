// Link names (slugs) proposed from titles: Cyrillic transliterated to Latin
// (a simple scheme readable to Russian speakers: "Базы данных" -> "bazy-dannykh"),
// other letters stripped of their accents, everything else a dash. Shared by
// the domain (a course or subject saved without a slug) and the panel's slug
// field (the same proposal while the author types), so it imports nothing.

export const SLUG_MAX = 80

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '',
  э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
}

/** The slug a title proposes ('' when it has no letter or digit to keep). */
export function slugFromTitle(title: string): string {
  const latin = [...title.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('')
  const slug = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug.length <= SLUG_MAX) return slug
  // cut at a word boundary when there is one
  const cut = slug.slice(0, SLUG_MAX + 1)
  const lastDash = cut.lastIndexOf('-')
  return (lastDash > SLUG_MAX / 2 ? cut.slice(0, lastDash) : slug.slice(0, SLUG_MAX)).replace(/-+$/, '')
}

/** `base`, or `base-2`, `base-3`, ... : the first one `taken` says is free (within SLUG_MAX). */
export async function freeSlug(base: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base
  for (let n = 2; n < 1000; n++) {
    const suffix = `-${n}`
    const candidate = `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`
    if (!(await taken(candidate))) return candidate
  }
  return base // (the uniqueness check then says it is taken)
}
