import type { ServerResponse } from 'node:http'

/**
 * Headers on every dashboard response, 401s and 404s included. The CSP allows no script at all and
 * no inline style (charts carry presentation attributes instead, see charts.ts); frame-ancestors
 * 'none' and X-Frame-Options stop framing; no-referrer keeps links out of other sites' logs;
 * no-store keeps pages out of shared caches.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cache-Control': 'no-store',
}

export function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra })
  res.end(body)
}

/**
 * A stored file (佐证材料): its checked type, inline for pictures and PDF, a download for the rest;
 * `sandbox` in its CSP so even a document a browser would render can run nothing.
 */
export function sendFile(res: ServerResponse, type: string, name: string, bytes: Uint8Array): void {
  const inline = type.startsWith('image/') || type === 'application/pdf'
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': `sandbox; ${CONTENT_SECURITY_POLICY}`,
    'Cache-Control': 'private, no-store',
    'Content-Type': type,
    'Content-Length': bytes.byteLength,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
  })
  res.end(bytes)
}

/** A plain page for errors; `message` is fixed text, never user input. */
export function sendError(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status}</title></head><body><h1>${status}</h1><p>${message}</p></body></html>`
  send(res, status, 'text/html; charset=utf-8', body, extra)
}
