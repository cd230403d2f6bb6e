import { describe, expect, it } from 'vitest'
import type { Target } from '../src/core/plan/types.js'
import { readUpdate } from '../src/core/progress/parse-update.js'
import { bundledPlan } from './helpers/plan.js'

/** readUpdate: figures in a progress text matched to the task's targets, and the done flag. */

const plan = bundledPlan()
function targetsOf(number: number): Target[] {
  const task = plan.tasks.find((t) => t.number === number)
  if (!task) throw new Error(`no task ${number}`)
  return task.targets
}

function target(metric: string, value: number, unit: string): Target {
  return { metric, value, unit, qualifier: '', sentence: `${metric}${value}${unit}` }
}

describe('readUpdate figures', () => {
  it('matches 1200件 to 发明专利申请量 (2000件) on task 20 → 60%', () => {
    const targets = targetsOf(20)
    const read = readUpdate('截至6月底发明专利申请量1200件', targets)
    expect(read.figures).toEqual([{ value: 1200, unit: '件', target: 0, percent: 60 }])
    expect(targets[0]).toMatchObject({ metric: '发明专利申请量', value: 2000, unit: '件' })
    expect(read.attainment).toBe(60)
    expect(read.done).toBe(false)
  })

  it('picks the target whose metric words precede each figure', () => {
    const read = readUpdate('发明专利申请量1200件，发明专利授权量800件', targetsOf(20))
    expect(read.figures.map((f) => [f.value, f.target, f.percent])).toEqual([
      [1200, 0, 60],
      [800, 1, 80],
    ])
    expect(read.attainment).toBe(70)
  })

  it('does not guess among several same-unit targets when no metric words match', () => {
    const read = readUpdate('新增1200件', targetsOf(20))
    expect(read.figures).toEqual([{ value: 1200, unit: '件', target: null, percent: null, why: 'metric not named' }])
    expect(read.attainment).toBeNull()
  })

  it('reads 2.1亿元 against 质押融资额 5亿元 (task 23) → 42%', () => {
    const read = readUpdate('质押融资额达2.1亿元', targetsOf(23))
    expect(read.figures).toEqual([{ value: 2.1, unit: '亿元', target: 5, percent: 42 }])
    expect(read.attainment).toBe(42)
  })

  it('converts 万元 to 亿元 and 万户 to 户 before comparing', () => {
    expect(readUpdate('质押融资额21000万元', targetsOf(23)).figures).toEqual([{ value: 21000, unit: '万元', target: 5, percent: 42 }])
    const read = readUpdate('净增市场主体32000户', [target('净增市场主体', 5, '万户')])
    expect(read.figures).toEqual([{ value: 32000, unit: '户', target: 0, percent: 64 }])
  })

  it('reads 60% against a percentage target', () => {
    const read = readUpdate('企业开办网办率60%', targetsOf(2))
    expect(read.figures).toEqual([{ value: 60, unit: '%', target: 0, percent: 61.9 }])
    expect(readUpdate('网办率60%', [target('网办率', 80, '%')]).attainment).toBe(75)
  })

  it('does not take 6月底 or a date as a figure', () => {
    expect(readUpdate('截至6月底', targetsOf(20)).figures).toEqual([])
    expect(readUpdate('2024年6月30日前完成部署', targetsOf(20)).figures).toEqual([])
  })

  it('reads thousands separators whole: 1,200件 is 1200, not 200', () => {
    const read = readUpdate('发明专利申请量1,200件', targetsOf(20))
    expect(read.figures).toEqual([{ value: 1200, unit: '件', target: 0, percent: 60 }])
  })

  it('keeps figures listed after a comma', () => {
    expect(readUpdate('分别为300件,500件', []).figures.map((f) => f.value)).toEqual([300, 500])
  })

  it('keeps figures that match no target, without a percentage', () => {
    const read = readUpdate('开展培训3场', targetsOf(20))
    expect(read.figures).toEqual([{ value: 3, unit: '场', target: null, percent: null, why: 'no target in this unit' }])
    expect(read.attainment).toBeNull()
  })
})

describe('readUpdate done', () => {
  it('marks 已完成 and its kin as done, with attainment 100', () => {
    for (const text of ['已完成', '该项工作已经完成。', '全部完成', '圆满完成年度任务', '已办结']) {
      const read = readUpdate(text, targetsOf(20))
      expect([text, read.done, read.attainment]).toEqual([text, true, 100])
    }
  })

  it('lets a figure short of its target outweigh the word 已完成', () => {
    const read = readUpdate('已完成，发明专利申请量1200件', targetsOf(20))
    expect([read.done, read.attainment]).toEqual([false, 60])
  })

  it('does not mark negated or partial completion as done', () => {
    for (const text of [
      '未完成',
      '尚未完成',
      '没有完成',
      '尚未全部完成',
      '未能全面完成',
      '还没全部完成',
      '已完成60%',
      '已完成部分工作',
      '截至6月底已完成发明专利申请量1200件',
    ]) {
      expect([text, readUpdate(text, targetsOf(20)).done]).toEqual([text, false])
    }
  })

  it('gives null attainment for text with no figure and no completion', () => {
    expect(readUpdate('正在推进', targetsOf(20))).toEqual({ figures: [], attainment: null, done: false })
  })
})
