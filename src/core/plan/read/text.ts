import type { ParagraphBlock, ReadPlan } from './blocks.js'
import { PlanReadError } from './errors.js'

/**
 * Decodes a plain-text plan: UTF-16 when it starts with a UTF-16 BOM; UTF-8 (with or without BOM)
 * when the bytes decode strictly as UTF-8; otherwise GB18030 (a superset of GBK and GB2312, what
 * Chinese Windows saves as 「ANSI」). Node's TextDecoder knows 'gb18030' through its full ICU, so no
 * extra library is needed.
 */

export interface DecodedText {
  text: string
  encoding: 'UTF-8' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE'
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

/**
 * A decoded text that is not text: binary bytes (a scan, an image, a zip saved as .txt) decode as
 * GB18030 without error but give replacement and control characters. 1% of them or more means the
 * file is no plan written as text, whatever its name says (Word's \v and \f are allowed).
 */
export function assertText(text: string, file: string): void {
  let bad = 0
  for (const ch of text) if (ch === '\uFFFD' || /[\u0000-\u0008\u000E-\u001F\u007F]/.test(ch)) bad++
  if (bad > 0 && bad >= text.length / 100)
    throw new PlanReadError(
      file,
      '文件内容不是文字（可能是图片、扫描件或损坏的文件，只是扩展名为文本）',
      '请提供 Word、Excel 或文本格式的工作要点原件',
    )
}

export function decodeText(bytes: Uint8Array): DecodedText {
  // Notepad's 「Unicode」: UTF-16 with its BOM, which never decodes as UTF-8.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16LE' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16BE' }
  const hasBom = UTF8_BOM.every((b, i) => bytes[i] === b)
  const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes
  try {
    // ignoreBOM: the BOM is already cut off above, and a second one would be real text.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'UTF-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' }
  }
}

/** Splits text into lines on \n, \r\n or a lone \r, keeping every line (so index + 1 is the true line number). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/)
}

/**
 * Trims a text line of surrounding blanks (spaces, U+3000 indents, \r) but keeps tabs: in a
 * tab-separated row a leading or trailing tab is an empty cell (a merged cell left empty), and
 * cutting it would shift every column. A line of nothing but tabs and blanks is empty.
 */
export function trimLine(line: string): string {
  const trimmed = trimBlanks(line)
  return /^\s*$/.test(trimmed) ? '' : trimmed
}

/** Cuts blanks other than tabs at either end. */
export function trimBlanks(text: string): string {
  return text.replace(/^[^\S\t]+|[^\S\t]+$/g, '')
}

/**
 * A .txt or .md plan: every non-empty line is one paragraph, numbered by its true 1-based line.
 * Tab-separated lines stay whole, tabs at either end included (empty cells): the recogniser decides
 * whether they are table rows.
 */
export function readTxt(bytes: Uint8Array, file: string): ReadPlan {
  const { text, encoding } = decodeText(bytes)
  assertText(text, file)
  const blocks: ParagraphBlock[] = []
  splitLines(text).forEach((raw, index) => {
    const line = trimLine(raw)
    if (line) blocks.push({ kind: 'paragraph', text: line, where: { file, line: index + 1 } })
  })
  return { file, format: 'txt', encoding, blocks, notes: [] }
}
