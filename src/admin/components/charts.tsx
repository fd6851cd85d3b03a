// Small SVG charts for the dashboard (no chart library, nothing from a CDN):
// a funnel, horizontal percentage bars and a donut with a legend.
import React from 'react'

const FONT = 'Roboto, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

export interface FunnelStep {
  label: string
  count: number
}

/** Each step's width is its share of the first (largest) step. */
export const FunnelChart = ({ steps, testId }: { steps: FunnelStep[]; testId?: string }) => {
  const width = 640
  const row = 46
  const labelW = 190
  const chartW = width - labelW - 120
  const top = Math.max(1, steps[0]?.count ?? 0, ...steps.map((s) => s.count))
  const w = (n: number) => Math.max(6, (n / top) * chartW)
  const cx = labelW + chartW / 2
  const height = steps.length * row + 8
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label="Completion funnel" data-testid={testId} style={{ fontFamily: FONT, maxWidth: width }}>
      {steps.map((s, i) => {
        const y = i * row + 4
        const a = w(s.count)
        // narrows only where students drop out (the last step keeps its width)
        const b = i + 1 < steps.length ? w(steps[i + 1]!.count) : a
        const shade = Math.round(70 + (i / Math.max(1, steps.length - 1)) * 110)
        const pct = steps[0]?.count ? Math.round((s.count * 100) / steps[0].count) : 0
        return (
          <g key={i} data-testid="funnel-step">
            <text x={labelW - 10} y={y + row / 2} textAnchor="end" dominantBaseline="middle" fontSize="13" fill="#374151">
              {clip(s.label, 26)}
            </text>
            <polygon
              points={`${cx - a / 2},${y} ${cx + a / 2},${y} ${cx + b / 2},${y + row - 6} ${cx - b / 2},${y + row - 6}`}
              fill={`rgb(${shade - 40}, ${shade}, 235)`}
            />
            <text x={labelW + chartW + 12} y={y + row / 2} dominantBaseline="middle" fontSize="13" fill="#111827" fontWeight="600">
              {s.count} <tspan fill="#6B7280" fontWeight="400">({pct}%)</tspan>
            </text>
          </g>
        )
      })}
    </svg>
  )
}

export interface Bar {
  label: string
  /** 0..100, or null when there is no data. */
  value: number | null
  note?: string
}

/** `noValue`: what a bar without a value says (e.g. "no answers"). */
export const PercentBars = ({ bars, testId, noValue = '–' }: { bars: Bar[]; testId?: string; noValue?: string }) => {
  const width = 640
  const row = 34
  const labelW = 210
  const chartW = width - labelW - 150
  const height = bars.length * row + 8
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label="Quiz scores" data-testid={testId} style={{ fontFamily: FONT, maxWidth: width }}>
      {bars.map((bar, i) => {
        const y = i * row + 4
        const v = bar.value ?? 0
        const color = bar.value === null ? '#D1D5DB' : v >= 75 ? '#10B981' : v >= 50 ? '#F59E0B' : '#EF4444'
        return (
          <g key={i} data-testid="quiz-bar">
            <text x={labelW - 10} y={y + row / 2 - 2} textAnchor="end" dominantBaseline="middle" fontSize="13" fill="#374151">
              {clip(bar.label, 28)}
            </text>
            <rect x={labelW} y={y + 4} width={chartW} height={row - 14} rx="4" fill="#F3F4F6" />
            <rect x={labelW} y={y + 4} width={(v / 100) * chartW} height={row - 14} rx="4" fill={color} />
            <text x={labelW + chartW + 10} y={y + row / 2 - 2} dominantBaseline="middle" fontSize="13" fill="#111827">
              {bar.value === null ? noValue : `${bar.value}%`}
              {bar.note ? <tspan fill="#6B7280"> {bar.note}</tspan> : null}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

export interface Slice {
  label: string
  value: number
  color: string
}

export const DonutChart = ({ slices, testId, centerLabel }: { slices: Slice[]; testId?: string; centerLabel?: string }) => {
  const total = slices.reduce((a, s) => a + s.value, 0)
  const r = 70
  const cx = 90
  const cy = 90
  let angle = -Math.PI / 2
  const arcs = slices
    .filter((s) => s.value > 0)
    .map((s) => {
      const sweep = (s.value / total) * Math.PI * 2
      const start = angle
      angle += sweep
      if (sweep >= Math.PI * 2 - 1e-6) return { s, d: null }
      const large = sweep > Math.PI ? 1 : 0
      const x1 = cx + r * Math.cos(start)
      const y1 = cy + r * Math.sin(start)
      const x2 = cx + r * Math.cos(angle)
      const y2 = cy + r * Math.sin(angle)
      return { s, d: `M ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2} ${y2}` }
    })
  return (
    <svg viewBox="0 0 420 180" width="100%" role="img" aria-label="Platform split" data-testid={testId} style={{ fontFamily: FONT, maxWidth: 420 }}>
      {total === 0 ? <circle cx={cx} cy={cy} r={r} fill="none" stroke="#E5E7EB" strokeWidth="26" /> : null}
      {arcs.map(({ s, d }, i) =>
        d === null ? (
          <circle key={i} cx={cx} cy={cy} r={r} fill="none" stroke={s.color} strokeWidth="26" data-testid="donut-slice" />
        ) : (
          <path key={i} d={d} fill="none" stroke={s.color} strokeWidth="26" data-testid="donut-slice" />
        ),
      )}
      <text x={cx} y={cy - 4} textAnchor="middle" fontSize="22" fontWeight="700" fill="#111827">
        {total}
      </text>
      <text x={cx} y={cy + 16} textAnchor="middle" fontSize="11" fill="#6B7280">
        {centerLabel ?? 'total'}
      </text>
      {slices.map((s, i) => (
        <g key={s.label} transform={`translate(200, ${30 + i * 30})`}>
          <rect width="14" height="14" rx="3" fill={s.color} />
          <text x="22" y="11" fontSize="13" fill="#374151">
            {s.label}: {s.value}
            {total ? ` (${Math.round((s.value * 100) / total)}%)` : ''}
          </text>
        </g>
      ))}
    </svg>
  )
}
