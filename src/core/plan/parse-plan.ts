import type { ParagraphBlock } from './read/blocks.js'
import { recognise } from './recognise/recognise.js'
import type { Plan } from './types.js'

/**
 * Parses a plan given as text (pure: text in, Plan out, no I/O): each non-empty line is a paragraph
 * block for the one recogniser (src/core/plan/recognise/). Files of any format are read by
 * `readPlanFile` (src/core/plan/read/) into blocks first; this is the shortcut for text in hand.
 */
export function parsePlan(text: string, file: string): Plan {
  const blocks: ParagraphBlock[] = []
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, k) => {
      const line = raw.replace(/^[ \u3000]+|[ \u3000\r]+$/g, '')
      if (line.trim()) blocks.push({ kind: 'paragraph', text: line, where: { file, line: k + 1 } })
    })
  return recognise(file, blocks)
}
