import { afterAll, describe, expect, it } from 'vitest'
import { docLines } from '../src/core/plan/read/doc-lines.js'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { buildPlanDocx } from './fixtures/read/build-docx.js'
import { fixture, tempFolder } from './fixtures/read/temp-files.js'

const files = tempFolder()
afterAll(files.cleanup)

describe('readPlanFile on .doc (Word 97–2003)', () => {
  it('reads paragraphs and table rows as tab-separated lines, an in-cell break joined back into its row', async () => {
    // plan.doc: the build-docx.ts plan saved by LibreOffice as 「Word 97」 (see make-office-fixtures.ts).
    const plan = await readPlanFile(fixture('plan.doc'))
    expect(plan).toMatchObject({ file: 'plan.doc', format: 'doc' })
    expect(plan.blocks.map((b) => (b.kind === 'paragraph' ? [b.text, b.where.line] : null))).toEqual([
      ['2016年工作要点', 1],
      ['一、总体要求', 3],
      ['（一）加强质量管理', 4],
      ['1.开展河道整治行动（责任单位：质监局、发改委）', 5],
      ['二、保障措施', 6],
      ['（一）强化督查', 7],
      // Word list numbers are not in a .doc's text: hence the note
      ['落实责任', 8],
      ['加强考核', 9],
      ['类别\t重点任务\t牵头单位\t完成时限', 10],
      ['质量提升\t开展质量对标 提升行动\t质监局\t2016年12月底', 11],
      // the vertically merged cell is an empty first cell, as in a tab-separated .txt
      ['\t推进品牌建设\t发改委\t全年', 13],
      ['备注\t以上任务按季度报送进展\t', 14],
      ['附件：任务分解表', 15],
    ])
    expect(plan.notes).toEqual([{ where: { file: 'plan.doc', line: 1 }, message: expect.stringContaining('另存为 .docx') }])
  })

  it('reads a .docx that was merely named .doc, and refuses RTF under a .doc name', async () => {
    const renamed = await readPlanFile(files.write('renamed.doc', await buildPlanDocx()))
    expect(renamed.format).toBe('docx')
    expect(renamed.blocks[1]).toMatchObject({ text: '一、总体要求', heading: 1 })
    await expect(readPlanFile(files.write('rtf.doc', '{\\rtf1\\ansi 工作要点}'))).rejects.toThrow(/「rtf\.doc」.*RTF.*另存为 \.docx/)
  })
})

describe('docLines', () => {
  it('joins a row cut by in-cell breaks only when it then has its neighbours’ width', () => {
    const body = ['序号\t任务\t单位\t', '1\t开展', '', '行动\t质监处\t', '附件\t一', '说明', '2\t\t办公室\t', ''].join('\n')
    expect(docLines(body)).toEqual([
      { text: '序号\t任务\t单位', line: 1 },
      { text: '1\t开展 行动\t质监处', line: 2 },
      // '附件\t一' + '说明' + the next row would be 4 tabs wide, not 3: left as they are
      { text: '附件\t一', line: 5 },
      { text: '说明', line: 6 },
      { text: '2\t\t办公室', line: 7 },
    ])
  })
})
