import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DISTRICT_2024, writeGovernmentSeeds } from './helpers/government-plans.js'
import { testRuntime } from './helpers/runtime.js'

/**
 * lexicon/domain/government.json at work on a plan that is not market supervision: a district
 * government's task list (tests/helpers/government-plans.ts). Each question says a topic in the
 * words staff use, which the plan does not contain (the test checks); the lexicon's official terms
 * lead to the task (without government.json, 讨薪, 回应关切, 修路, 晒账本, 骗保, 公车, 高企,
 * 技改 and 离任审计 find nothing). Topics the lexicon knows but this plan lacks still get 工作要点未提及.
 */

/** [question, the everyday word in it, the task that answers it]. */
const BRIDGED: [string, string, number][] = [
  ['讨薪找谁', '讨薪', 11],
  ['网上办事谁负责', '网上办事', 7],
  ['河长制谁负责', '河长制', 27],
  ['回应关切谁负责', '回应关切', 30],
  ['养老院谁负责', '养老院', 15],
  ['垃圾桶谁管', '垃圾桶', 22],
  ['老小区改造谁负责', '老小区', 21],
  ['修路谁负责', '修路', 28],
  ['晒账本谁负责', '晒账本', 2],
  ['骗保谁查', '骗保', 14],
  ['公车谁管', '公车', 33],
  ['高企谁负责', '高企', 5],
  ['技改谁负责', '技改', 3],
  ['离任审计谁负责', '离任审计', 34],
  ['国企改革谁负责', '国企', 9],
]

const ABSENT = ['环评谁负责', '吸毒谁管', '停车难谁负责']

let rt: Awaited<ReturnType<typeof testRuntime>>
let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-gov-words-'))
  const seeds = writeGovernmentSeeds(dir, DISTRICT_2024)
  rt = await testRuntime({ BOT_SEEDS: seeds, BOT_INDEX_DIR: join(seeds, 'index') })
})
afterAll(async () => {
  await rt.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('everyday words reach the district plan’s tasks through their official terms', () => {
  it.each(BRIDGED)('「%s」 (%s) → 第%i条', async (question, word, task) => {
    expect(DISTRICT_2024.text).not.toContain(word)
    const r = await rt.ask(question)
    expect(r.intent).toBe('lead')
    expect(r.tasks[0]?.number).toBe(task)
  })
})

describe('a topic the lexicon knows but this plan lacks', () => {
  it.each(ABSENT)('「%s」 → 工作要点未提及', async (question) => {
    const r = await rt.ask(question)
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('工作要点未提及')
  })
})

describe('a word the closed world keeps out, said the plan’s way', () => {
  it('answers 拖欠工资 from the task on 根治欠薪, though 工资 alone is a staff member’s own matter', async () => {
    expect(DISTRICT_2024.text).not.toContain('工资')
    const r = await rt.ask('拖欠工资的事谁牵头')
    expect(r.tasks[0]?.number).toBe(11)
    expect((await rt.ask('我的工资什么时候发')).reply).toContain('工作要点未提及')
  })
})
