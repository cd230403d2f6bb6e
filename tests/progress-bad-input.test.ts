import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { testRuntime } from './helpers/runtime.js'

/**
 * Bad or tricky input through the real bot: invisible characters, full-width digits, traditional
 * script, oversized messages and mention markup. Each gets a clear answer and never lands on the
 * wrong task.
 */

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let r: TestRuntime
const all: TestRuntime[] = []
afterAll(async () => {
  for (const x of all) await x.close()
})
beforeEach(async () => {
  r = await testRuntime({ BOT_BINDING_POLICY: 'open' })
  all.push(r)
  await r.ask('我是知识产权促进科的', 'u1')
})

async function storedTasks(): Promise<number[]> {
  return (await r.store.liveUpdates()).map((u) => u.task)
}

describe('task numbers survive odd characters', () => {
  it('进度 2\\u200B0 stores on task 20, never task 2 (which would accept this unit)', async () => {
    const a = await r.ask('进度 2\u200B0 发明专利申请量1\u200B200件', 'u1')
    expect(a.progress?.task).toBe(20)
    expect(await storedTasks()).toEqual([20])
    expect(await r.store.updatesForTask(2, { includeWithdrawn: true })).toEqual([])
    expect((await r.store.updatesForTask(20))[0]).toMatchObject({ text: '发明专利申请量1200件', attainment: 60 })
  })

  it('reads full-width digits as ordinary ones, and stores the report as typed', async () => {
    const a = await r.ask('进度 ２０ 发明专利申请量１２００件', 'u1')
    expect(a.progress?.task).toBe(20)
    expect(a.reply).toContain('= 60%')
    expect((await r.store.updatesForTask(20))[0]?.text).toBe('发明专利申请量１２００件')
  })

  it('reads traditional 進度 and stores the report in the script it was typed in, with the whole message', async () => {
    const a = await r.ask('進度 20 發明專利申請量1200件', 'u1')
    expect(a.progress?.task).toBe(20)
    expect((await r.store.updatesForTask(20))[0]).toMatchObject({
      text: '發明專利申請量1200件',
      original: '進度 20 發明專利申請量1200件',
      attainment: 60,
    })
  })

  it('reads Chinese numerals and the other logging forms', async () => {
    expect((await r.ask('进度 二十 发明专利授权量500件', 'u1')).progress?.task).toBe(20)
    expect((await r.ask('#20 发明专利申请量1500件', 'u1')).progress?.task).toBe(20)
    expect((await r.ask('报送进度 20：发明专利拥有量3000件', 'u1')).progress?.task).toBe(20)
    expect(await storedTasks()).toEqual([20, 20, 20])
    expect((await r.store.liveUpdates()).map((u) => u.attainment)).toEqual([50, 75, 66.7])
  })
})

describe('oversized and dirty messages', () => {
  it('refuses a 10,000-character message, naming the 2000 limit, and stores nothing', async () => {
    const text = `进度 20 ${'发明专利申请量1200件'.repeat(900)}`.slice(0, 10_000)
    expect(text).toHaveLength(10_000)
    const a = await r.ask(text, 'u1')
    expect(a.reply).toContain('2000')
    expect(a.reply).toContain('10000')
    expect(a.progress).toBeUndefined()
    expect(await r.store.liveUpdates()).toEqual([])
    expect((await r.store.auditTrail(1))[0]).toMatchObject({ user: 'u1', allowed: false, reason: 'longer than 2000 characters' })
  })

  it('strips control characters before storing', async () => {
    const a = await r.ask('进度 20 发明专利\u0007申请量\u00001200件\u001b', 'u1')
    expect(a.progress?.task).toBe(20)
    expect((await r.store.updatesForTask(20))[0]?.text).toBe('发明专利申请量1200件')
  })
})

describe('mention markup is plain text', () => {
  it('stores <!channel> and @所有人 literally and echoes them without adding markup', async () => {
    const a = await r.ask('进度 20 <!channel> @所有人 发明专利申请量1200件', 'u1')
    expect(a.progress?.task).toBe(20)
    const stored = (await r.store.updatesForTask(20))[0]
    expect(stored?.text).toBe('<!channel> @所有人 发明专利申请量1200件')
    expect(a.reply).toContain('内容：<!channel> @所有人 发明专利申请量1200件')
    expect(a.reply).not.toMatch(/&lt;|<@|<!everyone>|<!here>/)
    const read = await r.ask('第20条进展如何', 'u2')
    expect(read.reply).toContain('<!channel> @所有人 发明专利申请量1200件')
  })
})
