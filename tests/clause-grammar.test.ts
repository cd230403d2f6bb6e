import { describe, expect, it } from 'vitest'
import { unitsLine } from '../src/core/format/plan-wording.js'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import type { Plan } from '../src/core/plan/types.js'

/**
 * The grammar of unit clauses, labelled and in prose, and the rules a plan states once; on small
 * invented plans of a county education bureau. One case per form, and the neighbouring forms
 * bureaus write.
 */

const roles = (plan: Plan) => plan.tasks.map((t) => [t.lead?.name ?? null, t.partners.map((u) => u.name)])
const first = (clause: string) => {
  const plan = parsePlan(`一、办学\n1.新建幼儿园3所。${clause}\n2.另一项工作。（责任单位：办公室）`, 'edu.txt')
  return { roles: roles(plan)[0], task: plan.tasks[0] }
}

describe('labelled clauses', () => {
  it.each([
    ['（牵头单位：基建股 参加单位：计财股、安全股）', '基建股', ['计财股', '安全股']],
    ['（牵头单位：基建股；配合单位：计财股）', '基建股', ['计财股']],
    ['（牵头：基建股 协办：计财股、纪检组）', '基建股', ['计财股', '纪检组']],
    ['（主办单位：后勤股；协办单位：安全股）', '后勤股', ['安全股']],
    ['（牵头科室：基建股，配合科室：计财股）', '基建股', ['计财股']],
    ['（牵头部门：县教育局；协同部门：县财政局、县住建局）', '县教育局', ['县财政局', '县住建局']],
    ['（责任单位：县财政局、县教育局〔牵头〕）', '县教育局', ['县财政局']],
    ['（牵头单位：县教育局；责任单位：县直有关单位，各乡（镇）人民政府）', '县教育局', ['县直有关单位', '各乡（镇）人民政府']],
  ])('%s', (clause, lead, partners) => {
    const { roles, task } = first(clause)
    expect(roles).toEqual([lead, partners])
    expect(task?.text).toBe('新建幼儿园3所。')
  })

  it('keeps persons (责任领导, 联系人) as people, never as units, and a labelled deadline as the deadline', () => {
    const { roles, task } = first('（牵头单位：资助中心；责任领导：王副局长；联系人：李明；完成时限：2024年9月底前）')
    expect(roles).toEqual(['资助中心', []])
    expect(task?.people).toEqual([
      { role: '责任领导', name: '王副局长' },
      { role: '联系人', name: '李明' },
    ])
    expect(task?.deadline).toBe('2024年9月底前')
    // Answers show them as persons, under the plan's own labels.
    expect(task && unitsLine(task)).toBe('牵头：资助中心；责任领导：王副局长；联系人：李明')
  })

  it('keeps a 责任处室 beside a 牵头单位 as the bureau’s own office, and alone as the responsible unit', () => {
    expect(first('（牵头单位：县住建局；配合单位：县财政局；责任股室：基建股）').task).toMatchObject({
      lead: { name: '县住建局' },
      partners: [{ name: '县财政局' }],
      offices: [{ name: '基建股' }],
    })
    expect(first('（责任股室：基建股）').task).toMatchObject({ lead: { name: '基建股' }, partners: [] })
    const office = first('（牵头单位：县住建局；责任股室：基建股）').task
    expect(office && unitsLine(office)).toBe('牵头：县住建局；责任处室：基建股')
  })
})

describe('clauses in prose', () => {
  it.each([
    ['（责任分工：由教研室负责，教育股组织实施，督导室配合，县进修学校业务指导）', '教研室', ['教育股', '督导室', '县进修学校']],
    ['（由人事股牵头，纪检组配合）', '人事股', ['纪检组']],
    ['（安全股牵头负责；各学校负责配合落实）', '安全股', ['各学校']],
    ['（基建股、计财股分别牵头落实）', '基建股', ['计财股']],
    ['（县教育局会同有关部门负责）', '县教育局', ['有关部门']],
    // Joint leads as written: the first leads, the others follow; groups co-operate by their duties.
    [
      '（县政府办公室、县教育局牵头，县级各有关部门及各乡镇政府按职责分工负责）',
      '县政府办公室',
      ['县教育局', '县级各有关部门', '各乡镇政府'],
    ],
    // One named unit beside group words only: the named unit leads.
    ['（县政府办公室、县政府各部门负责落实）', '县政府办公室', ['县政府各部门']],
    // Several named units and no rule: no lead is named.
    ['（基建股、计财股负责）', null, ['基建股', '计财股']],
    // A comma between names of one list: the names before it share the verb after it.
    ['（基建股、计财股，各学校按职责分工负责）', null, ['基建股', '计财股', '各学校']],
    ['（人事股，纪检组牵头）', '人事股', ['纪检组']],
  ])('%s', (clause, lead, partners) => {
    expect(first(clause).roles).toEqual([lead, partners])
  })

  it('reads labelled lines after an item: 牵头责任单位 and 协同责任单位, a person line before them, 「1﹒」 numbering', () => {
    const plan = parsePlan(
      [
        '一、办学条件',
        '1﹒新建幼儿园3所。',
        '牵头负责领导:王副局长。',
        '牵头责任单位:基建股。',
        '协同责任单位:计财股、安全股。',
        '完成时限:2024年9月底前',
        '2﹒改造薄弱学校5所。',
        '分管县领导:李副县长。',
        '牵头责任单位:计财股。',
      ].join('\n'),
      'edu.txt',
    )
    expect(roles(plan)).toEqual([
      ['基建股', ['计财股', '安全股']],
      ['计财股', []],
    ])
    expect(plan.tasks.map((t) => t.text)).toEqual(['新建幼儿园3所。', '改造薄弱学校5所。'])
    expect(plan.tasks.map((t) => t.people)).toEqual([
      [{ role: '牵头负责领导', name: '王副局长' }],
      [{ role: '分管县领导', name: '李副县长' }],
    ])
    expect(plan.tasks[0]?.deadline).toBe('2024年9月底前')
  })

  it('reads a clause closing the text without brackets, over sentences joined by 「；」', () => {
    const plan = parsePlan('1.开展校园安全排查。安全股牵头负责；各学校负责配合落实。\n2.做好招生工作。由招生办负责。', 'edu.txt')
    expect(roles(plan)).toEqual([
      ['安全股', ['各学校']],
      ['招生办', []],
    ])
    expect(plan.tasks.map((t) => t.text)).toEqual(['开展校园安全排查。', '做好招生工作。'])
  })

  it('reads a clause on a line of its own after the item, and after an unnumbered paragraph', () => {
    const plan = parsePlan(
      [
        '一、改善办学条件',
        '1.改造薄弱学校校舍。',
        '（基建股、计财股、安全股按职责分工负责）',
        '二、加强队伍建设',
        '开展教师全员培训。',
        '人事股牵头落实',
        '推进校长职级制改革。',
        '人事股、督导室分别牵头落实',
      ].join('\n'),
      'edu.txt',
    )
    expect(plan.tasks.map((t) => [t.text, t.lead?.name ?? null, t.partners.map((u) => u.name), t.unitSource])).toEqual([
      ['改造薄弱学校校舍。', null, ['基建股', '计财股', '安全股'], '括注「（基建股、计财股、安全股按职责分工负责）」'],
      ['开展教师全员培训。', '人事股', [], '单独一行「人事股牵头落实」'],
      ['推进校长职级制改革。', '人事股', ['督导室'], '单独一行「人事股、督导室分别牵头落实」'],
    ])
  })

  it('does not take a sentence that only sounds like a clause (各地要抓好落实, 各校要积极落实) for units', () => {
    const plan = parsePlan('1.开展消防演练，各校要积极落实。\n2.开展校园安全排查。（安全股负责）\n各地要抓好落实。', 'edu.txt')
    expect(roles(plan)).toEqual([
      [null, []],
      ['安全股', []],
    ])
    expect(plan.closing).toEqual(['各地要抓好落实。'])
  })
})

describe('rules stated once', () => {
  it('applies 「列第一位者为牵头单位，下同」 written inside the first clause to every list, and records it', () => {
    const plan = parsePlan(
      '1.新建幼儿园3所。（责任单位：基建股、计财股，列第一位者为牵头单位，下同）\n2.推进集团化办学。（责任单位：教研室、教育股）\n3.做好招生。（招生办负责）',
      'edu.txt',
    )
    expect(plan.leadRule).toBe('first')
    expect(roles(plan)).toEqual([
      ['基建股', ['计财股']],
      ['教研室', ['教育股']],
      ['招生办', []],
    ])
    expect(plan.rules).toEqual([
      { kind: 'lead-first', sentence: '列第一位者为牵头单位，下同', effect: '列第一位的单位为牵头单位', tasks: [1, 2] },
    ])
  })

  it('adds the bodies of 「以下各项任务均需…配合落实，不再一一列出」 to every task after it', () => {
    const plan = parsePlan(
      [
        '某县教育局2024年工作要点',
        '一、办学',
        '1.做好开学准备。（办公室负责）',
        '以下各项任务均需各乡镇中心学校配合落实，不再一一列出。',
        '2.新建幼儿园3所。（基建股负责）',
        '3.推进集团化办学。（教研室牵头，教育股配合）',
      ].join('\n'),
      'edu.txt',
    )
    expect(roles(plan)).toEqual([
      ['办公室', []],
      ['基建股', ['各乡镇中心学校']],
      ['教研室', ['教育股', '各乡镇中心学校']],
    ])
    expect(plan.rules?.[0]).toMatchObject({ kind: 'partners-all', tasks: [2, 3] })
    expect(plan.tasks[1]?.unitSource).toContain('规则「以下各项任务均需各乡镇中心学校配合落实')
  })

  it('keeps the bodies of 「各县（市、区）参照执行」 as sharing every task', () => {
    const plan = parsePlan('1.做好开学准备。（办公室负责）\n2.新建幼儿园。（基建股负责）\n各县（市、区）教育局参照执行。', 'edu.txt')
    expect(plan.sharedUnits).toEqual({ names: ['各县（市、区）教育局'], sentence: '各县（市、区）教育局参照执行。' })
    expect(plan.rules).toEqual([
      { kind: 'shared', sentence: '各县（市、区）教育局参照执行。', effect: '各县（市、区）教育局参照执行全部任务', tasks: [1, 2] },
    ])
    expect(roles(plan)).toEqual([
      ['办公室', []],
      ['基建股', []],
    ])
  })
})

describe('deadlines written in the text', () => {
  it('reads …前, a bracket holding only when, a standing phrase closing the text and a season, with a day from the plan year', () => {
    const plan = parsePlan(
      [
        '某县教育局2024年工作要点',
        '1.完成校舍安全鉴定，9月底前全部完成。（基建股负责）',
        '2.推进教师轮岗交流（2025年底前）。（人事股负责）',
        '3.开展师德师风教育，长期坚持。（人事股负责）',
        '4.春秋季各开展一次校园安全大检查。（安全股负责）',
        '5.做好招生工作。（招生办负责）',
        '6.完成食堂改造。（后勤股负责，年底前完成）',
      ].join('\n'),
      'edu.txt',
    )
    expect(plan.tasks.map((t) => [t.deadline, t.due ?? null])).toEqual([
      ['9月底前', '2024-09-30'],
      ['2025年底前', '2025-12-31'],
      ['长期坚持', null],
      ['春秋季', '2024-11-30'],
      [null, null],
      ['年底前', '2024-12-31'],
    ])
  })
})
