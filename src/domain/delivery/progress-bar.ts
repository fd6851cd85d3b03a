// Text progress bar shared by every platform: `▓▓▓▓▓░░░░░ 50%`.
export function progressBar(percent: number, cells = 10): string {
  const p = Math.max(0, Math.min(100, Math.round(percent)))
  const full = Math.round((p * cells) / 100)
  return `${'▓'.repeat(full)}${'░'.repeat(cells - full)} ${p}%`
}
