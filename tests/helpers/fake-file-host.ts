/**
 * A file host on 127.0.0.1 standing in for the object storage behind WeCom's and DingTalk's
 * temporary download links (Tencent COS, Alibaba OSS): GET <url> answers the hosted bytes, in
 * chunks, with Content-Disposition naming the file, and Content-Length unless the file is `chunked`
 * (sent with chunked transfer encoding, so only the reader can stop it). A link may be made to
 * fail (an expired link answers 403, as the stores do) or to expire after `ttlMs`.
 *
 * Every download is recorded with how many bytes were written before the reader went away, so a
 * test can tell that an oversized file was not read to its end.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HostOptions {
  /** The name sent in Content-Disposition. */
  name?: string
  /** Answer this status (and no bytes) instead. */
  status?: number
  /** The link stops working this long after it was made. */
  ttlMs?: number
  /** Without Content-Length: the size is known only by reading. */
  chunked?: boolean
}

export interface Download {
  path: string
  status: number
  /** Bytes of body written before the response ended or the reader hung up. */
  written: number
  /** Whether the whole file was written. */
  complete: boolean
}

const CHUNK_BYTES = 64 * 1024

export class FakeFileHost {
  readonly downloads: Download[] = []
  private readonly files = new Map<string, { bytes: Buffer; options: HostOptions; expiresAt: number }>()
  private readonly server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const file = this.files.get(path)
    const download: Download = { path, status: 200, written: 0, complete: false }
    this.downloads.push(download)
    const status = !file ? 404 : Date.now() > file.expiresAt ? 403 : (file.options.status ?? 200)
    if (!file || status !== 200) {
      download.status = status
      res.writeHead(status, { 'content-type': 'application/xml' })
      res.end('<Error><Code>AccessDenied</Code></Error>')
      return
    }
    const { bytes, options } = file
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      ...(options.name ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(options.name)}` } : {}),
      ...(options.chunked ? {} : { 'content-length': String(bytes.length) }),
    })
    let closed = false
    res.on('close', () => {
      closed = true
    })
    const writeFrom = (offset: number): void => {
      while (offset < bytes.length && !closed) {
        const chunk = bytes.subarray(offset, offset + CHUNK_BYTES)
        offset += chunk.length
        download.written = offset
        if (!res.write(chunk)) {
          res.once('drain', () => writeFrom(offset))
          return
        }
      }
      if (closed) return
      download.complete = true
      res.end()
    }
    writeFrom(0)
  })
  private seq = 0

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return this
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Hosts `bytes` under a new link; returns its URL. */
  host(bytes: Buffer, options: HostOptions = {}): string {
    const path = `/obj/${++this.seq}-${Math.random().toString(36).slice(2, 10)}`
    this.files.set(path, { bytes, options, expiresAt: options.ttlMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.ttlMs })
    return `${this.base}${path}`
  }

  /** The downloads of one link. */
  downloadsOf(url: string): Download[] {
    const path = new URL(url).pathname
    return this.downloads.filter((d) => d.path === path)
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
