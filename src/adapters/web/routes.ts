import type { ListName } from './pages/list.js'

/**
 * The dashboard's routes, as data: a request path is matched against them exactly, and every path
 * the door sends a browser to (the redirect after a link is swapped for a cookie) is built back from
 * the matched route, never copied from the request. So `/.//other.example/`, `/%2e//…` or `/./\…`
 * (which URL parsing turns into `//other.example/`, a protocol-relative address) match nothing and
 * are refused, instead of becoming a Location that leaves the site.
 */

export type Route =
  | { kind: 'overview' }
  | { kind: 'stylesheet' }
  | { kind: 'task'; number: number }
  | { kind: 'section'; number: number }
  | { kind: 'unit'; name: string }
  /** The tasks in one state, the leaders' list, or what awaits a decision (pages/list.ts). */
  | { kind: 'list'; name: ListName }
  /** A stored 佐证材料 file, served to a signed-in leader only. */
  | { kind: 'evidence'; id: number }

/** Query parameters a page understands; the redirect keeps these and drops everything else. */
const PAGE_PARAMETERS = ['plan', 'asof'] as const

const PATTERN = /^\/(?:(task|section)\/(\d{1,6})|unit\/([^/]{1,300})|tasks\/(red|yellow|grey|green|alert|pending)|evidence\/(\d{1,12}))?$/

/** The route of a URL path (as `new URL` normalised it), or undefined when it is none of ours. */
export function matchRoute(pathname: string): Route | undefined {
  if (pathname === '/assets/dashboard.css') return { kind: 'stylesheet' }
  const found = pathname.match(PATTERN)
  if (!found) return undefined
  if (found[1] === 'task' || found[1] === 'section') return { kind: found[1], number: Number(found[2]) }
  if (found[4] !== undefined) return { kind: 'list', name: found[4] as ListName }
  if (found[5] !== undefined) return { kind: 'evidence', id: Number(found[5]) }
  if (found[3] === undefined) return { kind: 'overview' }
  try {
    return { kind: 'unit', name: decodeURIComponent(found[3]) }
  } catch {
    return undefined
  }
}

/** The site-relative path of a route: always one leading slash followed by a fixed segment. */
export function routePath(route: Route): string {
  switch (route.kind) {
    case 'overview':
      return '/'
    case 'stylesheet':
      return '/assets/dashboard.css'
    case 'task':
    case 'section':
      return `/${route.kind}/${route.number}`
    case 'unit':
      return `/unit/${encodeURIComponent(route.name)}`
    case 'list':
      return `/tasks/${route.name}`
    case 'evidence':
      return `/evidence/${route.id}`
  }
}

/** Where to send the browser after the token swap: the route's own path and the page parameters it had. */
export function redirectTarget(route: Route, query: URLSearchParams): string {
  const kept = new URLSearchParams()
  for (const name of PAGE_PARAMETERS) {
    const value = query.get(name)
    if (value !== null) kept.set(name, value)
  }
  const search = kept.toString()
  return `${routePath(route)}${search ? `?${search}` : ''}`
}
