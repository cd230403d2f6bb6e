// pdfjs-dist (Mozilla's PDF.js, legacy build for Node): the maintained reference reader, giving
// each text item's position, which line and table-column grouping needs. Pinned to 5.6, the last
// line that runs on Node 20.
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ParagraphBlock, ReadPlan } from './blocks.js'
import { PlanReadError } from './errors.js'
import { groupIntoLines, type PdfLine, type PositionedText } from './pdf-lines.js'
import { joinWrappedLines } from './pdf-paragraphs.js'

/**
 * A .pdf plan with a text layer: text lines (groupIntoLines), the lines of a wrapped paragraph joined
 * back (joinWrappedLines), each a paragraph block; `line` is the running number of its first text
 * line through the document, `ref` 「第N页」. A PDF without text (a scan) is refused: reading it would need
 * OCR, and the Word/Excel original is always better.
 */
export async function readPdf(bytes: Uint8Array, file: string): Promise<ReadPlan> {
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
    const pages: PdfLine[][] = []
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber)
      const content = await page.getTextContent()
      const items: PositionedText[] = []
      for (const item of content.items) {
        if (!('str' in item)) continue
        const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[]
        items.push({ str: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height })
      }
      pages.push(groupIntoLines(items))
      page.cleanup()
    }
    const blocks = joinWrappedLines(pages).map<ParagraphBlock>(({ text, page, line }) => ({
      kind: 'paragraph',
      text,
      where: { file, line, ref: `第${page}页` },
    }))
    if (blocks.length === 0) {
      throw new PlanReadError(
        file,
        'PDF 没有文字层（可能是扫描件或图片），无法读取文字',
        '请提供该文件的 Word（.docx）或 Excel（.xlsx）原件',
      )
    }
    const firstTableLine = blocks.find((block) => block.text.includes('\t'))
    const notes = firstTableLine
      ? [{ where: firstTableLine.where, message: 'PDF 中的表格按行读出，单元格内换行的文字会拆到下面几行；有 Word/Excel 原件时读得更准' }]
      : []
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
