import type { ParagraphBlock, ReadPlan } from './blocks.js'
import { decodeText, splitLines, trimLine } from './text-decode.js'

/**
 * A .txt or .md plan: every non-empty line is one paragraph, numbered by its true 1-based line.
 * Tab-separated lines stay whole, tabs at either end included (empty cells): the recogniser decides
 * whether they are table rows.
 */
export function readTxt(bytes: Uint8Array, file: string): ReadPlan {
  const { text, encoding } = decodeText(bytes)
  const blocks: ParagraphBlock[] = []
  splitLines(text).forEach((raw, index) => {
    const line = trimLine(raw)
    if (line) blocks.push({ kind: 'paragraph', text: line, where: { file, line: index + 1 } })
  })
  return { file, format: 'txt', encoding, blocks, notes: [] }
}
