import { describe, expect, it } from 'vitest'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { groupIntoLines } from '../src/core/plan/read/pdf-lines.js'
import { joinWrappedLines } from '../src/core/plan/read/pdf-paragraphs.js'
import { fixture } from './fixtures/read/temp-files.js'

describe('readPlanFile on .pdf', () => {
  it('reads the text layer line by line, table cells tab-separated, list labels joined to their text', async () => {
    // plan.pdf: the build-docx.ts plan exported by LibreOffice (see make-office-fixtures.ts).
    const plan = await readPlanFile(fixture('plan.pdf'))
    expect(plan).toMatchObject({ file: 'plan.pdf', format: 'pdf' })
    expect(plan.blocks.map((b) => (b.kind === 'paragraph' ? b.text : null))).toEqual([
      '2016年工作要点',
      '一、总体要求',
      '（一）加强质量管理',
      '1.开展质量提升行动（责任单位：质监局、发改委）',
      '二、保障措施',
      '（一）强化督查',
      '一、落实责任',
      '二、加强考核',
      '类别\t重点任务\t牵头单位\t完成时限',
      '质量提升\t开展质量对标\t质监局\t2016年12月底',
      // the cell's second paragraph is a line of its own: a PDF does not say where cells are
      '提升行动',
      '推进品牌建设\t发改委\t全年',
      '备注\t以上任务按季度报送进展',
      '附件：任务分解表',
    ])
    expect(plan.blocks[8]?.where).toEqual({ file: 'plan.pdf', line: 9, ref: '第1页' })
    expect(plan.notes).toEqual([{ where: { file: 'plan.pdf', line: 9, ref: '第1页' }, message: expect.stringContaining('表格按行读出') }])
  })

  it('refuses a PDF without a text layer (a scan), asking for the Word/Excel original', async () => {
    await expect(readPlanFile(fixture('no-text-layer.pdf'))).rejects.toThrow(/「no-text-layer\.pdf」.*没有文字层.*扫描件.*Word.*原件/)
  })

  it('refuses a password-protected PDF', async () => {
    await expect(readPlanFile(fixture('password.pdf'))).rejects.toThrow('无法读取工作要点文件「password.pdf」：PDF 设置了打开密码')
  })
})

const at = (str: string, x: number, y: number, width = [...str].length * 10) => ({ str, x, y, width, size: 10 })
const texts = (items: ReturnType<typeof at>[]) => groupIntoLines(items).map((line) => line.text)

describe('groupIntoLines', () => {
  it('groups by baseline within half a glyph, orders by x, and marks wide gaps with a tab', () => {
    const items = [
      at('牵头单位', 300, 700),
      at('序号', 50, 700.5),
      at('任务', 100, 699.8),
      at('1', 50, 680),
      at('质量提升行动', 100, 680),
      at('质监局', 300, 680),
    ]
    expect(texts(items)).toEqual(['序号\t任务\t牵头单位', '1\t质量提升行动\t质监局'])
    expect(groupIntoLines(items)[1]).toEqual({ text: '1\t质量提升行动\t质监局', left: 50, right: 330, y: 680, size: 10 })
  })

  it('joins close items directly (Chinese), with a space between Latin words, and drops blank items', () => {
    expect(texts([at('推进', 0, 100), at('  ', 20, 100), at('质量', 20, 100), at('提升', 42, 100)])).toEqual(['推进质量提升'])
    expect(texts([at('ISO', 0, 100, 18), at('9001', 21, 100)])).toEqual(['ISO 9001'])
    expect(texts([at('（一）', 0, 100), at('加强管理', 60, 100)])).toEqual(['（一）加强管理'])
  })

  it('puts a glyph drawn over a blank of an earlier run (LibreOffice quotes) in that blank', () => {
    expect(texts([at('大力实施 产业提升 计划', 0, 100), at('“', 40, 100), at('”', 90, 100)])).toEqual(['大力实施“产业提升”计划'])
  })
})

describe('joinWrappedLines', () => {
  const line = (text: string, left: number, right: number, y: number) => ({ text, left, right, y, size: 10 })

  it('joins a line that runs to the right edge with the unindented line below, across pages too', () => {
    const page1 = [
      line('一、总体目标', 90, 150, 700),
      line('1.目标。大力实施人才行动计划，', 90, 500, 680),
      line('5年内重点引进人才。', 90, 290, 665),
      line('　　下一段从缩进开始，一直写到', 110, 498, 640),
    ]
    const page2 = [line('右边再折到下一页。', 90, 270, 700), line('2.新任务', 90, 500, 680), line('序号\t任务', 90, 510, 660)]
    expect(joinWrappedLines([page1, page2])).toEqual([
      { text: '一、总体目标', page: 1, line: 1 },
      { text: '1.目标。大力实施人才行动计划，5年内重点引进人才。', page: 1, line: 2 },
      { text: '　　下一段从缩进开始，一直写到右边再折到下一页。', page: 1, line: 4 },
      // a list label starts a new paragraph even under a full line; a table row is never joined
      { text: '2.新任务', page: 2, line: 6 },
      { text: '序号\t任务', page: 2, line: 7 },
    ])
  })
})
