import type { IncomingFile } from '../../src/core/message.js'

/**
 * Small real files for 佐证材料 tests, built here: a 1×1 PNG, a one-page PDF, a Windows executable
 * header and plain text. file-type tells them apart by their bytes, as it would the real thing.
 */

export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
)

/** An executable: MZ, then the offset of the PE header, and the header itself. */
export const EXE = (() => {
  const bytes = Buffer.alloc(256)
  bytes.write('MZ', 0, 'latin1')
  bytes.writeUInt32LE(128, 0x3c)
  bytes.write('PE\0\0', 128, 'latin1')
  return bytes
})()

export const TEXT = Buffer.from('这是一段说明文字，没有格式。', 'utf8')

/** An IncomingFile over bytes, counting how often it was read (the core reads only when it may keep it). */
export function memoryFile(bytes: Buffer, name?: string, declaredSize?: number): IncomingFile & { reads: number } {
  const file = {
    reads: 0,
    ...(name ? { name } : {}),
    ...(declaredSize !== undefined ? { size: declaredSize } : {}),
    async read() {
      file.reads++
      return new Uint8Array(bytes)
    },
  }
  return file
}
