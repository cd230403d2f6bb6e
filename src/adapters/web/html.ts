import escapeHtml from 'escape-html'

/**
 * HTML built by a tagged template that escapes every interpolated value (escape-html, the escaper
 * behind Express) unless it is already `SafeHtml`. Text from the plan or from users can therefore
 * only ever be text: `<script>` in an update is shown as `&lt;script&gt;`.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[]

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof SafeHtml) return part.value
  if (Array.isArray(part)) return part.map(render).join('')
  return escapeHtml(String(part))
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}

/** Markup made elsewhere and known to be safe (our own SVG charts). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

/** A path inside the dashboard with the page's query (as-of date) carried along. */
export function href(path: string, query: string): string {
  return query ? `${path}?${query}` : path
}

export function unitPath(unit: string): string {
  return `/unit/${encodeURIComponent(unit)}`
}
