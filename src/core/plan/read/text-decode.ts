/**
 * Decodes a plain-text plan: UTF-8 (with or without BOM) when the bytes decode strictly as UTF-8,
 * otherwise GB18030 (a superset of GBK and GB2312, what Chinese Windows saves as 「ANSI」).
 * Node's TextDecoder knows 'gb18030' through its full ICU, so no extra library is needed.
 */

export interface DecodedText {
  text: string
  /** 'UTF-8' or 'GB18030'. */
  encoding: 'UTF-8' | 'GB18030'
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

export function decodeText(bytes: Uint8Array): DecodedText {
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
