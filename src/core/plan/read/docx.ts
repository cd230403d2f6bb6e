// jszip + fast-xml-parser walking word/document.xml, styles.xml and numbering.xml: mammoth's HTML
// drops outline levels and Word's automatic list numbers (「一、」 as a list label), which the recogniser needs.

import JSZip from 'jszip'
import type { Block, ReadPlan } from './blocks.js'
import { DocxNumbering } from './docx-numbering.js'
import { DocxStyles, numberingOf, outlineLevelOf } from './docx-styles.js'
import { readTable } from './docx-table.js'
import { contentOf, paragraphText } from './docx-text.js'
import { isCompoundFile, PlanReadError } from './errors.js'
import { DEFAULT_READ_LIMITS, type ReadLimits } from './limits.js'
import { attrOf, childrenOf, parseXml, pathOf, rootNamed, tagOf, type XmlNode } from './xml.js'
import { checkZipSizes } from './zip-limits.js'

/**
 * A .docx plan: body paragraphs and tables in body order. A paragraph's heading level comes from its
 * own outline level, else its style's (see DocxStyles); a numbered paragraph's list label is put in
 * front of its text, as Word shows it. `where.line` counts body paragraphs and table rows, empty ones
 * included; table rows also get `ref` 「表N 第M行」.
 */
export async function readDocx(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadPlan> {
  const zip = await openPackage(bytes, file)
  await checkZipSizes(zip, file, limits)
  const documentXml = await readPart(zip, 'word/document.xml')
  if (documentXml === undefined) {
    throw new PlanReadError(
      file,
      '压缩包里没有 Word 正文（word/document.xml），不是 Word 文档',
      '请确认文件是 Word 文档并另存为 .docx 后再上传',
    )
  }
  const body = pathOf(rootNamed(parseXml(documentXml), 'w:document'), 'w:body')
  const stylesXml = await readPart(zip, 'word/styles.xml')
  const numberingXml = await readPart(zip, 'word/numbering.xml')
  const reader = new BodyReader(
    file,
    new DocxStyles(stylesXml === undefined ? undefined : parseXml(stylesXml)),
    new DocxNumbering(numberingXml === undefined ? undefined : parseXml(numberingXml)),
  )
  if (body) reader.readBody(body)
  // Footnotes and endnotes follow the body: a rule such as 「排在第一位的为牵头单位」 is often one.
  for (const [part, root, tag] of NOTE_PARTS) {
    const xml = await readPart(zip, part)
    if (xml !== undefined) reader.readNotes(rootNamed(parseXml(xml), root), tag)
  }
  return { file, format: 'docx', blocks: reader.blocks, notes: reader.notes }
}

const NOTE_PARTS = [
  ['word/footnotes.xml', 'w:footnotes', 'w:footnote'],
  ['word/endnotes.xml', 'w:endnotes', 'w:endnote'],
] as const

class BodyReader {
  readonly blocks: Block[] = []
  readonly notes: ReadPlan['notes'] = []
  private line = 0
  private tables = 0

  constructor(
    private readonly file: string,
    private readonly styles: DocxStyles,
    private readonly numbering: DocxNumbering,
  ) {}

  readBody(body: XmlNode): void {
    for (const node of contentOf(body)) {
      const tag = tagOf(node)
      if (tag === 'w:p') this.paragraph(node)
      else if (tag === 'w:tbl') this.table(node)
      else if (tag === 'w:altChunk')
        this.notes.push({ where: { file: this.file, line: this.line }, message: '文档嵌入了另一个文件（altChunk），其内容未读取' })
    }
  }

  /** The paragraphs of every real note (not Word's separator notes), after the body, `ref` 「脚注」. */
  readNotes(root: XmlNode | undefined, tag: string): void {
    for (const note of root ? childrenOf(root) : []) {
      if (tagOf(note) !== tag || attrOf(note, 'w:type')) continue
      for (const p of contentOf(note)) {
        if (tagOf(p) !== 'w:p') continue
        const text = paragraphText(p).trim()
        this.line++
        if (text)
          this.blocks.push({
            kind: 'paragraph',
            text,
            where: { file: this.file, line: this.line, ref: tag === 'w:footnote' ? '脚注' : '尾注' },
          })
      }
    }
  }

  private paragraph(p: XmlNode): void {
    this.line++
    const text = this.paragraphWithLabel(p).trim()
    if (!text) return
    const heading = this.headingLevel(p)
    this.blocks.push({
      kind: 'paragraph',
      text,
      ...(heading === undefined ? {} : { heading }),
      where: { file: this.file, line: this.line },
    })
  }

  private table(tbl: XmlNode): void {
    const table = ++this.tables
    const firstLine = this.line + 1
    const { rows, rowCount } = readTable(tbl, (p) => this.paragraphWithLabel(p))
    for (const row of rows) {
      this.blocks.push({
        kind: 'row',
        cells: row.cells,
        table,
        ...(row.header ? { header: true } : {}),
        where: { file: this.file, line: firstLine + row.rowNumber - 1, ref: `表${table} 第${row.rowNumber}行` },
      })
    }
    this.line += rowCount
  }

  /** The paragraph's text with its automatic list label ('一、', '（1）') in front, as Word displays it. */
  private paragraphWithLabel(p: XmlNode): string {
    const pPr = pathOf(p, 'w:pPr')
    const styleId = attrOf(pathOf(pPr, 'w:pStyle') ?? {}, 'w:val')
    const own = numberingOf(pPr)
    const fromStyle = this.styles.numbering(styleId)
    const ref = own || fromStyle ? { numId: own?.numId ?? fromStyle?.numId, ilvl: own?.ilvl ?? fromStyle?.ilvl } : undefined
    // Word counts an empty numbered paragraph too, so the label is taken even when it is not shown.
    const label = this.numbering.next(ref)
    const text = paragraphText(p)
    return text.trim() ? label + text : text
  }

  private headingLevel(p: XmlNode): number | undefined {
    const pPr = pathOf(p, 'w:pPr')
    const own = outlineLevelOf(pPr)
    if (own !== undefined) return own === 9 ? undefined : own + 1
    return this.styles.headingLevel(attrOf(pathOf(pPr, 'w:pStyle') ?? {}, 'w:val'))
  }
}

/**
 * Opens the zip package (jszip, the zip library exceljs itself uses) with the errors a user can act
 * on: an OLE compound file under a .docx name is encrypted (password) or an old .doc renamed;
 * anything else that is not a zip is damaged.
 */
async function openPackage(bytes: Uint8Array, file: string): Promise<JSZip> {
  if (isCompoundFile(bytes)) {
    throw new PlanReadError(file, '文件设置了打开密码（已加密），或是改了扩展名的旧版 Office 文件', '请去掉密码或另存为 .docx 后再上传')
  }
  try {
    return await JSZip.loadAsync(bytes)
  } catch (error) {
    throw new PlanReadError(file, '文件已损坏，不是有效的 Office 文档', '请用 Office/WPS 打开确认后重新另存为 .docx 再上传', {
      cause: error,
    })
  }
}

/** The text of one part of the package, or undefined when the package has no such part. */
async function readPart(zip: JSZip, path: string): Promise<string | undefined> {
  return zip.file(path)?.async('string')
}
