import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import type { RowBlock } from '../src/core/plan/read/blocks.js'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { groupIntoLines } from '../src/core/plan/read/pdf-lines.js'
import { joinWrappedLines, type PdfParagraph } from '../src/core/plan/read/pdf-paragraphs.js'
import { readRules } from '../src/core/plan/read/pdf-rules.js'
import { numberTables } from '../src/core/plan/read/pdf-table.js'
import { recognise } from '../src/core/plan/recognise/recognise.js'
import { PLAIN_ROWS, RULED_ROWS } from './fixtures/read/build-longtable-docx.js'
import { fixture } from './fixtures/read/temp-files.js'

describe('readPlanFile on .pdf', () => {
  it('reads the text layer line by line, list labels joined to their text, a ruled table as rows', async () => {
    // plan.pdf: the build-docx.ts plan exported by LibreOffice (see make-office-fixtures.ts).
    const plan = await readPlanFile(fixture('plan.pdf'))
    expect(plan).toMatchObject({ file: 'plan.pdf', format: 'pdf' })
    expect(plan.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.cells))).toEqual([
      '2016年工作要点',
      '一、总体要求',
      '（一）加强质量管理',
      '1.开展河道整治行动（责任单位：质监局、发改委）',
      '二、保障措施',
      '（一）强化督查',
      '一、落实责任',
      '二、加强考核',
      ['类别', '重点任务', '牵头单位', '完成时限'],
      // the cell's two paragraphs joined (a PDF cannot tell them from a wrapped line); the
      // vertically merged 类别 repeats below its first row (no rule across it), as Word's vMerge
      // does; the columns a horizontal merge covers are ''
      ['质量提升', '开展质量对标提升行动', '质监局', '2016年12月底'],
      ['质量提升', '推进品牌建设', '发改委', '全年'],
      ['备注', '以上任务按季度报送进展', '', ''],
      '附件：任务分解表',
    ])
    expect(plan.blocks[8]).toMatchObject({ kind: 'row', table: 1, where: { file: 'plan.pdf', line: 9, ref: '第1页' } })
    // the two-line row counts both lines: the running line number goes on from 10 to 12
    expect(plan.blocks.slice(9).map((b) => b.where.line)).toEqual([10, 12, 13, 14])
    expect(plan.notes).toEqual([])
  })

  it('reads a ruled table across pages as one table: wrapped cells joined, a vertical merge repeated down', async () => {
    // table.pdf: the build-table-docx.ts tables exported by LibreOffice (see make-office-fixtures.ts).
    const plan = await readPlanFile(fixture('table.pdf'))
    const rows = plan.blocks.filter((b): b is RowBlock => b.kind === 'row')
    const header = ['序号', '一级任务', '工作内容', '责任单位']
    expect(rows.filter((row) => row.table === 1).map((row) => [row.where.ref, ...row.cells])).toEqual([
      ['第1页', ...header],
      ['第1页', '1', '一、全面提升河湖生态保护水平', '在重点流域沿岸各村镇开展入河排污口排查专项行动。', '河湖处牵头，各站所配合'],
      ['第1页', '2', '一、全面提升河湖生态保护水平', '推进水库、排涝站、堤防工程安全鉴定和除险加固。', '工程建设处'],
      ['第1页', '3', '二、强化水资源的节约集约利用', '依法从严查处非法取水行为，推进“清水护河”行动。', '节水处牵头，相关科室配合'],
      // 重复标题行 on the next page: the same columns, so the same table
      ['第2页', ...header],
      ['第2页', '4', '三、防范洪涝灾害', '开展汛前安全大排查，进一步提升城区排涝能力，建立雨情预警和会商研判制度。', '防汛调度处'],
      ['第2页', '5', '四、强化保障', '贯彻落实《农村供水站运行管理办法》，开展ISO 14001认证。', '农水处'],
      ['第2页', '备注', '以上任务按季度报送进展情况', '', ''],
    ])
    expect(rows.slice(0, 3).map((row) => row.where.line)).toEqual([2, 3, 6])
    expect(plan.blocks.filter((b) => b.kind === 'paragraph').map((b) => [b.where.ref, b.text])).toEqual([
      ['第1页', '水利工作要点分工表'],
      ['第2页', '其他工作安排如下：'],
      ['第3页', '以上任务请于年底前完成。'],
    ])
  })

  it('reads a borderless table from where its text stands, a row broken by the page joined up', async () => {
    const plan = await readPlanFile(fixture('table.pdf'))
    const rows = plan.blocks.filter((b): b is RowBlock => b.kind === 'row' && b.table === 2)
    expect(rows.map((row) => [row.where.ref, ...row.cells])).toEqual([
      ['第2页', '序号', '工作任务', '责任单位'],
      // row 1 runs from the foot of page 2 onto the top of page 3
      ['第2页', '1', '健全河湖巡查制度，发布河道水质监测“月通报”。', '河湖管理处'],
      ['第3页', '2', '开展节水周活动，动员全社会自觉节约用水、爱护水源。', '宣教处牵头，各科室配合'],
    ])
    expect(plan.notes).toEqual([{ where: rows[0]?.where, message: expect.stringContaining('没有框线') }])
  })

  it('gives the recogniser the table tasks with their units', async () => {
    const plan = await readPlanFile(fixture('table.pdf'))
    const tasks = recognise(plan.file, plan.blocks).tasks
    expect(tasks.map((task) => task.lead?.name)).toEqual(expect.arrayContaining(['河湖处', '工程建设处', '节水处', '防汛调度处', '农水处']))
  })

  it('joins a row broken by the page under the repeated header, cell by cell; the 填报单位 line and page numbers stay out', async () => {
    // longtable.pdf, build-longtable-docx.ts by LibreOffice: each table as built, row 3 whole on the page it starts on,
    // the header repeated over row 4; the 填报单位 line over the grid is text, not a row; no page number 「— 1 —」
    const plan = await readPlanFile(fixture('longtable.pdf'))
    const rows = (table: number) => plan.blocks.filter((b): b is RowBlock => b.kind === 'row' && b.table === table)
    const repeated = (built: string[][]) => built.toSpliced(4, 0, built[0] as string[])
    expect([1, 2].map((table) => rows(table).map((row) => row.cells))).toEqual([repeated(RULED_ROWS), repeated(PLAIN_ROWS)])
    expect([rows(1)[3]?.where.ref, rows(2)[3]?.where.ref]).toEqual(['第1页', '第2页'])
    const texts = plan.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []))
    expect(texts[1]).toBe('填报单位：东湖区人民政府办公室　　2024年1月15日')
    expect(texts).toEqual(['东湖区民生实事任务分解表', texts[1], '其他工作安排如下：', '以上任务请于年底前完成。'])
    const leads = recognise(plan.file, plan.blocks).tasks.map((task) => task.lead?.name)
    expect(leads).toEqual(['区卫生健康局', '区民政局', '区住房城乡建设局', '区交通运输局', '河湖管理处', '水资源处', '河长办', '综合处'])
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
    expect(groupIntoLines(items)[1]).toEqual({
      text: '1\t质量提升行动\t质监局',
      left: 50,
      right: 330,
      y: 680,
      size: 10,
      parts: [
        { text: '1', left: 50, right: 60 },
        { text: '质量提升行动', left: 100, right: 160 },
        { text: '质监局', left: 300, right: 330 },
      ],
    })
  })

  it('joins close items directly (Chinese), with a space between Latin words, and drops blank items', () => {
    expect(texts([at('推进', 0, 100), at('  ', 20, 100), at('质量', 20, 100), at('提升', 42, 100)])).toEqual(['推进质量提升'])
    expect(texts([at('ISO', 0, 100, 18), at('9001', 21, 100)])).toEqual(['ISO 9001'])
    expect(texts([at('（一）', 0, 100), at('加强管理', 60, 100)])).toEqual(['（一）加强管理'])
  })

  it('puts a glyph drawn over a blank of an earlier run (LibreOffice quotes) in that blank', () => {
    expect(texts([at('全面推行 河湖长制 工作', 0, 100), at('“', 40, 100), at('”', 90, 100)])).toEqual(['全面推行“河湖长制”工作'])
  })
})

describe('joinWrappedLines', () => {
  const line = (text: string, left: number, right: number, y: number) => ({ text, left, right, y, size: 10 })

  it('joins a line that runs to the right edge with the unindented line below, across pages too', () => {
    const page1 = [
      line('一、总体目标', 90, 150, 700),
      line('1.目标。全面完成河道整治任务，', 90, 500, 680),
      line('3年内消除黑臭水体。', 90, 290, 665),
      line('　　下一段从缩进开始，一直写到', 110, 498, 640),
    ]
    const page2 = [line('右边再折到下一页。', 90, 270, 700), line('2.新任务', 90, 500, 680), line('序号\t任务', 90, 510, 660)]
    expect(joinWrappedLines([page1, page2])).toEqual([
      { text: '一、总体目标', page: 1, line: 1 },
      { text: '1.目标。全面完成河道整治任务，3年内消除黑臭水体。', page: 1, line: 2 },
      { text: '　　下一段从缩进开始，一直写到右边再折到下一页。', page: 1, line: 4 },
      // a list label starts a new paragraph even under a full line; a table row is never joined
      { text: '2.新任务', page: 2, line: 6 },
      { text: '序号\t任务', page: 2, line: 7 },
    ])
  })
})

describe('readRules', () => {
  const path = (paint: number, ...coords: number[]) => [paint, [Float32Array.from(coords)], null]

  it('reads stroked lines and thin filled bars as rules, in page space, joining collinear pieces', () => {
    const fnArray = [OPS.save, OPS.transform, OPS.constructPath, OPS.constructPath, OPS.restore, OPS.constructPath, OPS.constructPath]
    const argsArray = [
      null,
      [1, 0, 0, 1, 10, 20],
      // under the transform: a horizontal line drawn in two pieces, then a closed cell box
      path(OPS.stroke, 0, 0, 700, 1, 50, 700, 0, 50, 700, 1, 100, 700),
      path(OPS.closeStroke, 0, 0, 600, 1, 100, 600, 1, 100, 650, 1, 0, 650, 4),
      null,
      // a filled bar 0.5 thick is a vertical rule; a large filled area and a curve are not rules
      path(OPS.fill, 0, 300, 100, 1, 300.5, 100, 1, 300.5, 400, 1, 300, 400, 4),
      path(OPS.fill, 0, 0, 0, 1, 200, 0, 1, 200, 200, 1, 0, 200, 4, 0, 0, 0, 2, 5, 5, 10, 10, 20, 0),
    ]
    const rules = readRules({ fnArray, argsArray }, OPS)
    expect(rules.horizontal).toEqual([
      { at: 620, from: 10, to: 110 },
      { at: 670, from: 10, to: 110 },
      { at: 720, from: 10, to: 110 },
    ])
    expect(rules.vertical).toEqual([
      { at: 10, from: 620, to: 670 },
      { at: 110, from: 620, to: 670 },
      { at: 300.25, from: 100, to: 400 },
    ])
  })
})

describe('numberTables', () => {
  const row = (page: number, line: number, cells: string[], edges = [0, 50, 100]): PdfParagraph => ({
    text: cells.join('\t'),
    page,
    line,
    row: { cells, edges, top: 0, lineCount: 1, ruled: true },
  })
  const text = (page: number, line: number, t: string): PdfParagraph => ({ text: t, page, line })
  const summary = (paragraphs: PdfParagraph[]) => numberTables(paragraphs).map((p) => [p.table ?? null, p.row?.cells ?? p.text])

  it('continues a table over a page break and its furniture, and joins a row broken by the page', () => {
    expect(
      summary([
        row(1, 1, ['序号', '任务', '单位']),
        row(1, 2, ['1', '开展河道', '质监局']),
        text(1, 3, '— 1 —'),
        row(2, 4, ['', '清淤行动', '']),
      ]),
    ).toEqual([
      [1, ['序号', '任务', '单位']],
      [1, ['1', '开展河道清淤行动', '质监局']],
      [null, '— 1 —'],
    ])
  })

  it('keeps a header repeated on the next page, and joins the broken row after it onto the row before the break', () => {
    const header = ['序号', '任务', '单位']
    const broken = [row(1, 1, header), row(1, 2, ['1', '开展河道', '区住房城乡建设']), row(2, 4, header), row(2, 5, ['', '清淤行动', '局'])]
    const joined = ['1', '开展河道清淤行动', '区住房城乡建设局']
    expect(summary(broken)).toEqual([
      [1, header],
      [1, joined],
      [1, header],
    ])
  })

  it('keeps a row without first cell when the first column has been merged before (not a 序号 column)', () => {
    const cells = [row(1, 1, ['质量', '开展对标', '质监局']), row(1, 2, ['', '品牌建设', '发改委']), row(2, 3, ['', '标准化', '标准处'])]
    expect(summary(cells).map(([table]) => table)).toEqual([1, 1, 1])
  })

  it('starts a new table when the columns differ or running text lies between', () => {
    const paragraphs = [
      row(1, 1, ['1', '任务', '单位']),
      row(1, 2, ['1', '任务', '单位'], [0, 80, 100]),
      text(1, 3, '二、保障措施：加强组织领导，落实工作责任，确保各项任务按期完成。'),
      row(1, 4, ['1', '任务', '单位'], [0, 80, 100]),
    ]
    expect(summary(paragraphs).map(([table]) => table)).toEqual([1, 2, null, 3])
  })
})
