import { describe, expect, it } from 'vitest'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import { bundledPlan } from './helpers/plan.js'

describe('parsePlan on the bundled plan', () => {
  const plan = bundledPlan()

  it('finds 7 sections and 64 numbered tasks with no problems', () => {
    expect(plan.sections.map((s) => s.tasks.length)).toEqual([9, 10, 9, 8, 10, 13, 5])
    expect(plan.tasks.map((t) => t.number)).toEqual(Array.from({ length: 64 }, (_, k) => k + 1))
    expect(plan.problems).toEqual([])
    expect(plan.sections[2]?.title).toBe('聚焦试点建设,全面支持创新创造')
  })

  it('takes the first 责任单位 as lead and keeps the rest as partners in order', () => {
    const t51 = plan.tasks[50]
    expect(t51?.lead?.name).toBe('价监科')
    expect(t51?.partners.map((u) => u.name)).toEqual(['药品生产科', '药品流通科', '医疗器械科', '综合行政执法支队'])
    expect(t51?.text.endsWith('专项整治。')).toBe(true)
    expect(t51?.text).not.toContain('责任单位')
  })

  it('keeps A<B> as unit A with alias B', () => {
    expect(plan.tasks[7]?.lead).toEqual({ name: '食品生产科', alias: '米粉办', placeholder: false })
    expect(plan.tasks[43]?.lead).toEqual({ name: '消保科', alias: '投诉举报办', placeholder: false })
  })

  it('keeps group words as placeholders, never as invented units', () => {
    expect(plan.tasks[1]?.partners).toEqual([{ name: '相关科室', alias: null, placeholder: true }])
    expect(plan.tasks[63]?.partners.map((u) => [u.name, u.placeholder])).toEqual([
      ['机关各科室', true],
      ['各直属单位', true],
    ])
    expect(plan.tasks[45]?.partners.map((u) => u.name)).toEqual(['市消保委秘书处', '各区县市消保委'])
  })

  it('keeps the closing paragraphs and the bodies that share every business task', () => {
    expect(plan.closing[0]).toContain('排第一的为牵头单位')
    expect(plan.sharedUnits?.names).toContain('柳叶湖旅游度假区市场监督管理局')
    expect(plan.sharedUnits?.sentence).toContain('均为责任单位')
  })

  it('finds dated events by month and day', () => {
    const events = plan.tasks.flatMap((t) => t.events.map((e) => [t.number, e.month, e.day]))
    expect(events).toEqual([
      [28, 4, 26],
      [31, 5, 17],
      [46, 3, 15],
    ])
  })
})

describe('parsePlan on other formats', () => {
  it('reads （1） numbering, 牵头单位/配合单位 labels, half-width brackets and units on their own line', () => {
    const plan = parsePlan(
      [
        '某镇2025年防汛工作要点',
        '为做好今年防汛工作，制定本要点。',
        '一、落实防汛责任',
        '（1）更新责任人名单，年内完成12个村名单更新。(牵头单位:镇防汛办;配合单位:镇水利站、各村委会)',
        '（2）检查山塘水库，检查率达到100%。',
        '牵头单位：镇水利站；配合单位：镇农业站',
        '二、备足防汛物资',
        '（3）新建防汛物资仓库1个。（责任单位：镇财政所、镇防汛办）',
      ].join('\n'),
      'variant.txt',
    )
    expect(plan.title).toBe('某镇2025年防汛工作要点')
    expect(plan.tasks.map((t) => [t.number, t.section, t.lead?.name, t.partners.map((u) => u.name).join('、')])).toEqual([
      [1, 1, '镇防汛办', '镇水利站、各村委会'],
      [2, 1, '镇水利站', '镇农业站'],
      // No lead rule stated and no label says who leads: both stay 责任单位, no lead is invented.
      [3, 2, undefined, '镇财政所、镇防汛办'],
    ])
    expect(plan.tasks[1]?.text).toBe('检查山塘水库，检查率达到100%。')
  })

  it('accepts 1、 numbering and separators ， , ； and applies a lead rule stated after the tasks', () => {
    const plan = parsePlan(
      '一、甲\n1、做好A工作。（责任单位：甲科，乙科;丙科）\n2、做好B工作。(责任单位:丁科)\n以上任务排在第一位的为牵头单位。',
      'x.txt',
    )
    expect(plan.leadRule).toBe('first')
    expect(plan.tasks[0]?.lead?.name).toBe('甲科')
    expect(plan.tasks[0]?.partners.map((u) => u.name)).toEqual(['乙科', '丙科'])
    expect(plan.tasks[1]?.lead?.name).toBe('丁科')
  })

  it('reports a task without units and a file without tasks, with file and line, instead of throwing', () => {
    expect(parsePlan('一、甲\n1.没有单位的任务。\n2.有单位。（责任单位：乙科）', 'a.txt').problems).toEqual([
      { kind: 'no-units', file: 'a.txt', line: 2, message: '第1条没有写明责任单位' },
    ])
    expect(parsePlan('只是一段文字。', 'empty.txt').problems[0]).toMatchObject({ file: 'empty.txt', line: 1 })
  })

  it('skips （一） sub-headings and reads 牵头单位：A，配合单位：B separated by a comma', () => {
    const plan = parsePlan(
      '一、蓝天\n（一）大气污染治理\n1．完成3家企业改造。（牵头单位：县大气办，配合单位：县工信局、县发改局）\n（二）扬尘\n2．加强扬尘管控。（责任单位：县住建局）',
      'county.txt',
    )
    expect(plan.problems).toEqual([])
    expect(plan.tasks.map((t) => [t.lead?.name, t.partners.map((u) => u.name)])).toEqual([
      ['县大气办', ['县工信局', '县发改局']],
      ['县住建局', []],
    ])
  })
})
