import { decryptFile } from '@wecom/aibot-node-sdk'
import type { Logger } from '../../core/log.js'
import type { IncomingFile } from '../../core/message.js'
import { downloadCapped, lazyFile } from '../chat/incoming-files.js'
import type { WecomMedia } from './read.js'

/**
 * A WeCom picture or file as the core's IncomingFile. WeCom's long connection gives each one a
 * download URL (valid five minutes, no credential needed) and its own `aeskey`: the bytes at the
 * URL are AES-256-CBC encrypted with that key (Base64; the IV is its first 16 bytes), PKCS#7-padded
 * to a multiple of 32 bytes. The SDK's `downloadFile` reads the whole body into memory first, so the
 * download is ours (stopped once past the cap) and the decryption is the SDK's own `decryptFile`.
 * A file's name comes only with the download (Content-Disposition); pictures have none.
 */

/** The padding encryption adds: the ciphertext of an allowed file is at most this much larger. */
const PADDING_BYTES = 32

export function wecomFiles(media: WecomMedia[], msgid: string, log: Logger): IncomingFile[] {
  return media.map((m, i) =>
    lazyFile(
      {
        fetch: async (maxBytes) => {
          const got = await downloadCapped(m.url, maxBytes + (m.aeskey ? PADDING_BYTES : 0), 'wecom: a media download')
          return { ...got, bytes: m.aeskey ? decryptFile(got.bytes, m.aeskey) : got.bytes }
        },
      },
      log,
      'wecom',
      `${msgid}#${i + 1}`,
    ),
  )
}
