import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRuntime } from './helpers/runtime.js'

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
beforeAll(async () => {
  rt = await testRuntime()
})
afterAll(() => rt.close())

const numbers = (r: { tasks: { number: number }[] }) => r.tasks.map((t) => t.number)

describe('who leads X', () => {
  it('cites the task, names 牵头 and 配合 apart and quotes the plan', async () => {
    const r = await rt.ask('企业开办一网通办谁负责')
    expect(numbers(r)[0]).toBe(2)
    expect(r.tasks[0]?.lead).toBe('行政审批办')
    expect(r.reply).toContain('第2条')
    expect(r.reply).toContain('牵头：行政审批办（登记注册科）；配合：相关科室')
    expect(r.reply).toMatch(/原文：「[^」]*一网通办[^」]*」/)
  })

  it('lists close candidates, each with its lead', async () => {
    const r = await rt.ask('商标工作谁牵头？')
    expect(numbers(r).slice(0, 2)).toEqual([26, 22])
    expect(r.reply).toContain('第26条 知识产权保护科')
    expect(r.reply).toContain('第22条 知识产权促进科')
  })

  it('reads traditional characters, full-width punctuation and a leading @mention as plain text', async () => {
    for (const text of ['廣告監測誰負責', '@工作要点助手\u2005广告监测谁负责？', '<@U0BOT> 广告监测谁负责']) {
      const r = await rt.ask(text)
      expect(numbers(r)[0]).toBe(43)
      expect(r.tasks[0]?.lead).toBe('广告科')
    }
  })

  it('says 工作要点未提及 and returns no tasks for what the plan does not cover', async () => {
    for (const text of ['哪个科室负责火星移民', '明天放假吗', '今晚吃什么', '区块链发展目标是多少']) {
      const r = await rt.ask(text)
      expect(r.tasks).toEqual([])
      expect(r.reply).toContain('工作要点未提及')
    }
  })
})

describe('co-operating units', () => {
  it('answers who co-operates, with the lead beside it', async () => {
    const r = await rt.ask('谁配合知识产权质押融资')
    expect(numbers(r)[0]).toBe(23)
    expect(r.reply).toContain('配合单位 市知识产权保护中心（牵头：知识产权运用科）')
  })
})

describe('targets', () => {
  it('gives the matching target first, with value, unit and qualifier', async () => {
    const r = await rt.ask('注销网办率目标是多少')
    expect(r.reply.split('\n')[0]).toBe('第2条的目标：注销网办率达到85%。')
  })

  it('prefers a target in the measure word the question uses', async () => {
    const r = await rt.ask('要创建多少家无理由退货承诺单位')
    expect(r.reply.split('\n')[0]).toBe('第44条的目标：创建无理由退货承诺单位10家。')
  })
})

describe('tasks of a unit', () => {
  it('lists led and co-operated tasks apart, resolving abbreviations', async () => {
    const r = await rt.ask('知产运用科负责啥')
    expect(numbers(r)).toEqual([23, 24, 15, 28])
    expect(r.reply).toContain('知识产权运用科共涉及 4 项任务：牵头 2 项，配合 2 项。')
    expect(r.reply.indexOf('【牵头】')).toBeLessThan(r.reply.indexOf('【配合】'))
  })

  it('counts only led tasks when asked what a unit leads', async () => {
    const r = await rt.ask('广告科牵头几项任务')
    expect(numbers(r)).toEqual([9, 42, 43])
    expect(r.reply).toContain('广告科牵头 3 项任务')
  })

  it('resolves an alias to its unit (米粉办 → 食品生产科)', async () => {
    const r = await rt.ask('米粉办有哪些工作')
    expect(numbers(r)).toEqual([8, 32])
    expect(r.reply).toContain('食品生产科（米粉办）')
  })

  it('tells a county bureau what the closing paragraph says', async () => {
    const r = await rt.ask('柳叶湖旅游度假区市场监督管理局需要配合哪些工作')
    expect(r.reply).toContain('均为责任单位')
    expect(r.reply).toContain('所有市场监管业务工作')
  })
})

describe('tasks by number and section', () => {
  it('shows task N in any spelling', async () => {
    for (const text of ['第20条', '任务20是什么', '第二十条', '第２０条']) {
      const r = await rt.ask(text)
      expect(numbers(r)).toEqual([20])
      expect(r.reply).toContain('发明专利申请量2000件以上')
    }
  })

  it('says which numbers exist when asked for a missing task', async () => {
    const r = await rt.ask('第70条是什么')
    expect(r.tasks).toEqual([])
    expect(r.reply).toBe('工作要点共 64 条任务，没有第70条。')
  })

  it('counts a section named by its title or by its content', async () => {
    expect((await rt.ask('食品安全部分有几条')).reply).toContain('第四部分「聚焦创城验收,全力保障食品安全」共 8 项任务（第29–36条）')
    expect((await rt.ask('知识产权部分有几条任务')).reply).toContain('共 9 项任务（第20–28条）')
    expect((await rt.ask('一共多少项')).reply).toContain('共 7 个部分、64 项任务')
  })

  it('finds dated events by date', async () => {
    const r = await rt.ask('3月15日有什么活动')
    expect(numbers(r)).toEqual([46])
    expect(r.reply).toContain('国际消费者权益日活动')
  })
})

describe('help and bad input', () => {
  it('lists example questions', async () => {
    const r = await rt.ask('帮助')
    expect(r.intent).toBe('help')
    expect(r.reply).toContain('商标工作谁牵头')
  })

  it('refuses a message over the limit, naming it', async () => {
    const r = await rt.ask('商'.repeat(10_000))
    expect(r.intent).toBe('rejected')
    expect(r.reply).toContain('2000')
  })
})

describe('units the plan does not name', () => {
  it('says so and suggests the closest names instead of searching', async () => {
    const r = await rt.ask('法务科负责什么')
    expect(r.tasks).toEqual([])
    expect(r.reply).toMatch(/^工作要点未提及「法务科」这个单位。你是不是想问：.*法制科/)
  })

  it('answers for the plan’s unit when the name typed is another name of the same standard unit', async () => {
    // 法规科 and 法制科 are names of one standard unit (lexicon/domain/units.json); the plan writes 法制科.
    const r = await rt.ask('法规科负责什么')
    expect(r.reply).toMatch(/^法制科共涉及 \d+ 项任务/)
  })
})
