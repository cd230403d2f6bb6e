import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRuntime } from './helpers/runtime.js'

/** Search in users' words: everyday words reach official terms, partial overlaps count a little. */

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
beforeAll(async () => {
  rt = await testRuntime()
})
afterAll(() => rt.close())

const top = async (text: string) => rt.context.search.find(text)[0]?.task.number

describe('PlanSearch.find with the domain lexicon', () => {
  it('finds a task through the official term of an everyday word', async () => {
    expect(await top('煤气罐的追溯体系')).toBe(55)
  })

  it('echoes the cleaned topic, not the sentence', async () => {
    const r = await rt.ask('请问一下哈，那个煤气罐追溯的事归哪个科管呀？')
    expect(r.tasks[0]?.number).toBe(55)
    expect(r.reply).toContain('「煤气罐追溯」')
  })

  it('still answers 未提及 when only characters overlap', async () => {
    for (const text of ['火星移民', '深海探测归谁管']) expect(rt.context.search.find(text)).toEqual([])
  })
})

describe('questions in their own shape', () => {
  it('drops an A-not-A question form from the topic', async () => {
    const { topicOf } = await import('../src/core/search/topic.js')
    expect(topicOf('电梯检验合不合格').text).toBe('电梯检验')
  })

  it('resolves a unit described by its work', async () => {
    const r = await rt.ask('管化妆品的那个科负责哪些任务')
    expect(r.intent).toBe('unit_tasks')
    expect(r.tasks.map((t) => t.number)).toEqual([53])
  })

  it('counts a section named as 那一块', async () => {
    const r = await rt.ask('质量提升那一块一共几条')
    expect(r.intent).toBe('section')
    expect(r.reply).toContain('10 项任务')
  })
})

describe('abbreviates', () => {
  it('accepts a word written in order a few characters apart, and nothing looser', async () => {
    const { abbreviates } = await import('../src/core/search/concepts.js')
    expect(abbreviates('换标率', '力争换标使用率达到80%')).toBe(true)
    expect(abbreviates('火星移', '加强火灾防控，做好星级评定和移动监管')).toBe(false)
  })
})

describe('more shapes of the same questions', () => {
  it('reads 那边 after a unit and 活 as its work', async () => {
    expect((await rt.ask('标准化那边负责哪些工作')).tasks.map((t) => t.number)).toEqual([16, 17])
    expect((await rt.ask('化妆品科的活有哪些')).tasks.map((t) => t.number)).toEqual([53])
  })

  it('takes 多少亿 as money and prefers the metric the user named over its expansions', async () => {
    const r = await rt.ask('广告业的税收要达到多少亿')
    expect(r.reply.split('\n')[0]).toContain('税收1.5亿元')
  })
})

describe('words jieba does not know', () => {
  it('cuts interrogatives glued to a word and rejoins a stray character', async () => {
    const { topicOf } = await import('../src/core/search/topic.js')
    expect(topicOf('申请量增长多少').words).not.toContain('增长多少')
    expect(topicOf('换标率要到多少').words).toContain('换标率')
  })

  it('does not let scattered characters carry a question', async () => {
    for (const text of ['广场舞比赛归谁管', '高铁站建设谁负责']) expect(rt.context.search.find(text)).toEqual([])
  })
})

describe('when and whether', () => {
  it('answers 什么时候 about a topic with its dated event', async () => {
    const r = await rt.ask('知识产权宣传周啥时候搞')
    expect(r.intent).toBe('timeline')
    expect(r.reply).toContain('4月26日')
  })

  it('says whether a named unit co-operates on the task', async () => {
    const r = await rt.ask('食品抽检结果公开，特安科要参与吗')
    expect(r.tasks[0]?.number).toBe(34)
    expect(r.reply).toContain('特安科不在本条责任单位中')
  })

  it('lists a unit’s tasks for 哪几条 followed by a word', async () => {
    const r = await rt.ask('化妆品科负责哪几条抽检')
    expect(r.intent).toBe('unit_tasks')
    expect(r.tasks.map((t) => t.number)).toEqual([53])
  })
})

describe('conceptsOf / conceptMatch', () => {
  it('gives an everyday word its official term as an alternative, covered by either', async () => {
    const { conceptMatch, conceptsOf } = await import('../src/core/search/concepts.js')
    const [concept] = conceptsOf('钢瓶', [{ word: '钢瓶', official: ['气瓶'] }])
    expect(concept?.alternatives.length).toBe(2)
    if (!concept) return
    expect(conceptMatch(concept, new Set(['气瓶']), '推进气瓶追溯')).toBe(1)
    expect(conceptMatch(concept, new Set(), '钢材与瓶装水')).toBe(0.3)
    expect(conceptMatch(concept, new Set(), '瓶装水与钢材')).toBe(0)
  })
})
