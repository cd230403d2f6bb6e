import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parsePlan } from '../../src/core/plan/parse-plan.js'
import type { Plan } from '../../src/core/plan/types.js'
import type { Binding, NewUpdate } from '../../src/core/progress/store.js'

/**
 * An invented plan for the check-in tests: a city water bureau's 2025 plan, six tasks, four lead
 * units (供水科 1–2, 应急办 3, 排水科 4–5, 办公室 6), two tasks with deadlines of their own (1: 7月底前,
 * 5: 6月底前).
 */
export const WATER_PLAN_FILE = 'water-2025.txt'
export const WATER_PLAN_TEXT = `某市水务局2025年工作要点

一、供水保障
1.推进城区供水管网改造，7月底前完成老旧管网改造30公里以上。（责任单位：供水科、工程科）
2.开展二次供水设施专项检查，检查泵房200座以上。（责任单位：供水科）
3.完善供水应急预案，年底前组织演练2次。（责任单位：应急办、供水科）
二、排水治理
4.推进雨污分流改造，完成改造15公里。（责任单位：排水科、工程科）
5.开展汛前排水设施排查，6月底前完成。（责任单位：排水科）
6.做好水务信息公开工作。（责任单位：办公室）

以上任务排在第一位的为牵头单位。
`

export function waterPlan(): Plan {
  return parsePlan(WATER_PLAN_TEXT, WATER_PLAN_FILE)
}

/** Writes the plan into `dir` (a BOT_SEEDS folder) and returns the folder. */
export function writeWaterSeeds(dir: string): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, WATER_PLAN_FILE), WATER_PLAN_TEXT)
  return dir
}

export function binding(user: string, unit: string, userName: string | null): Binding {
  return { user, unit, status: 'approved', userName, requestedAt: '2025-01-05T01:00:00.000Z', approvedBy: 'slack:UADMIN' }
}

/**
 * The bindings of the story: 供水科 has a Slack and a WeChat clerk, 排水科 a Slack clerk, 办公室 one
 * (whose only task is done), 应急办 nobody.
 */
export const WATER_BINDINGS: Binding[] = [
  binding('slack:U1', '供水科', '王芳'),
  binding('wechat:wx_2', '供水科', '李强'),
  binding('slack:U3', '排水科', '赵敏'),
  binding('slack:U4', '办公室', '周洁'),
]

export function update(task: number, unit: string, at: string, text = '按计划推进', done = false): NewUpdate {
  return { task, unit, user: 'slack:U1', userName: null, text, figures: [], attainment: done ? 100 : null, done, sourceId: null, at }
}

/**
 * The updates of the story: task 6 done in June; task 5 reported in June only (overdue since 30
 * June); tasks 1 and 2 reported in July. So in July 供水科 owes nothing but task 1 falls due,
 * 排水科 owes 4 and 5, 应急办 owes 3.
 */
export const WATER_UPDATES: NewUpdate[] = [
  update(6, '办公室', '2025-06-10T02:00:00.000Z', '已完成', true),
  update(5, '排水科', '2025-06-20T02:00:00.000Z'),
  update(2, '供水科', '2025-07-03T02:00:00.000Z'),
  update(1, '供水科', '2025-07-10T02:00:00.000Z', '已改造管网12公里'),
]
