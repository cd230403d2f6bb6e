import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { readSeedPlan } from '../src/core/plan/load-seeds.js'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import type { Plan } from '../src/core/plan/types.js'
import { tempFolder } from './fixtures/read/temp-files.js'

/**
 * Task tables as bureaus hand them over, on invented health and transport bureau plans: cells that
 * label their own units, the bureau's own office and persons in columns of their own, deadlines in a
 * 工作进度 column, text tables whose merged cells went missing, headings between text rows; in text,
 * a real .xlsx and a real .docx. An empty cell is empty unless the file merges it.
 */

const files = tempFolder()
afterAll(files.cleanup)

const roles = (plan: Plan) => plan.tasks.map((t) => [t.lead?.name ?? null, t.partners.map((u) => u.name)])

describe('text tables', () => {
  it('moves the cells of a row whose merged cells went missing back under their columns', () => {
    const plan = parsePlan(
      [
        '某区卫生健康局2024年政务公开任务分工',
        '一级任务 | 二级任务 | 序号 | 工作内容 | 责任单位 | 工作进度 |',
        '一、推进决策公开 | （一）规范重大决策 | 1 | 编制年度重大行政决策事项目录。 | 办公室牵头,各科室负责落实 | 5月前 |',
        '2 | 开展决策听证。 | 法规科、医政科负责落实 | 春秋季 |',
        '（二）做好解读回应 | 3 | 发布政策解读材料。 | 宣传科牵头落实 | 适时 |',
        '4 | 回应社会关切。 | 各科室 | 长期坚持 |',
        '二、加强平台建设 | （三）优化网站 | 5 | 更新网站栏目。 | 信息中心 | 2025年底前 |',
        '6 | 开展网站自查。 |  | 全年 |',
      ].join('\n'),
      'health.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['推进决策公开', '加强平台建设'])
    expect(plan.tasks.map((t) => [t.number, t.group, t.text, t.lead?.name ?? null, t.partners.map((u) => u.name)])).toEqual([
      [1, '规范重大决策', '编制年度重大行政决策事项目录。', '办公室', ['各科室']],
      [2, '规范重大决策', '开展决策听证。', null, ['法规科', '医政科']],
      [3, '做好解读回应', '发布政策解读材料。', '宣传科', []],
      [4, '做好解读回应', '回应社会关切。', '各科室', []],
      [5, '优化网站', '更新网站栏目。', '信息中心', []],
      // The empty unit cell is not taken from the row above: a text table does not say it was merged.
      [6, '优化网站', '开展网站自查。', null, []],
    ])
    expect(plan.tasks.map((t) => [t.deadline, t.due ?? null])).toEqual([
      ['5月前', '2024-05-31'],
      ['春秋季', '2024-11-30'],
      ['适时', null],
      ['长期坚持', null],
      ['2025年底前', '2025-12-31'],
      ['全年', '2024-12-31'],
    ])
  })

  it('keeps a 进度安排 cell of several steps as written, due on its last step, and never takes 开始时间 for a deadline', () => {
    const plan = parsePlan(
      [
        '序号\t重点任务\t牵头单位\t开始时间\t进度安排',
        '1\t建设区域医疗中心。\t市卫健委\t2024年1月\t3月底前完成方案；10月底前主体完工',
        '2\t推进家庭医生签约。\t基层卫生科\t2024年3月\t一季度启动，四季度完成',
      ].join('\n'),
      'health-2024.txt',
    )
    expect(plan.tasks.map((t) => [t.deadline, t.due ?? null])).toEqual([
      ['3月底前完成方案；10月底前主体完工', null],
      ['一季度启动，四季度完成', null],
    ])
    expect(plan.problems.map((p) => p.message)).toContain('表格列「开始时间」未能识别，已忽略其中 2 个单元格（如：2024年1月）')
    // With the plan year known (from the title), the last step gives the day.
    const dated = parsePlan(
      `某市卫生健康委2024年重点任务\n${'序号\t重点任务\t牵头单位\t进度安排\n1\t建设区域医疗中心。\t市卫健委\t3月底前完成方案；10月底前主体完工'}`,
      'h.txt',
    )
    expect(dated.tasks[0]?.due).toBe('2024-10-31')
  })

  it('reads a table without header whose rows shift left under merged cells, finding the unit column by its contents', () => {
    const plan = parsePlan(
      [
        '一、优化出行服务 | 1.推进公交线网优化。 | 客运科 |',
        '2.开展出租车专项整治。 | 执法大队牵头,客运科配合 | |',
        '二、加强安全监管 | 3.开展道路运输安全检查。 | 安监科 |',
        '4.做好汛期道路巡查。 | 各科室 | |',
      ].join('\n'),
      'transport.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['优化出行服务', '加强安全监管'])
    expect(plan.tasks.map((t) => [t.label, t.text])).toEqual([
      ['1', '推进公交线网优化。'],
      ['2', '开展出租车专项整治。'],
      ['3', '开展道路运输安全检查。'],
      ['4', '做好汛期道路巡查。'],
    ])
    expect(roles(plan)).toEqual([
      ['客运科', []],
      ['执法大队', ['客运科']],
      ['安监科', []],
      ['各科室', []],
    ])
  })

  it('reads numbered headings between tab-separated rows as the table’s sections, and labelled cells without a header', () => {
    const plan = parsePlan(
      [
        '附件',
        '某区交通运输局重点任务分工表',
        '一、完善综合交通网络',
        '（一）推进重点工程',
        '3.加快环岛公路建设。\t牵头单位：区交通局 参加单位：区财政局、区自然资源局\t责任科室：规划科',
        '8.推进客运枢纽建设。\t牵头单位：区交通局 参加单位：区住建局\t责任科室：建设科、规划科',
        '（二）改善农村公路',
        '12.实施农村公路提质改造。\t牵头单位：区农业农村局 参加单位：区交通局\t责任科室：养护中心',
      ].join('\n'),
      'transport.txt',
    )
    expect(plan.title).toBe('某区交通运输局重点任务分工表')
    expect(plan.sections.map((s) => s.title)).toEqual(['完善综合交通网络'])
    expect(plan.tasks.map((t) => [t.number, t.group, t.lead?.name, t.partners.map((u) => u.name), t.offices?.map((u) => u.name)])).toEqual([
      [3, '推进重点工程', '区交通局', ['区财政局', '区自然资源局'], ['规划科']],
      [8, '推进重点工程', '区交通局', ['区住建局'], ['建设科', '规划科']],
      [12, '改善农村公路', '区农业农村局', ['区交通局'], ['养护中心']],
    ])
    expect(plan.tasks[0]?.unitSource).toBe('单元格「牵头单位：区交通局 参加单位：区财政局、区自然资源局」；单元格「责任科室：规划科」')
  })
})

describe('workbooks and Word tables', () => {
  it('reads a sheet whose cells label their own units, with the bureau’s office, persons and a 时间节点 column', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('任务分工')
    sheet.addRow(['某市交通运输局2024年重点任务分工表'])
    sheet.mergeCells('A1:E1')
    sheet.addRow(['一、完善综合交通网络'])
    sheet.mergeCells('A2:E2')
    sheet.addRow([
      '5.推进高速公路建设。',
      '牵头单位：市交通局\n参加单位：市发改委、市财政局',
      '责任处室：建设处',
      '分管领导：张副局长',
      '时间节点：9月底前',
    ])
    sheet.addRow([
      '6.开展治超专项行动。',
      '牵头单位：市公安局\n参加单位：市交通局',
      '责任处室：执法支队',
      '分管领导：李副局长',
      '时间节点：全年',
    ])
    const { plan } = await readSeedPlan(files.write('transport.xlsx', Buffer.from(await workbook.xlsx.writeBuffer())))
    expect(plan.title).toBe('某市交通运输局2024年重点任务分工表')
    expect(plan.sections.map((s) => s.title)).toEqual(['完善综合交通网络'])
    expect(
      plan.tasks.map((t) => [
        t.number,
        t.lead?.name,
        t.partners.map((u) => u.name),
        t.offices?.map((u) => u.name),
        t.people,
        t.deadline,
        t.due,
      ]),
    ).toEqual([
      [5, '市交通局', ['市发改委', '市财政局'], ['建设处'], [{ role: '分管领导', name: '张副局长' }], '9月底前', '2024-09-30'],
      [6, '市公安局', ['市交通局'], ['执法支队'], [{ role: '分管领导', name: '李副局长' }], '全年', '2024-12-31'],
    ])
    expect(plan.problems).toEqual([])
  })

  it('reads a Word table with 牵头单位/配合单位/责任科室/责任领导/完成时间 columns: a merged lead cell spans, an empty one does not', async () => {
    const cell = (text: string, rowSpan?: number) => new TableCell({ children: [new Paragraph(text)], rowSpan })
    const table = new Table({
      rows: [
        new TableRow({
          tableHeader: true,
          children: ['序号', '工作任务', '牵头单位', '配合单位', '责任科室', '责任领导', '完成时间'].map((t) => cell(t)),
        }),
        new TableRow({
          children: [
            cell('1'),
            cell('推进全民健康信息平台建设。'),
            cell('市卫健委', 2),
            cell('市大数据局'),
            cell('规划信息科'),
            cell('王局长'),
            cell('2024年10月'),
          ],
        }),
        new TableRow({ children: [cell('2'), cell('推行电子健康码。'), cell(''), cell('医政科'), cell('赵副局长'), cell('年底前')] }),
        new TableRow({
          children: [cell('3'), cell('开展健康知识进社区活动。'), cell(''), cell('各区卫健局'), cell('疾控科'), cell(''), cell('长期坚持')],
        }),
      ],
    })
    const doc = new Document({ sections: [{ children: [new Paragraph('某市卫生健康委2024年重点任务'), table] }] })
    const { plan } = await readSeedPlan(files.write('health.docx', await Packer.toBuffer(doc)))
    expect(
      plan.tasks.map((t) => [
        t.number,
        t.lead?.name ?? null,
        t.partners.map((u) => u.name),
        t.offices?.map((u) => u.name),
        t.people,
        t.deadline,
      ]),
    ).toEqual([
      [1, '市卫健委', ['市大数据局'], ['规划信息科'], [{ role: '责任领导', name: '王局长' }], '2024年10月'],
      [2, '市卫健委', [], ['医政科'], [{ role: '责任领导', name: '赵副局长' }], '年底前'],
      // Not merged in the file: the empty 牵头单位 is empty, so the co-operating group is all it names.
      [3, null, ['各区卫健局'], ['疾控科'], undefined, '长期坚持'],
    ])
  })
})
