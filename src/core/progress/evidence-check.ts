/**
 * What a 佐证材料 file may be: pictures, PDF and office documents, told by their own bytes (file-type
 * reads the magic numbers; the name and the sender's claimed type are never trusted), and not larger
 * than the limit (BOT_EVIDENCE_MAX_MB). Anything else is refused with a reason the sender can act on.
 */

/** Types kept, with the words the refusal uses. */
export const EVIDENCE_TYPES: Record<string, string> = {
  'image/jpeg': '图片',
  'image/png': '图片',
  'image/gif': '图片',
  'image/webp': '图片',
  'image/heic': '图片',
  'image/heif': '图片',
  'image/bmp': '图片',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPT 演示文稿',
  // .doc, .xls, .ppt, .wps and .et are all Compound File Binary containers.
  'application/x-cfb': 'Office 文档',
  'application/vnd.ms-outlook': 'Office 文档',
}

export const ALLOWED_KINDS = '图片、PDF 和 Office 文档（Word、Excel、PPT、WPS）'

export type EvidenceCheck = { ok: true; mime: string; ext: string } | { ok: false; reason: string }

export async function checkEvidence(bytes: Uint8Array, maxBytes: number): Promise<EvidenceCheck> {
  if (bytes.byteLength === 0) return { ok: false, reason: '文件是空的' }
  if (bytes.byteLength > maxBytes) return { ok: false, reason: `超过 ${Math.floor(maxBytes / 1024 / 1024)} MB 的大小限制` }
  // Loaded on first use, like the other readers of files: most runs never receive one.
  const { fileTypeFromBuffer } = await import('file-type')
  const type = await fileTypeFromBuffer(bytes)
  if (!type || !EVIDENCE_TYPES[type.mime])
    return { ok: false, reason: `类型${type ? `（${type.ext}）` : ''}不在可收范围，只收${ALLOWED_KINDS}` }
  return { ok: true, mime: type.mime, ext: type.ext }
}

/** A name to keep: the one sent (path parts and control characters removed), else 佐证材料.<ext>. */
export function evidenceName(sent: string | undefined, ext: string): string {
  const base = (sent ?? '')
    .split(/[\\/]/)
    .at(-1)
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 120)
  return base || `佐证材料.${ext}`
}
