/** Small numeric and table helpers for the benchmark output (plain text, fixed-width columns). */

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

export const median = (samples: number[]): number => percentile(samples, 50)

/** Milliseconds with sensible precision: 0.123, 12.3, 1234. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (value < 1) return value.toFixed(3)
  if (value < 100) return value.toFixed(1)
  return value.toFixed(0)
}

export function mb(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—'
  const m = bytes / 1024 / 1024
  if (m < 1) return `${(bytes / 1024).toFixed(0)} KB`
  return `${m.toFixed(m < 10 ? 1 : 0)} MB`
}

export function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—'
}

export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—'
}

/** Display width: CJK and other wide characters count as two columns. */
function width(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)))
  return right ? fill + s : s + fill
}

/** A plain-text table: first column left-aligned, the rest right-aligned. */
export function table(title: string, head: string[], rows: string[][]): string {
  const cols = head.length
  const widths = Array.from({ length: cols }, (_, c) => Math.max(width(head[c] ?? ''), ...rows.map((r) => width(r[c] ?? ''))))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c] ?? 0, c > 0))
      .join('  ')
      .trimEnd()
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2))
  return [`\n${title}`, line(head), rule, ...rows.map(line)].join('\n')
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  const out = fn()
  return [out, performance.now() - t0]
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const out = await fn()
  return [out, performance.now() - t0]
}

/** Seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
