import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadPlan } from '../src/core/plan/read/index.js'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { buildPlanDocx } from './fixtures/read/build-docx.js'
import { tempFolder } from './fixtures/read/temp-files.js'

const files = tempFolder()
afterAll(files.cleanup)

describe('readPlanFile on .docx (built with the docx package)', () => {
  let plan: ReadPlan
  beforeAll(async () => {
    plan = await readPlanFile(files.write('plan.docx', await buildPlanDocx()))
  })

  it('reads paragraphs in body order with heading levels from styles, a 「标题 1」 style and an outline level', () => {
    const paragraphs = plan.blocks.flatMap((b) => (b.kind === 'paragraph' ? [[b.text, b.heading ?? null, b.where.line]] : []))
    expect(paragraphs).toEqual([
      ['2016年工作要点', null, 1],
      // line 2 is an empty paragraph: left out, still counted
      ['一、总体要求', 1, 3],
      ['（一）加强质量管理', 2, 4],
      ['1.开展河道整治行动（责任单位：质监局、发改委）', null, 5],
      ['二、保障措施', 1, 6],
      ['（一）强化督查', 2, 7],
      // Word list numbering (chineseCounting, '%1、') rendered as the text shows it
      ['一、落实责任', null, 8],
      ['二、加强考核', null, 9],
      ['附件：任务分解表', null, 14],
    ])
    expect(plan).toMatchObject({ file: 'plan.docx', format: 'docx', notes: [] })
  })

  it('reads the table with the vertical merge repeated, the horizontal merge in its first column, and the header row marked', () => {
    const rows = plan.blocks.filter((b) => b.kind === 'row')
    expect(rows).toEqual([
      {
        kind: 'row',
        cells: ['类别', '重点任务', '牵头单位', '完成时限'],
        table: 1,
        header: true,
        where: { file: 'plan.docx', line: 10, ref: '表1 第1行' },
      },
      // two paragraphs in one cell, joined by one space
      {
        kind: 'row',
        cells: ['质量提升', '开展质量对标 提升行动', '质监局', '2016年12月底'],
        table: 1,
        where: { file: 'plan.docx', line: 11, ref: '表1 第2行' },
      },
      {
        kind: 'row',
        cells: ['质量提升', '推进品牌建设', '发改委', '全年'],
        table: 1,
        where: { file: 'plan.docx', line: 12, ref: '表1 第3行' },
      },
      {
        kind: 'row',
        cells: ['备注', '以上任务按季度报送进展', '', ''],
        table: 1,
        where: { file: 'plan.docx', line: 13, ref: '表1 第4行' },
      },
    ])
  })
})

/** A minimal package around a hand-written document.xml, for the cases the docx package cannot write. */
async function docxWith(bodyXml: string, parts: Record<string, string> = {}): Promise<Uint8Array> {
  const zip = new JSZip()
  const ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${ns}><w:body>${bodyXml}</w:body></w:document>`)
  for (const [name, xml] of Object.entries(parts)) zip.file(name, xml.replace(/^<(w:\w+)/, `<$1 ${ns}`))
  return zip.generateAsync({ type: 'uint8array' })
}

const p = (text: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`
const tc = (text: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${p(text)}</w:tc>`

describe('readPlanFile on .docx edge cases', () => {
  it('resolves heading levels through WPS-style ids (「1」 named 「heading 1」), basedOn chains and outline level 9 (body text)', async () => {
    const styles =
      '<w:styles>' +
      '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="我的标题"/><w:basedOn w:val="2"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>' +
      '</w:styles>'
    const body =
      p('一、总体要求', '<w:pStyle w:val="1"/>') +
      p('（一）基于样式', '<w:pStyle w:val="Mine"/>') +
      p('正文', '<w:pStyle w:val="1"/><w:outlineLvl w:val="9"/>')
    const plan = await readPlanFile(files.write('styles.docx', await docxWith(body, { 'word/styles.xml': styles })))
    expect(plan.blocks.map((b) => (b.kind === 'paragraph' ? [b.text, b.heading] : null))).toEqual([
      ['一、总体要求', 1],
      ['（一）基于样式', 2],
      ['正文', undefined],
    ])
  })

  it('fills a vertical merge under a horizontal one, pads gridBefore, and keeps tabs, breaks and entities as text', async () => {
    const table =
      '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>' +
      `<w:tr>${tc('一级分类', '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>')}${tc('任务&#x4E00;')}</w:tr>` +
      `<w:tr>${tc('', '<w:gridSpan w:val="2"/><w:vMerge/>')}${tc('任务二')}</w:tr>` +
      `<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>${tc('任务三')}</w:tr>` +
      '</w:tbl>'
    const runs = '<w:p><w:r><w:t>1.</w:t><w:tab/><w:t>甲</w:t><w:br/><w:t>乙 &amp; 丙</w:t><w:delText>删</w:delText></w:r></w:p>'
    const plan = await readPlanFile(files.write('merges.docx', await docxWith(runs + table)))
    expect(plan.blocks).toEqual([
      { kind: 'paragraph', text: '1.\t甲 乙 & 丙', where: { file: 'merges.docx', line: 1 } },
      { kind: 'row', cells: ['一级分类', '', '任务一'], table: 1, where: { file: 'merges.docx', line: 2, ref: '表1 第1行' } },
      { kind: 'row', cells: ['一级分类', '', '任务二'], table: 1, where: { file: 'merges.docx', line: 3, ref: '表1 第2行' } },
      { kind: 'row', cells: ['', '', '任务三'], table: 1, where: { file: 'merges.docx', line: 4, ref: '表1 第3行' } },
    ])
  })

  it('numbers nested list levels like Word: （一） under 一、, restarting under each new 一、', async () => {
    const numbering =
      '<w:numbering><w:abstractNum w:abstractNumId="0">' +
      '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>' +
      '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>' +
      '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    const item = (text: string, ilvl: number) => p(text, `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="5"/></w:numPr>`)
    const body = [
      item('总体要求', 0),
      item('目标', 1),
      item('任务甲', 2),
      item('任务乙', 2),
      item('措施', 1),
      item('保障', 0),
      item('督查', 1),
    ].join('')
    const plan = await readPlanFile(files.write('numbering.docx', await docxWith(body, { 'word/numbering.xml': numbering })))
    expect(plan.blocks.map((b) => b.kind === 'paragraph' && b.text)).toEqual([
      '一、总体要求',
      '（一）目标',
      '1.任务甲',
      '2.任务乙',
      '（二）措施',
      '二、保障',
      '（一）督查',
    ])
  })

  it('refuses a damaged, an encrypted and a non-Word package with a Chinese message naming the file', async () => {
    await expect(readPlanFile(files.write('broken.docx', 'PK\u0003\u0004 not really a zip'))).rejects.toThrow(
      /「broken\.docx」.*已损坏.*另存为 \.docx/,
    )
    const encrypted = new Uint8Array(1024)
    encrypted.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    await expect(readPlanFile(files.write('secret.docx', encrypted))).rejects.toThrow(/「secret\.docx」.*密码/)
    const notWord = await new JSZip().file('hello.txt', 'hi').generateAsync({ type: 'uint8array' })
    await expect(readPlanFile(files.write('zip.docx', notWord))).rejects.toThrow(/「zip\.docx」.*不是 Word 文档/)
  })
})

describe('readPlanFile on .docx footnotes', () => {
  it('reads footnotes after the body (a lead rule is often one), leaving out Word separator notes', async () => {
    const { Document, FootnoteReferenceRun, Packer, Paragraph, TextRun } = await import('docx')
    const doc = new Document({
      footnotes: { 1: { children: [new Paragraph('责任单位排在第一位的为牵头单位，其他为配合单位。')] } },
      sections: [
        { children: [new Paragraph({ children: [new TextRun('1.甲任务。（责任单位：甲局、乙局）'), new FootnoteReferenceRun(1)] })] },
      ],
    })
    const plan = await readPlanFile(files.write('footnote.docx', await Packer.toBuffer(doc)))
    const last = plan.blocks.at(-1)
    expect(last).toMatchObject({ kind: 'paragraph', text: '责任单位排在第一位的为牵头单位，其他为配合单位。', where: { ref: '脚注' } })
    expect(plan.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(2)
  })
})
