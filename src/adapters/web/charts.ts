import * as echarts from 'echarts'
import type { Light } from '../../core/summary/status.js'
import { LIGHT_COLOUR, LIGHT_NAME, LIGHTS } from '../../core/summary/wording.js'

/**
 * Charts as SVG strings, rendered on the server by Apache ECharts (`ssr: true` with the SVG
 * renderer needs no DOM and no browser). The page carries the SVG inline, so it works with no
 * client script, prints crisply and scales to a phone. One bar per data point that has a value;
 * a missing value ('-') draws no bar. ECharts writes `style` attributes and a `<style>` block for
 * hover effects; `forStrictCsp` turns the former into presentation attributes and drops the latter,
 * so the page's CSP can forbid inline styles as well as scripts.
 */

export const CHART_FONT = 'Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif'
const ROW_HEIGHT = 26

/**
 * Every chart is drawn twice: wide for a desktop, narrow for a phone (labels cut shorter), and the
 * stylesheet shows the one that fits, so a phone never scrolls sideways and never shrinks the text.
 */
export interface ChartSize {
  width: number
  /** Pixels the category labels may take before they are cut with an ellipsis. */
  label: number
}
export const WIDE: ChartSize = { width: 720, label: 220 }
export const NARROW: ChartSize = { width: 340, label: 96 }

/**
 * Rendered charts by their option: a chart costs 10–50 ms to lay out, and the same numbers are
 * asked for again and again (leaders reload, the data changes a few times a day). Bounded, oldest
 * dropped first; the key is the whole option, so new numbers always render afresh.
 */
const CACHE_SIZE = 200
const cache = new Map<string, string>()

/** Forgets rendered charts (benchmarks time uncached renders with it). */
export function clearChartCache(): void {
  cache.clear()
}

function renderSvg(option: echarts.EChartsCoreOption, height: number, width: number): string {
  const key = JSON.stringify([width, height, option])
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, fontSize: 12 }, ...option })
    const svg = forStrictCsp(chart.renderToSVGString())
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string)
    cache.set(key, svg)
    return svg
  } finally {
    chart.dispose()
  }
}

/** `style="a:b;c:d"` → `a="b" c="d"` (SVG presentation attributes); `<style>…</style>` removed. */
export function forStrictCsp(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_, decls: string) =>
      decls
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const at = d.indexOf(':')
          return at > 0 ? ` ${d.slice(0, at).trim()}="${d.slice(at + 1).trim()}"` : ''
        })
        .join(''),
    )
    .replace(/<svg /, '<svg role="img" ')
}

/** Horizontal stacked bars: one row per category, one segment per light with a non-zero count. */
export function lightBars(categories: string[], counts: Record<Light, number>[], size: ChartSize = WIDE): string {
  const height = 60 + categories.length * ROW_HEIGHT
  return renderSvg(
    {
      grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
      legend: { top: 0, data: LIGHTS.map((l) => LIGHT_NAME[l]) },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { width: size.label, overflow: 'truncate' } },
      series: LIGHTS.map((l) => ({
        name: LIGHT_NAME[l],
        type: 'bar',
        stack: 'lights',
        itemStyle: { color: LIGHT_COLOUR[l] },
        label: { show: true, color: '#fff' },
        data: counts.map((c) => (c[l] > 0 ? c[l] : '-')),
      })),
    },
    height,
    size.width,
  )
}

/**
 * Attainment bars (percent of target) against the 序时进度 line, each in the colour of its own
 * target's state; values over 150% are drawn at 150 and labelled with their real figure. A null
 * value draws no bar.
 */
export function attainmentBars(
  labels: string[],
  values: (number | null)[],
  elapsed: number,
  lights: Light[],
  size: ChartSize = WIDE,
): string {
  const height = 70 + labels.length * ROW_HEIGHT
  return renderSvg(
    {
      grid: { left: 8, right: 48, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 150, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: size.label, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: values.map((v, i) =>
            v === null
              ? '-'
              : { value: Math.min(v, 150), itemStyle: { color: LIGHT_COLOUR[lights[i] ?? 'yellow'] }, label: { formatter: `${v}%` } },
          ),
          label: { show: true, position: 'right' },
          markLine: {
            symbol: 'none',
            silent: true,
            label: { formatter: `序时进度 ${elapsed}%`, position: 'insideEndTop' },
            lineStyle: { color: '#1f4e79', type: 'dashed', width: 2 },
            data: [{ xAxis: elapsed }],
          },
        },
      ],
    },
    height,
    size.width,
  )
}

/** Units' reporting this period: reported and not reported tasks per unit, stacked. */
export function reportingBars(units: string[], reported: number[], overdue: number[], size: ChartSize = WIDE): string {
  const height = 60 + units.length * ROW_HEIGHT
  return renderSvg(
    {
      grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
      legend: { top: 0, data: ['本期已报送', '本期未报送'] },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: units, inverse: true, axisLabel: { width: size.label, overflow: 'truncate' } },
      series: [
        {
          name: '本期已报送',
          type: 'bar',
          stack: 'u',
          itemStyle: { color: LIGHT_COLOUR.green },
          data: reported.map((v) => (v > 0 ? v : '-')),
        },
        {
          name: '本期未报送',
          type: 'bar',
          stack: 'u',
          itemStyle: { color: LIGHT_COLOUR.grey },
          data: overdue.map((v) => (v > 0 ? v : '-')),
        },
      ],
    },
    height,
    size.width,
  )
}
