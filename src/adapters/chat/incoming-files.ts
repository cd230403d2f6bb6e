import type { Logger } from '../../core/log.js'
import { FileTooLargeError, type IncomingFile } from '../../core/message.js'

/**
 * What every door that downloads 佐证材料 over HTTP shares (Slack, WeCom, DingTalk): a response body
 * read only up to a cap, a name taken from Content-Disposition, and an IncomingFile whose failed
 * downloads are logged with the door's words while the core tells the sender, in Chinese, that the
 * file could not be fetched (core/answer/evidence.ts). Nothing is fetched until the core calls `read`.
 */

/**
 * The body of `res`, or FileTooLargeError as soon as more than `maxBytes` arrive (or Content-Length
 * already says so): the rest is never downloaded and a huge file is never held in memory whole.
 */
export async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel()
    throw new FileTooLargeError(maxBytes)
  }
  if (!res.body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = res.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new FileTooLargeError(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** The file name a download response gives (RFC 5987 `filename*=UTF-8''…` first, then `filename=`). */
export function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined
  const encoded = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header)?.[1]
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1]
  try {
    return (encoded ? decodeURIComponent(encoded) : plain?.trim()) || undefined
  } catch {
    return plain?.trim() || undefined
  }
}

/** Only http(s) is fetched, whatever a payload names (no file:, data: or other schemes). */
export function webUrl(where: string, what: string): URL {
  const url = new URL(where)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${what}: not an http(s) URL; not downloaded`)
  return url
}

const DOWNLOAD_TIMEOUT_MS = 120_000

/**
 * GETs an http(s) URL that needs no credential (WeCom's and DingTalk's temporary download links):
 * at most `maxBytes` of body (FileTooLargeError past it), and the name the response gives.
 */
export async function downloadCapped(where: string, maxBytes: number, what: string): Promise<{ bytes: Buffer; name?: string }> {
  const res = await fetch(webUrl(where, what), { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
  if (!res.ok) {
    await res.body?.cancel()
    throw new Error(`${what}: the download failed with HTTP ${res.status}`)
  }
  const bytes = await readCapped(res, maxBytes)
  const name = dispositionName(res.headers.get('content-disposition'))
  return { bytes, ...(name ? { name } : {}) }
}

export interface LazyFileSource {
  /** The name as the message gives it, if it does. */
  name?: string
  /** The size the platform declares, if it does. */
  size?: number
  /** Fetches at most `maxBytes` (FileTooLargeError past it); may return the name the download gave. */
  fetch(maxBytes: number): Promise<{ bytes: Uint8Array; name?: string }>
}

/**
 * An IncomingFile over a download. A name learnt only from the download (WeCom sends files without
 * one in the message) is filled in when `read` returns, before the core names what it keeps.
 */
export function lazyFile(source: LazyFileSource, log: Logger | undefined, label: string, ref: string): IncomingFile {
  const file: IncomingFile = {
    ...(source.name ? { name: source.name } : {}),
    ...(source.size !== undefined ? { size: source.size } : {}),
    read: async (maxBytes) => {
      try {
        const got = await source.fetch(maxBytes)
        if (!file.name && got.name) file.name = got.name
        return got.bytes
      } catch (error) {
        if (!(error instanceof FileTooLargeError)) log?.warn(`${label}: could not fetch a shared file`, { file: ref, error })
        throw error
      }
    },
  }
  return file
}
