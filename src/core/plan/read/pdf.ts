// pdfjs-dist (Mozilla's PDF.js, legacy build for Node): the maintained reference reader, giving
// each text item's position, which line and table-column grouping needs. Pinned to 5.6, the last
// line that runs on Node 20.
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Block, ReadPlan } from './blocks.js'
import { PlanReadError } from './errors.js'
import { DEFAULT_READ_LIMITS, overLimit, type ReadLimits } from './limits.js'
import type { Carry } from './pdf-bands.js'
import type { PdfLine, PositionedText } from './pdf-lines.js'
import { joinWrappedLines } from './pdf-paragraphs.js'
import { readRules } from './pdf-rules.js'
import { numberTables, pageLines } from './pdf-table.js'

/**
 * A .pdf plan with a text layer: tables found from ruling lines or text positions, each row a row
 * block (pdf-table.ts); the other text in lines (groupIntoLines), the lines of a wrapped paragraph
 * joined back (joinWrappedLines), each a paragraph block; page numbers at a page's top or foot are
 * left out (pdf-table.ts). `line` is the running number of the block's first text line through
 * the document, `ref` 「第N页」. A PDF without text (a scan) is refused: reading it would need OCR,
 * and the Word/Excel original is always better.
 */
export async function readPdf(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadPlan> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const assets = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    // CID fonts without a ToUnicode map need the CMaps to turn glyphs into Chinese characters.
    cMapUrl: `${path.join(assets, 'cmaps')}${path.sep}`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(assets, 'standard_fonts')}${path.sep}`,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  })
  let document: Awaited<typeof task.promise>
  try {
    document = await task.promise
  } catch (error) {
    throw pdfError(file, error)
  }
  try {
    if (document.numPages > limits.pdfPages) throw overLimit(file, 'pdfPages', limits, '页数', document.numPages)
    const pages: PdfLine[][] = []
    let carry: Carry | undefined
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber)
      const content = await page.getTextContent()
      const items: PositionedText[] = []
      for (const item of content.items) {
        if (!('str' in item)) continue
        const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[]
        items.push({ str: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height })
      }
      const rules = readRules(await page.getOperatorList(), pdfjs.OPS)
      const lines = pageLines(items, rules, carry)
      pages.push(lines.lines)
      carry = lines.carry
      page.cleanup()
    }
    const paragraphs = numberTables(joinWrappedLines(pages))
    const blocks = paragraphs.map<Block>(({ text, page, line, row, table }) => {
      const where = { file, line, ref: `第${page}页` }
      return row ? { kind: 'row', cells: row.cells, table: table ?? 0, where } : { kind: 'paragraph', text, where }
    })
    if (blocks.length === 0) {
      throw new PlanReadError(
        file,
        'PDF 没有文字层（可能是扫描件或图片），无法读取文字',
        '请提供该文件的 Word（.docx）或 Excel（.xlsx）原件',
      )
    }
    const notes: ReadPlan['notes'] = []
    const guessed = paragraphs.findIndex((p) => p.row && !p.row.ruled)
    if (guessed >= 0) {
      const message = 'PDF 中的表格没有框线，行和列按文字位置推断，合并单元格下面的行可能并到上一行；有 Word/Excel 原件时读得更准'
      notes.push({ where: (blocks[guessed] as Block).where, message })
    }
    const tabbed = blocks.find((block) => block.kind === 'paragraph' && block.text.includes('\t'))
    if (tabbed) {
      const message = 'PDF 中有按列排的文字未能认作表格，按行读出，单元格内换行的文字会拆到下面几行；有 Word/Excel 原件时读得更准'
      notes.push({ where: tabbed.where, message })
    }
    return { file, format: 'pdf', blocks, notes }
  } finally {
    await document.destroy()
  }
}

function pdfError(file: string, error: unknown): PlanReadError {
  const name = (error as { name?: string } | null)?.name
  if (name === 'PasswordException') {
    return new PlanReadError(file, 'PDF 设置了打开密码', '请提供未加密的 PDF，或该文件的 Word/Excel 原件', { cause: error })
  }
  return new PlanReadError(file, 'PDF 文件已损坏或格式无效', '请重新导出 PDF，或提供该文件的 Word/Excel 原件', { cause: error })
}
