import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRuntime } from './helpers/runtime.js'

/**
 * A province-sized plan searches by its rarer tokens (plan-search.ts, splitCommon): a word in
 * thousands of tasks still counts for what a task must cover, and the answers are the ones a full
 * search gives. The plan is invented: 2,400 routine tasks about 企业 and 开展, and a few that differ.
 */

const ROUTINE = 2400
let dir: string
let rt: Awaited<ReturnType<typeof testRuntime>>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-large-'))
  const lines = ['某省2025年重点工作任务分解', '一、常规工作']
  for (let k = 1; k <= ROUTINE; k++) lines.push(`${k}.开展第${k}批企业走访服务，帮助企业解决实际困难。（责任单位：服务${k % 40}科）`)
  lines.push('二、专项工作')
  lines.push(`${ROUTINE + 1}.开展企业冷链物流专项检查，检查冷库120家以上。（责任单位：冷链办）`)
  lines.push(`${ROUTINE + 2}.开展电梯维保质量抽查。（责任单位：特种设备处）`)
  mkdirSync(join(dir, 'seeds'))
  writeFileSync(join(dir, 'seeds', 'province-2025.txt'), `${lines.join('\n')}\n`)
  rt = await testRuntime({ BOT_SEEDS: join(dir, 'seeds'), BOT_INDEX_DIR: join(dir, 'index') })
}, 120_000)
afterAll(() => {
  rt?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('searching a plan of thousands of tasks', () => {
  it('finds the task by its rare words while a common word still counts for coverage', async () => {
    const r = await rt.ask('企业冷链物流检查谁牵头')
    expect(r.tasks[0]?.number).toBe(ROUTINE + 1)
    expect(r.reply).toContain('冷链办')
  })

  it('answers a target asked with a common word beside the rare one', async () => {
    const r = await rt.ask('冷库检查要查多少家企业')
    expect(r.tasks[0]?.number).toBe(ROUTINE + 1)
    expect(r.reply).toContain('120家')
  })

  it('still says 未提及 for what no task covers, however common its other words', async () => {
    const r = await rt.ask('企业火星移民谁牵头')
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('未提及')
  })
})
