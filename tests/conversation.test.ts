import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConversationContext } from '../src/core/intents/context.js'
import type { BotReply } from '../src/core/message.js'
import { testRuntime } from './helpers/runtime.js'

/** Follow-ups resolved against a per-(platform, channel, user) context; the sender's own unit. */

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
let clock = new Date('2023-05-10T02:00:00Z')
beforeAll(async () => {
  rt = await testRuntime({ BOT_BINDING_POLICY: 'open' }, () => clock)
})
afterAll(() => rt.close())

const say = (text: string, user: string, channel = 'room'): Promise<BotReply> => rt.bot.handle({ text, user, channel, platform: 'slack' })
const numbers = (r: BotReply) => r.tasks.map((t) => t.number)

describe('follow-ups', () => {
  it('answers 配合单位呢 / 目标呢 / 这条谁负责 about the last task of the same person', async () => {
    expect(numbers(await say('网络交易监管“网剑”专项行动谁牵头', 'a'))[0]).toBe(40)
    expect(numbers(await say('发明专利申请量目标', 'b'))[0]).toBe(20)
    const co = await say('那配合单位呢', 'a')
    expect(numbers(co)).toEqual([40])
    expect(co.reply).toContain('综合行政执法支队')
    const who = await say('这项谁负责', 'b')
    expect(numbers(who)).toEqual([20])
    expect(who.reply).toContain('知识产权促进科')
  })

  it('asks the last question again about another task: 那第N条呢', async () => {
    await say('化妆品安全监管专项整治谁牵头', 'c')
    const r = await say('那第五十条呢', 'c')
    expect(numbers(r)).toEqual([50])
    expect(r.reply).toContain('药品流通科')
  })

  it('keeps rooms and platforms apart for the same user', async () => {
    await say('化妆品安全监管专项整治谁牵头', 'd', 'room-1')
    const elsewhere = await say('配合单位呢', 'd', 'room-2')
    expect(elsewhere.tasks).toEqual([])
    expect(elsewhere.reply).not.toContain('未提及')
  })

  it('answers 这条什么时候完成 about the last task', async () => {
    await say('化妆品安全监管专项整治谁牵头', 'h')
    const r = await say('这条什么时候完成', 'h')
    expect(r.intent).toBe('timeline')
    expect(numbers(r)).toEqual([53])
  })

  it('forgets after the time-out', async () => {
    await say('化妆品安全监管专项整治谁牵头', 'e')
    clock = new Date(clock.getTime() + 11 * 60 * 1000)
    expect((await say('配合单位呢', 'e')).tasks).toEqual([])
  })
})

describe('ConversationContext', () => {
  it('drops the oldest conversation when full', () => {
    const c = new ConversationContext(60_000, 2)
    const now = new Date()
    for (const user of ['x', 'y', 'z']) c.remember({ platform: 'cli', user }, { intent: 'lead', tasks: [1], topic: '' }, now)
    expect(c.recall({ platform: 'cli', user: 'x' }, now)).toBeNull()
    expect(c.recall({ platform: 'cli', user: 'z' }, now)?.tasks).toEqual([1])
  })
})

describe('the sender’s own unit', () => {
  it('says how to bind when the sender has no unit', async () => {
    const r = await say('我们科要报哪些任务', 'nobody')
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('绑定')
  })

  it('lists the bound unit’s tasks for 我们单位 / 我的任务', async () => {
    await say('我是化妆品科的', 'f')
    for (const text of ['我们单位有哪些任务', '我的工作']) {
      const r = await say(text, 'f')
      expect(numbers(r)).toEqual([53])
    }
  })

  it('summarises the bound unit’s own progress', async () => {
    const r = await say('我们单位的进度怎么样', 'f')
    expect(r.intent).toBe('scoped_summary')
    expect(r.reply).toContain('化妆品科汇总')
  })

  it('binds a county bureau introducing itself by its full name, quoting the closing paragraph', async () => {
    const r = await say('我们是澧县局的', 'k')
    expect(r.reply).toContain('已绑定到 澧县市场监督管理局')
    expect(r.reply).toContain('均为责任单位')
    expect((await rt.store.getBinding('k'))?.unit).toBe('澧县市场监督管理局')
  })

  it('tells a county bureau what the closing paragraph gives it', async () => {
    const r = await say('我们是汉寿县局的，需要配合什么工作', 'g')
    expect(r.reply).toContain('均为责任单位')
  })
})

describe('more follow-ups', () => {
  it('asks the last question about a new topic: 那X呢', async () => {
    await say('商标侵权假冒打击谁牵头', 'm')
    const r = await say('那地理标志呢', 'm')
    expect(r.intent).toBe('lead')
    expect(r.tasks[0]?.number).toBe(24)
  })

  it('reads a request wrapped in courtesy: 麻烦再说一下第N条', async () => {
    const r = await say('麻烦再说一下第十一条', 'n')
    expect(r.intent).toBe('show_task')
    expect(r.tasks.map((t) => t.number)).toEqual([11])
  })
})

describe('task numbers written loosely', () => {
  it('reads 37条 and 43号任务 at the start as task numbers', async () => {
    const r = await say('37条谁负责', 'p')
    expect(r.tasks.map((t) => t.number)).toEqual([37])
    expect(r.reply).toContain('「第37条」')
    expect((await say('43号任务有没有配合单位', 'p')).tasks.map((t) => t.number)).toEqual([43])
  })
})
