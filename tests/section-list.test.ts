import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRuntime } from './helpers/runtime.js'

/** A large section in chat: a readable list, all tasks in the machine answer. */

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
beforeAll(async () => {
  const seeds = mkdtempSync(join(tmpdir(), 'section-seeds-'))
  const tasks = Array.from({ length: 120 }, (_, k) => `${k + 1}.开展第${k + 1}批次巡查工作。(责任单位:巡查科)`)
  writeFileSync(join(seeds, 'big-2024.txt'), ['2024年巡查工作要点', '一、日常巡查', ...tasks].join('\n'))
  rt = await testRuntime({ BOT_SEEDS: seeds, BOT_INDEX_DIR: join(seeds, 'index') })
})
afterAll(() => rt.close())

describe('section answer', () => {
  it('lists at most 100 tasks in the reply and says how many there are', async () => {
    const r = await rt.ask('第一部分有哪些任务')
    expect(r.tasks).toHaveLength(120)
    expect(r.reply).toContain('共 120 项，这里列前 100 项')
    expect(r.reply).not.toContain('第101条')
  })
})
