import { describe, expect, it } from 'vitest'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import type { Block } from '../src/core/plan/read/blocks.js'
import { recognise } from '../src/core/plan/recognise/recognise.js'
import type { Plan } from '../src/core/plan/types.js'
import { placeholderCovers } from '../src/core/plan/units.js'

/** Each clause form and structure of the genre, on small plans written here. */

const roles = (plan: Plan) => plan.tasks.map((t) => [t.lead?.name ?? null, t.partners.map((u) => u.name)])
const rows = (file: string, table: string[][]): Block[] =>
  table.map((cells, k) => ({ kind: 'row', cells, table: 1, where: { file, line: k + 1, ref: `Sheet1!A${k + 1}` } }))

describe('unit clauses', () => {
  it.each([
    ['（责任单位：甲局）', '甲局', []],
    ['(牵头单位:甲局;配合单位:乙局、丙局)', '甲局', ['乙局', '丙局']],
    ['（牵头单位：甲局，配合单位：乙局，各区、县级市）', '甲局', ['乙局', '各区、县级市']],
    ['[责任科室：办公室]', '办公室', []],
    ['【主责单位：甲局；参加单位：乙局】', '甲局', ['乙局']],
    ['（责任处室：甲处；协办单位：乙处）', '甲处', ['乙处']],
    ['（甲局负责）', '甲局', []],
    ['（甲局牵头，乙局、丙局配合）', '甲局', ['乙局', '丙局']],
    ['（甲局牵头落实）', '甲局', []],
    ['（甲局会同有关部门负责）', '甲局', ['有关部门']],
    ['（责任单位：乙局、甲局（牵头）、丙局）', '甲局', ['乙局', '丙局']],
  ])('%s', (clause, lead, partners) => {
    const plan = parsePlan(`一、总体\n1.做好某项工作。${clause}\n2.另一项工作。（责任单位：丁局）`, 'p.txt')
    expect(roles(plan)[0]).toEqual([lead, partners])
    expect(plan.tasks[0]?.text).toBe('做好某项工作。')
  })

  it('reads a labelled lead and 责任单位 on lines of their own (then 责任单位 co-operate)', () => {
    const plan = parsePlan(
      '1.努力实现增长6.2%左右。\n牵头单位:区发改局\n责任单位:开发区,各街道、区直各部门\n2.另一项。\n牵头单位:区财政局',
      'p.txt',
    )
    expect(roles(plan)).toEqual([
      ['区发改局', ['开发区', '各街道', '区直各部门']],
      ['区财政局', []],
    ])
  })

  it('keeps a list of several 责任单位 without a lead when the document states no rule, and says so', () => {
    const plan = parsePlan('1.甲事。（责任单位：甲局、乙局）\n2.乙事。（甲局、乙局负责）\n3.丙事。（丙局负责）', 'p.txt')
    expect(plan.leadRule).toBe('none')
    expect(roles(plan)).toEqual([
      [null, ['甲局', '乙局']],
      [null, ['甲局', '乙局']],
      ['丙局', []],
    ])
  })

  it.each(['排在第一位的为牵头单位', '列第一位者为牵头单位，下同', '多个单位的，排名第一的单位为牵头单位'])(
    'applies the rule 「%s」 to every list',
    (rule) => {
      const plan = parsePlan(`${rule}。\n1.甲事。（责任单位：甲局、乙局）\n2.乙事。（乙局、丙局负责）`, 'p.txt')
      expect(plan.leadRule).toBe('first')
      expect(roles(plan)).toEqual([
        ['甲局', ['乙局']],
        ['乙局', ['丙局']],
      ])
    },
  )

  it('reads 「由X负责」 and 「X牵头，Y配合」 written as the last sentence without brackets', () => {
    const plan = parsePlan('1.开展甲行动。由区教育局负责。\n2.开展乙行动。区卫健局牵头，各街道配合。', 'p.txt')
    expect(roles(plan)).toEqual([
      ['区教育局', []],
      ['区卫健局', ['各街道']],
    ])
  })

  it.each([
    ['市行政审批服务局负责，9月底前完成。', '市行政审批服务局', [], '9月底前'],
    ['市委宣传部负责，持续推进。', '市委宣传部', [], '持续推进'],
    ['市委人才办牵头，市财政局配合，2024年12月底前完成。', '市委人才办', ['市财政局'], '2024年12月底前'],
    ['市委组织部（市委人才办）负责。', '市委组织部', [], null],
    ['（市住建局牵头，各县区政府具体落实）', '市住建局', ['各县区政府'], null],
    ['（甲局、乙局牵头，各区、县级市落实）', '甲局', ['乙局', '各区、县级市'], null],
    ['（省商务厅牵头，省发改委、省财政厅等按职责分工负责）', '省商务厅', ['省发改委', '省财政厅'], null],
    ['（省发改委牵头，省有关部门和各设区市人民政府按职责分工负责）', '省发改委', ['省有关部门', '各设区市人民政府'], null],
    ['（省商务厅负责，2024年底前完成）', '省商务厅', [], '2024年底前'],
    ['（各镇（街道）负责）', '各镇（街道）', [], null],
  ])('reads the last sentence 「%s」', (clause, lead, partners, deadline) => {
    const plan = parsePlan(`1.做好某项工作。${clause}\n2.另一项。（丁局负责）`, 'p.txt')
    expect([plan.tasks[0]?.lead?.name, plan.tasks[0]?.partners.map((u) => u.name), plan.tasks[0]?.deadline]).toEqual([
      lead,
      partners,
      deadline,
    ])
  })

  it('keeps 「按职责分工负责」 and a bare list of units in brackets as 责任单位, and another name of a unit as its alias', () => {
    const plan = parsePlan(
      '1.甲事。（市委金融办、人行分行按职责分工负责）\n2.乙事。（市发展改革委、市工商联）\n3.丙事。（市委组织部（市委人才办）负责）',
      'p.txt',
    )
    expect(roles(plan)).toEqual([
      [null, ['市委金融办', '人行分行']],
      [null, ['市发展改革委', '市工商联']],
      ['市委组织部', []],
    ])
    expect(plan.tasks[2]?.lead?.alias).toBe('市委人才办')
  })

  it('takes a leader line out of the text and reads the unit lines after it', () => {
    const plan = parsePlan(
      '（一）推进智慧税务建设。\n责任领导：王局长\n牵头单位：征管科\n配合单位：各分局\n完成时限：2024年12月\n（二）优化服务。\n牵头单位：纳税服务科',
      'p.txt',
    )
    expect(plan.tasks.map((t) => [t.text, t.lead?.name, t.partners.map((u) => u.name), t.deadline])).toEqual([
      ['推进智慧税务建设。', '征管科', ['各分局'], '2024年12月'],
      ['优化服务。', '纳税服务科', [], null],
    ])
  })

  it('does not take body text for a unit clause', () => {
    const plan = parsePlan('1.形成办公室牵头协调、各科室分工落实的机制（以下简称“机制”）。（责任单位：甲局）', 'p.txt')
    expect(roles(plan)).toEqual([['甲局', []]])
    expect(plan.tasks[0]?.text).toContain('（以下简称“机制”）')
  })
})

describe('numbering and structure', () => {
  it('takes 一、 items with units as tasks when they carry the units', () => {
    const plan = parsePlan(
      '某某通知\n一、对甲做得好的地方给予支持。（甲部负责）\n二、对乙做得好的地方给予支持。（乙部负责）\n各地要抓好落实。',
      'p.txt',
    )
    expect(plan.tasks.map((t) => [t.number, t.label])).toEqual([
      [1, '一'],
      [2, '二'],
    ])
    expect(plan.closing).toEqual(['各地要抓好落实。'])
  })

  it('nests 一、 （一） 1. and takes the level that carries units; deeper items stay in the task text', () => {
    const plan = parsePlan(
      [
        '一、加强信用建设',
        '（一）加强制度建设。',
        '1.制定制度，包括：',
        '（1）采集制度；',
        '（2）共享制度。（责任单位：甲局）',
        '二、强化应用',
        '2.推进应用。（责任单位：乙局）',
      ].join('\n'),
      'p.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['加强信用建设', '强化应用'])
    expect(plan.tasks.map((t) => [t.number, t.section, t.group ?? null])).toEqual([
      [1, 1, '加强制度建设'],
      [2, 2, null],
    ])
    expect(plan.tasks[0]?.text).toBe('制定制度，包括：（1）采集制度；（2）共享制度。')
  })

  it('reads a number glued to a title that starts with digits, and reports a skipped number', () => {
    const plan = parsePlan('10.甲项目。（责任单位：甲局）\n11.365便民服务项目。（责任单位：乙局）\n13.丙项目。（责任单位：丙局）', 'p.txt')
    expect(plan.tasks.map((t) => [t.number, t.text])).toEqual([
      [10, '甲项目。'],
      [11, '365便民服务项目。'],
      [13, '丙项目。'],
    ])
    expect(plan.problems.map((p) => [p.line, p.message])).toEqual([[3, '编号从 11 跳到 13（缺少 12）']])
  })

  it('numbers by position when the plan restarts its numbering in each section', () => {
    const plan = parsePlan('一、甲\n1.甲一。（责任单位：甲局）\n2.甲二。（责任单位：甲局）\n二、乙\n1.乙一。（责任单位：乙局）', 'p.txt')
    expect(plan.tasks.map((t) => [t.number, t.label])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '1'],
    ])
  })

  it('reads tasks written without numbers under a heading, one paragraph each', () => {
    const blocks: Block[] = [
      { kind: 'paragraph', text: '加强监管', heading: 1, where: { file: 'p.docx', line: 1 } },
      { kind: 'paragraph', text: '开展甲检查。（责任单位：甲科）', where: { file: 'p.docx', line: 2 } },
      { kind: 'paragraph', text: '开展乙检查。（责任单位：乙科）', where: { file: 'p.docx', line: 3 } },
    ]
    const plan = recognise('p.docx', blocks)
    expect(plan.sections.map((s) => s.title)).toEqual(['加强监管'])
    expect(plan.tasks.map((t) => [t.text, t.lead?.name])).toEqual([
      ['开展甲检查。', '甲科'],
      ['开展乙检查。', '乙科'],
    ])
  })

  it('reads a plan without numbering or styles: short lines are headings, paragraphs with units are tasks', () => {
    const plan = parsePlan(
      [
        '2024年全区文旅工作要点',
        '2024年，全区文旅工作要坚持融合发展。各项任务由区文旅局牵头，相关部门配合。',
        '繁荣文化事业',
        '新建城市书房10个。（责任单位：区文旅局、区图书馆）',
        '开展群众文化活动200场。（责任单位：区文化馆）',
        '推动旅游发展',
        '创建4A级景区1家。（责任单位：区文旅局）',
        '区文化和旅游局',
      ].join('\n'),
      'p.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['繁荣文化事业', '推动旅游发展'])
    expect(plan.tasks.map((t) => [t.section, t.lead?.name ?? null])).toEqual([
      [1, null],
      [1, '区文化馆'],
      [2, '区文旅局'],
    ])
    expect(plan.preamble).toContain('各项任务由区文旅局牵头')
    expect(plan.closing).toEqual(['区文化和旅游局'])
  })

  it('reads 第一条 articles, and leaves an article that closes the document out of the tasks', () => {
    const plan = parsePlan(
      '第一条　降低用地成本。\n责任单位：县自然资源局、县财政局\n完成时限：长期\n第二条　清理拖欠账款。\n责任单位：县工信局\n完成时限：每月10日前报送清欠进展\n第三条　本措施由县发改局负责解释，自印发之日起施行。\n说明：责任单位有多个的，列第一位的为牵头单位。',
      'p.txt',
    )
    expect(plan.tasks.map((t) => [t.label, t.lead?.name, t.partners.map((u) => u.name), t.deadline])).toEqual([
      ['一', '县自然资源局', ['县财政局'], '长期'],
      ['二', '县工信局', [], '每月10日前'],
    ])
    expect(plan.closing[0]).toContain('自印发之日起施行')
  })

  it('splits inline points 一是…二是… that carry their own units into tasks under their section', () => {
    const plan = parsePlan(
      '一、就业\n今年重点抓好以下工作：一是开展就业帮扶，由就业促进科牵头，失业保险科配合，2024年11月底前完成；二是推行工资专户管理，由劳动关系科负责。\n二、社保\n扩大参保覆盖面。（牵头单位：社保科）',
      'p.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['就业', '社保'])
    expect(plan.tasks.map((t) => [t.section, t.lead?.name, t.partners.map((u) => u.name), t.deadline])).toEqual([
      [1, '就业促进科', ['失业保险科'], '2024年11月底前'],
      [1, '劳动关系科', [], null],
      [2, '社保科', [], null],
    ])
  })

  it('reads decimal outline numbers 1 / 1.1 / 1.1.1', () => {
    const plan = parsePlan(
      '1 强化质量建设\n1.1 开展质量提升行动。（责任单位：质量科）\n1.2 推进标准化建设。（责任单位：标准科）\n2 加强知识产权\n2.1 开展质押融资，融资额达到8亿元。（责任单位：知识产权科）',
      'p.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['强化质量建设', '加强知识产权'])
    expect(plan.tasks.map((t) => [t.label, t.text.slice(0, 4), t.section])).toEqual([
      ['1.1', '开展质量', 1],
      ['1.2', '推进标准', 1],
      ['2.1', '开展质押', 2],
    ])
    expect(plan.tasks[2]?.targets[0]?.metric).toBe('融资额')
  })

  it('keeps an 附件 list after the tasks and a 保障措施 section without units out of the tasks', () => {
    const plan = parsePlan(
      '一、重点任务\n1.甲。（责任单位：甲局）\n2.乙。（责任单位：乙局）\n二、保障措施\n（一）加强组织领导。领导小组办公室负责统筹协调。\n附件：1.重点项目表\n2.联系人名单',
      'p.txt',
    )
    expect(plan.tasks.map((t) => t.text)).toEqual(['甲。', '乙。'])
    expect(plan.closing).toContain('2.联系人名单')
  })

  it('finds the plan title after a cover notice, and a title over two lines', () => {
    const notice = parsePlan(
      '某办〔2015〕1号\n关于印发甲方案的通知\n各单位：\n现印发给你们。\n2015年8月31日\n甲区信用体系建设任务分工实施方案\n1.甲。（责任单位：甲局）',
      'p.txt',
    )
    expect(notice.title).toBe('甲区信用体系建设任务分工实施方案')
    const twoLines = parsePlan('国务院办公厅关于对成效明显地方\n加大激励力度的通知\n一、甲。（甲部负责）', 'p.txt')
    expect(twoLines.title).toBe('国务院办公厅关于对成效明显地方加大激励力度的通知')
  })

  it('reports a paragraph between tasks that belongs to none, and a file without tasks', () => {
    const plan = parsePlan('1.甲。（责任单位：甲局）\n这一段不属于任何任务。\n2.乙。（责任单位：乙局）', 'p.txt')
    expect(plan.problems).toEqual([
      { kind: 'unplaced', file: 'p.txt', line: 2, message: '这段文字不属于任何任务：这一段不属于任何任务。…' },
    ])
    const none = parsePlan('一段说明文字，没有任务。', 'err.txt')
    expect(none.tasks).toEqual([])
    expect(none.problems[0]?.message).toContain('没有找到任务')
  })
})

describe('deadlines and targets', () => {
  it('keeps deadlines from labels, lines of their own and the text', () => {
    const plan = parsePlan(
      '1.甲。（责任单位：甲局；完成时限：6月底前）\n2.乙，于2023年10月底前完成。（责任单位：乙局）\n3.丙。（责任单位：丙局）\n完成时限：持续推进',
      'p.txt',
    )
    expect(plan.tasks.map((t) => t.deadline)).toEqual(['6月底前', '2023年10月底前', '持续推进'])
    expect(plan.tasks[2]?.text).toBe('丙。')
  })

  it('reads figures with compound measures and leaves the digits of a name alone', () => {
    const plan = parsePlan('11.365人才培育计划。新增就业1.5万人，举办讲座50场次，办结时限压缩至1个工作日。（责任单位：甲部）', 'p.txt')
    expect(plan.tasks[0]?.targets.map((t) => [t.value, t.unit])).toEqual([
      [1.5, '万人'],
      [50, '场次'],
      [1, '个工作日'],
    ])
  })

  it('gives a target written number-first its metric', () => {
    const plan = parsePlan('1.培训100名质量管理人员、200名计量检定员。（责任单位：甲部）', 'p.txt')
    expect(plan.tasks[0]?.targets.map((t) => [t.value, t.unit, t.metric])).toEqual([
      [100, '名', '培训质量管理人员'],
      [200, '名', '计量检定员'],
    ])
  })
})

describe('tables', () => {
  it('reads a breakdown table by its column names, with merged categories as sections', () => {
    const plan = recognise(
      'p.xlsx',
      rows('p.xlsx', [
        ['甲局2024年重点任务分解表', '', '', '', ''],
        ['序号', '重点任务', '具体措施', '牵头单位', '配合单位', '完成时限'],
        ['1', '一、优化营商环境', '推行企业开办一网通办，全年新增市场主体3000户以上。', '登记注册科', '信息中心', '6月底前'],
        ['2', '一、优化营商环境', '开展涉企收费检查。', '价监科', '', '年底前'],
        ['序号', '重点任务', '具体措施', '牵头单位', '配合单位', '完成时限'],
        ['3', '二、守牢安全底线', '开展电梯安全攻坚。', '特安科牵头，各分局配合', '', '持续推进'],
        ['序号', '重点任务', '具体措施', '牵头单位', '配合单位', '完成时限'],
        // A merge that starts in the repeated header row repeats the column name below it.
        ['4', '重点任务', '开展气瓶专项整治。', '特安科', '', '持续推进'],
      ]),
    )
    expect(plan.title).toBe('甲局2024年重点任务分解表')
    expect(plan.sections.map((s) => s.title)).toEqual(['优化营商环境', '守牢安全底线'])
    expect(plan.tasks.map((t) => [t.number, t.section, t.lead?.name, t.partners.map((u) => u.name), t.deadline])).toEqual([
      [1, 1, '登记注册科', ['信息中心'], '6月底前'],
      [2, 1, '价监科', [], '年底前'],
      [3, 2, '特安科', ['各分局'], '持续推进'],
      [4, 2, '特安科', [], '持续推进'],
    ])
    expect(plan.tasks[0]?.targets[0]).toMatchObject({ value: 3000, unit: '户' })
  })

  it('reads a table pasted as text: tabs, an empty merged cell, a header shorter than its rows; an empty unit cell stays empty', () => {
    // Each row has its own first cell here: a title, kept before the task text.
    const titled = parsePlan(
      [
        '工作任务\t具体要求\t责任科室',
        '做好公开\t1\t发布目录。\t办公室',
        '编制年报\t2\t编制年报。\t办公室',
        '加强宣传\t3\t报送稿件。\t各科室',
      ].join('\n'),
      'p.txt',
    )
    expect(titled.tasks.map((t) => t.text)).toEqual(['做好公开：发布目录。', '编制年报：编制年报。', '加强宣传：报送稿件。'])
    const plan = parsePlan(
      [
        '工作任务\t具体要求\t责任科室\t时限要求',
        '做好公开\t1\t发布目录。\t办公室\t年底前',
        '\t2\t编制年报。\t\t持续推进',
        '加强宣传\t3\t报送稿件。\t各科室\t持续推进',
      ].join('\n'),
      'p.txt',
    )
    // The first column repeats (a merged cell): its values are sections. A text table does not say
    // which cells were merged, so the empty 责任科室 of row 2 is not taken from the row above.
    expect(plan.sections.map((s) => s.title)).toEqual(['做好公开', '加强宣传'])
    expect(plan.tasks.map((t) => [t.number, t.section, t.text, t.lead?.name, t.deadline])).toEqual([
      [1, 1, '发布目录。', '办公室', '年底前'],
      [2, 1, '编制年报。', undefined, '持续推进'],
      [3, 2, '报送稿件。', '各科室', '持续推进'],
    ])
  })

  it('reads ` | ` rows and a table flattened one cell per line', () => {
    const piped = parsePlan('序号 | 工作任务 | 责任单位\n1 | 甲任务。 | 甲局\n2 | 乙任务。 | 乙局', 'p.md.txt')
    expect(roles(piped)).toEqual([
      ['甲局', []],
      ['乙局', []],
    ])
    const perLine = parsePlan('序号\n工作任务\n牵头单位\n完成时限\n1\n甲任务。\n甲局\n6月底前\n2\n乙任务。\n乙局\n年底前', 'p.txt')
    expect(perLine.tasks.map((t) => [t.number, t.text, t.lead?.name, t.deadline])).toEqual([
      [1, '甲任务。', '甲局', '6月底前'],
      [2, '乙任务。', '乙局', '年底前'],
    ])
  })

  it('reads rows that span the table as sections, sub-headings and notes (a lead rule in a note at the end)', () => {
    const plan = recognise(
      'p.xlsx',
      rows('p.xlsx', [
        ['序号', '工作任务', '责任单位', '完成时限'],
        ['一、深入推进污染防治', '', '', ''],
        ['（一）大气治理', '', '', ''],
        ['1', '完成企业改造。', '甲局、乙局', '6月底前'],
        ['2', '加强扬尘管控。', '县交通运输局、县公安局（牵头）', '2024年11月30日'],
        ['二、加强生态保护', '', '', ''],
        ['3', '开展巡查。', '甲科\n乙科'.replace('\n', ' '), '持续推进'],
        ['备注：责任单位中排在第一位的为牵头单位。', '', '', ''],
      ]),
    )
    expect(plan.leadRule).toBe('first')
    expect(plan.sections.map((s) => s.title)).toEqual(['深入推进污染防治', '加强生态保护'])
    expect(plan.tasks.map((t) => [t.number, t.section, t.group ?? null, t.lead?.name, t.partners.map((u) => u.name)])).toEqual([
      [1, 1, '大气治理', '甲局', ['乙局']],
      [2, 1, '大气治理', '县公安局', ['县交通运输局']],
      [3, 2, null, '甲科', ['乙科']],
    ])
    expect(plan.closing).toEqual(['备注：责任单位中排在第一位的为牵头单位。'])
  })

  it('reads a header over two rows, and a second table on the same sheet with its own header', () => {
    const plan = recognise(
      'p.xlsx',
      rows('p.xlsx', [
        ['序号', '工作任务', '责任分工', '', '完成时限'],
        ['', '', '牵头单位', '配合单位', ''],
        ['1', '完成政策制定。', '市工信局', '市住建局、各区县人民政府', '第三季度'],
        ['二、重大项目推进表', '', '', '', ''],
        ['序号', '项目名称', '建设内容', '责任单位', '完成时限'],
        ['1', '滨江片区更新', '改造建筑面积12万平方米', '区住建局', '2024年10月'],
      ]),
    )
    expect(plan.tasks.map((t) => [t.text, t.lead?.name, t.partners.map((u) => u.name), t.deadline])).toEqual([
      ['完成政策制定。', '市工信局', ['市住建局', '各区县人民政府'], '第三季度'],
      ['滨江片区更新：改造建筑面积12万平方米', '区住建局', [], '2024年10月'],
    ])
  })

  it('reports a unit cell it cannot read and a column it does not understand', () => {
    const plan = recognise(
      'p.xlsx',
      rows('p.xlsx', [
        ['序号', '工作任务', '责任单位', '备注说明'],
        ['1', '甲任务。', '请于每月5日前报送进度。', 'x'],
      ]),
    )
    expect(plan.problems.map((p) => p.message)).toEqual([
      '表格列「备注说明」未能识别，已忽略其中 1 个单元格（如：x）',
      '第1行的责任单位未能识别：请于每月5日前报送进度。',
      '第1条没有写明责任单位',
    ])
    expect(plan.problems[0]?.ref).toBe('Sheet1!A1')
  })
})

describe('group words', () => {
  it.each([
    ['机关各科室', '价监科', true],
    ['机关各科室', '办公室', true],
    ['机关各科室', '综合行政执法支队', false],
    ['各处室', '质监处', true],
    ['相关科室', '综合行政执法支队', true],
    ['食品相关科室', '食品生产科', true],
    ['食品相关科室', '价监科', false],
  ])('%s covers %s: %s', (word, unit, covers) => {
    expect(placeholderCovers(word, unit)).toBe(covers)
  })
})
