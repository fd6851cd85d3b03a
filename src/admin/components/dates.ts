// One date format everywhere in the panel: 2026-11-29 19:58 (the viewer's local time).
const pad = (n: number) => String(n).padStart(2, '0')

export function formatWhen(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
