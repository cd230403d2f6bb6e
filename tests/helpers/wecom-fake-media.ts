import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import type { FakeFileHost, HostOptions } from './fake-file-host.js'

/**
 * WeCom's media as a message callback carries it: `{url, aeskey}`, the bytes at the URL encrypted
 * for that one download with AES-256-CBC under a fresh 32-byte key (sent Base64), the IV its first
 * 16 bytes, PKCS#7-padded to a multiple of 32 bytes (what the SDK's decryptFile undoes).
 */
export function sealForWecom(bytes: Buffer): { sealed: Buffer; aeskey: string } {
  const key = randomBytes(32)
  const pad = 32 - (bytes.length % 32)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  const sealed = Buffer.concat([cipher.update(Buffer.concat([bytes, Buffer.alloc(pad, pad)])), cipher.final()])
  return { sealed, aeskey: key.toString('base64') }
}

/** Hosts `bytes` sealed as WeCom seals media; returns the callback's image/file field. */
export function wecomMedia(host: FakeFileHost, bytes: Buffer, options: HostOptions = {}): { url: string; aeskey: string } {
  const { sealed, aeskey } = sealForWecom(bytes)
  return { url: host.host(sealed, options), aeskey }
}

/**
 * WeCom's temporary-media upload as the fake carries it out, in the three frames the SDK sends over
 * the long connection (WSClient.uploadMedia): aibot_upload_media_init {type, filename, total_size,
 * total_chunks, md5} → {upload_id}; aibot_upload_media_chunk {upload_id, chunk_index, base64_data}
 * (each at most 512 KB before base64); aibot_upload_media_finish {upload_id} → {type, media_id,
 * created_at}, after the assembled bytes match the md5.
 */

type Answer = { errcode: number; errmsg: string; body?: Record<string, unknown> }

export class FakeMediaUploads {
  private readonly uploads = new Map<string, { filename: string; md5: string; chunks: Buffer[] }>()
  private readonly media = new Map<string, { name: string; bytes: Buffer }>()
  private seq = 0

  /** The file behind a media_id, once its upload finished. */
  get(mediaId: string): { name: string; bytes: Buffer } | undefined {
    return this.media.get(mediaId)
  }

  /** Carries out one upload frame; undefined when `cmd` is not one. */
  handle(cmd: string | undefined, body: Record<string, unknown>): Answer | undefined {
    const ok = { errcode: 0, errmsg: 'ok' }
    const upload = this.uploads.get(String(body.upload_id))
    switch (cmd) {
      case 'aibot_upload_media_init': {
        const id = `up-${++this.seq}`
        this.uploads.set(id, { filename: String(body.filename), md5: String(body.md5), chunks: [] })
        return { ...ok, body: { upload_id: id } }
      }
      case 'aibot_upload_media_chunk':
        if (!upload) return { errcode: 40009, errmsg: 'unknown upload_id' }
        upload.chunks[Number(body.chunk_index)] = Buffer.from(String(body.base64_data), 'base64')
        return ok
      case 'aibot_upload_media_finish': {
        if (!upload) return { errcode: 40009, errmsg: 'unknown upload_id' }
        const bytes = Buffer.concat(upload.chunks)
        if (createHash('md5').update(bytes).digest('hex') !== upload.md5) return { errcode: 40010, errmsg: 'md5 mismatch' }
        const mediaId = `media-${++this.seq}`
        this.media.set(mediaId, { name: upload.filename, bytes })
        return { ...ok, body: { type: 'file', media_id: mediaId, created_at: String(Date.now()) } }
      }
      default:
        return undefined
    }
  }
}
