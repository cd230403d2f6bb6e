import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { afterAll, describe, expect, it } from 'vitest'
import { readSeedPlan } from '../src/core/plan/load-seeds.js'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import type { Plan } from '../src/core/plan/types.js'
import { tempFolder } from './fixtures/read/temp-files.js'

/**
 * Which items of an outline are tasks, on an invented water bureau plan: goal and principle
 * paragraphs are not; sub-tasks each closed by a clause of their own are tasks, under their item's
 * heading; the same whatever the container (.txt or a real .docx).
 */

const files = tempFolder()
afterAll(files.cleanup)

const WATER = [
  '某市水务局2025年重点任务分工',
  '一、总体要求',
  '（一）指导思想。以节水优先为指导，统筹推进各项工作。',
  '（二）基本原则',
  '1.坚持节水优先。',
  '2.坚持系统治理。',
  '（三）发展目标。到2027年，全市用水总量控制在3.5亿立方米以内。',
  '二、重点任务',
  '（四）加强供水保障。推进城区管网改造，更换老旧管道。（供水科负责）开展二次供水设施检查，排查泵房隐患。（供水科、安全科负责）建设智慧水务平台。（信息中心牵头，供水科配合）',
  '（五）完善排水设施。推进雨污分流。（排水科负责）',
  '（六）推进河湖治理。',
  '加强河道日常巡查，及时清理漂浮物。',
  '河道科牵头落实',
  '开展水源地保护专项行动。',
  '河道科、水政监察大队分别牵头落实',
]

const shape = (plan: Plan) => plan.tasks.map((t) => [t.label, t.group ?? null, t.text, t.lead?.name ?? null, t.partners.map((u) => u.name)])

const EXPECTED = [
  ['四-1', '加强供水保障', '加强供水保障。推进城区管网改造，更换老旧管道。', '供水科', []],
  ['四-2', '加强供水保障', '开展二次供水设施检查，排查泵房隐患。', null, ['供水科', '安全科']],
  ['四-3', '加强供水保障', '建设智慧水务平台。', '信息中心', ['供水科']],
  ['五', null, '完善排水设施。推进雨污分流。', '排水科', []],
  // Numbered by position: the split items have no number of their own.
  ['5', '推进河湖治理', '加强河道日常巡查，及时清理漂浮物。', '河道科', []],
  ['6', '推进河湖治理', '开展水源地保护专项行动。', '河道科', ['水政监察大队']],
]

describe('which items are tasks', () => {
  it('splits an item whose sentences are each closed by a clause of their own, keeping the heading as group', () => {
    expect(shape(parsePlan(WATER.join('\n'), 'water.txt'))).toEqual(EXPECTED)
  })

  it('leaves guiding principles, principles and goals out of the tasks (they stay in the preamble), keeping the section', () => {
    const plan = parsePlan(WATER.join('\n'), 'water.txt')
    expect(plan.preamble).toContain('到2027年，全市用水总量控制在3.5亿立方米以内')
    expect(plan.preamble).toContain('坚持系统治理')
    // The goal's figures are kept as the plan's goals, not a task's targets.
    expect(plan.goals?.map((g) => g.targets.map((t) => [t.metric, t.value, t.unit]))).toEqual([[['用水总量', 3.5, '亿立方米']]])
    expect(plan.sections.map((s) => [s.title, s.tasks.length])).toEqual([
      ['总体要求', 0],
      ['重点任务', 6],
    ])
    expect(plan.problems).toEqual([])
  })

  it('splits inline points （1）（2） and ①② that carry their own clauses into tasks under their item', () => {
    const plan = parsePlan(
      [
        '一、保障供水安全',
        '1.加强水质监管：（1）开展水源地专项检查（水源科负责）；（2）开展管网水抽检200批次（检测中心负责）。',
        '2.强化设施安全：①开展泵站安全攻坚（泵站科负责）；②开展阀门专项整治（泵站科、维修队负责）。',
        '3.完善应急预案。（应急办负责）',
      ].join('\n'),
      'water.txt',
    )
    expect(shape(plan)).toEqual([
      ['1', '加强水质监管', '开展水源地专项检查', '水源科', []],
      ['2', '加强水质监管', '开展管网水抽检200批次。', '检测中心', []],
      ['1', '强化设施安全', '开展泵站安全攻坚', '泵站科', []],
      ['2', '强化设施安全', '开展阀门专项整治。', null, ['泵站科', '维修队']],
      ['3', null, '完善应急预案。', '应急办', []],
    ])
  })

  it('keeps an item with two clauses side by side, or a clause inside a sentence, as one task', () => {
    const plan = parsePlan(
      [
        '1.建设节水型社会（牵头单位：节水办）（配合单位：供水科）。',
        '2.开展水质检测（供水科负责）和管网测漏（工程科负责），确保安全。',
      ].join('\n'),
      'water.txt',
    )
    expect(plan.tasks.map((t) => [t.lead?.name ?? null, t.partners.map((u) => u.name)])).toEqual([
      ['节水办', ['供水科']],
      [null, ['供水科', '工程科']],
    ])
  })

  it('reads a Word table flattened one cell per line: headings, then each text followed by its unit line and 时限 line', () => {
    const plan = parsePlan(
      [
        '某市人社局2024年政务公开实施方案',
        '目标',
        '任务',
        '主要内容',
        '责任单位',
        '完成时限',
        '一、以公开促就业',
        '（一）加强政策解读',
        '围绕就业创业政策开展解读。',
        '市人社局牵头落实',
        '6月底前',
        '做好招聘信息发布。',
        '市就业中心、各县区人社局分别负责落实',
        '长期坚持',
      ].join('\n'),
      'hr.txt',
    )
    expect(plan.sections.map((s) => s.title)).toEqual(['以公开促就业'])
    expect(plan.tasks.map((t) => [t.group, t.text, t.lead?.name, t.partners.map((u) => u.name), t.deadline, t.due ?? null])).toEqual([
      ['加强政策解读', '围绕就业创业政策开展解读。', '市人社局', [], '6月底前', '2024-06-30'],
      ['加强政策解读', '做好招聘信息发布。', '市就业中心', ['各县区人社局'], '长期坚持', null],
    ])
  })

  it('reads the same tasks from a Word file with heading styles', async () => {
    const children = WATER.map((text) => {
      if (/^[一二三四]、/.test(text)) return new Paragraph({ text, heading: HeadingLevel.HEADING_1 })
      return new Paragraph(text)
    })
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children }] }))
    const { plan } = await readSeedPlan(files.write('water.docx', bytes))
    expect(shape(plan)).toEqual(EXPECTED)
  })
})
