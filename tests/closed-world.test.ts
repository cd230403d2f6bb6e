import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClosedWorld } from '../src/core/search/closed-world.js'
import { bundledPlan } from './helpers/plan.js'
import { testRuntime } from './helpers/runtime.js'

/** What the plan never says gets 工作要点未提及 and no task, even when other words match a task. */

describe('ClosedWorld.check', () => {
  const world = new ClosedWorld(bundledPlan(), (name) => name === '桃源县局')

  it('flags a year the plan never mentions and relative years, not the plan year', () => {
    expect(world.check('2025年商标注册目标')?.what).toBe('2025年的安排')
    expect(world.check('去年的广告监测做了多少')).not.toBeNull()
    expect(world.check('2023年的专利目标')).toBeNull()
  })

  it('flags a title asked after as a person even when the plan names the title in another sense', () => {
    expect(world.check('市长是谁')?.what).toContain('市长')
    expect(world.check('市长质量奖谁牵头')).toBeNull()
  })

  it('flags people, contact details, other cities and other departments', () => {
    expect(world.check('标准化科科长是谁')?.what).toContain('科长')
    expect(world.check('食检所的座机多少')?.what).toContain('座机')
    expect(world.check('衡阳的电梯安全谁负责')?.what).toBe('衡阳的工作')
    expect(world.check('教育局负责哪些任务')?.what).toBe('教育局的工作')
    expect(world.check('桃源县局要配合什么')).toBeNull()
  })

  it('lets a base year the plan compares with through, but not a question about that year', () => {
    expect(world.check('质押融资项目数比2022年增长多少')).toBeNull()
    expect(world.check('2022年的质押融资额')?.what).toBe('2022年的安排')
  })

  it('reads only the word before 局 as an organisation, known when any ending of it is', () => {
    expect(world.check('反垄断这块我们局谁牵头')).toBeNull()
    expect(world.check('市场监督管理局负责什么')).toBeNull()
    expect(world.check('文化旅游局负责什么')?.what).toBe('文化旅游局的工作')
  })

  it('lets the plan’s own words through', () => {
    expect(world.check('常德米粉产业园建设谁牵头')).toBeNull()
    expect(world.check('省局委托的抽检任务')).toBeNull()
  })
})

type TestRuntime = Awaited<ReturnType<typeof testRuntime>> & { world: ClosedWorld }
let rt: TestRuntime
beforeAll(async () => {
  const runtime = await testRuntime()
  rt = Object.assign(runtime, { world: new ClosedWorld(runtime.plan) })
})
afterAll(() => rt.close())

describe('closed world in answers', () => {
  it('answers 未提及 with no task for a city, a year, a person or another department', async () => {
    for (const text of ['株洲市的食品抽检由谁负责', '2026年质押融资额目标', '化妆品科科长的名字', '消防通道检查归哪个科']) {
      const r = await rt.ask(text)
      expect(r.tasks).toEqual([])
      expect(r.reply).toContain('工作要点未提及')
    }
  })

  it('gives no figure of another metric for a measure the plan does not count in', async () => {
    const r = await rt.ask('燃气管道今年要改造多少公里')
    expect(r.tasks).toEqual([])
    expect(r.reply).not.toMatch(/\d+公里/)
  })

  it('names no figure for a time the plan does not count in', async () => {
    const r = await rt.ask('注销要几个工作日')
    expect(r.tasks).toEqual([])
    expect(r.reply).not.toContain('85%')
  })

  it('gives no figure of another metric when the metric asked is not one the plan sets', async () => {
    const r = await rt.ask('企业年报公示率目标是多少')
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('工作要点未提及')
  })

  it('still answers a metric written shorter than the plan writes it', async () => {
    const r = await rt.ask('换标率目标多少')
    expect(r.reply).toContain('80%')
  })

  it('answers 第几届 from the text that writes the ordinal', async () => {
    const r = await rt.ask('米粉餐饮名品授牌会议是第几届')
    expect(r.reply).toContain('首届')
  })
})

describe('closed world reads whole words', () => {
  it('finds no place, person or contact inside other words', () => {
    const questions = [
      '复合肥质量抽检谁负责',
      '怎么确保定期检验电梯',
      '这些任务完成都有截止时间吗',
      '4月26日那个活动叫什么名字',
      '消费者投诉电话12315归谁',
      '网站地址在哪公开',
      // Own phrasings of the same kinds.
      '复合肥料的抽查由哪个科负责',
      '检验都完成都按时吗',
      '3月15日的那场活动名字是什么',
      '12345热线电话的工单谁处理',
      '投诉举报热线电话归哪个科',
      '企业登记的网址地址在哪查',
    ]
    for (const q of questions) expect(rt.world.check(q), q).toBeNull()
  })

  it('still flags a place word, a place before 市, a person asked after and a contact', () => {
    expect(rt.world.check('合肥的食品抽检谁负责')?.what).toBe('合肥的工作')
    expect(rt.world.check('保定市的电梯谁管')?.what).toBe('保定的工作')
    expect(rt.world.check('负责商标的那个人叫什么名字')?.what).toContain('具体人员')
    expect(rt.world.check('特安科办公室电话是多少')?.what).toContain('电话')
  })
})

describe('a task number the plan lacks', () => {
  it('gets the same clear reply from every intent', async () => {
    for (const q of ['第65条是什么内容', '第99条谁负责', '任务70的目标是多少', '第66条配合单位有哪些']) {
      const r = await rt.ask(q)
      expect(r.tasks, q).toEqual([])
      expect(r.reply, q).toMatch(/^工作要点共 64 条任务，没有第\d+条。$/)
    }
  })
})

describe('a message with no content word after a question', () => {
  it('is a follow-up only when it points back', async () => {
    await rt.ask('第3条谁牵头', 'fu')
    for (const q of ['啊这', '嗯嗯嗯', '😀']) {
      const r = await rt.ask(q, 'fu')
      expect(r.tasks, q).toEqual([])
      expect(r.reply, q).not.toContain('第3条')
    }
    const back = await rt.ask('这条呢', 'fu')
    expect(back.tasks.map((t) => t.number)).toEqual([3])
  })
})
