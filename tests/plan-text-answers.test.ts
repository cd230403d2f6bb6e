import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRuntime } from './helpers/runtime.js'

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
beforeAll(async () => {
  rt = await testRuntime()
})
afterAll(() => rt.close())

describe('small talk', () => {
  it('answers greetings, thanks and acknowledgements politely, with a hint and no 未提及', async () => {
    for (const text of ['您好呀', '多谢了', '好的，明白', '🙂']) {
      const r = await rt.ask(text)
      expect(r.intent).toBe('small_talk')
      expect(r.reply).not.toContain('未提及')
      expect(r.tasks).toEqual([])
    }
    expect((await rt.ask('您好呀')).reply).toContain('帮助')
  })
})

describe('help', () => {
  it('lists asking first, then reporting, then leaders, then admins', async () => {
    const r = await rt.ask('帮助')
    const at = (title: string) => r.reply.indexOf(title)
    expect(at('【问工作要点】')).toBeGreaterThan(0)
    expect(at('【问工作要点】')).toBeLessThan(at('【报送进度】'))
    expect(at('【报送进度】')).toBeLessThan(at('【领导查看】'))
    expect(at('【领导查看】')).toBeLessThan(at('【管理员】'))
    expect(at('谁牵头')).toBeLessThan(at('第20条 / 任务20'))
  })
})

describe('the preamble and the closing paragraphs', () => {
  it('quotes the closing rule when asked how the lead unit is decided', async () => {
    const r = await rt.ask('几个责任单位一起负责的，以谁为主牵头？')
    expect(r.intent).toBe('plan_text')
    expect(r.reply).toContain('排第一的为牵头单位')
  })

  it('quotes the preamble for the overall goal', async () => {
    const r = await rt.ask('今年的指导思想是什么')
    expect(r.reply).toContain('习近平新时代中国特色社会主义思想')
  })
})

describe('time questions', () => {
  it('lists what the plan dates in a month, and nothing undated', async () => {
    const r = await rt.ask('3月份有哪些活动')
    expect(r.tasks.map((t) => t.number)).toEqual([46])
    expect(r.reply).toContain('3月15日')
  })

  it('says when a task is due, or that the plan gives no deadline', async () => {
    const r = await rt.ask('第12条啥时候要完成')
    expect(r.intent).toBe('timeline')
    expect(r.reply).toMatch(/第12条(的完成时限|没有写明完成时限)/)
  })
})

describe('structure questions', () => {
  it('reads 第N部分 as a section, never as task N', async () => {
    const progress = await rt.ask('第三部分的进展怎么样')
    expect(progress.intent).toBe('scoped_summary')
    expect(progress.reply).toContain('第三部分')
    const about = await rt.ask('第七部分主要讲什么')
    expect(about.intent).toBe('section')
    expect(about.reply).toContain('聚焦基础建设')
  })

  it('shows the task in full for 「X具体要做什么」, with the sentence that answers', async () => {
    const r = await rt.ask('食盐定点生产企业体系检查具体要做什么')
    expect(r.tasks.map((t) => t.number)).toEqual([35])
    expect(r.reply).toContain('加强农村集体聚餐食品安全管理')
    expect(r.reply).toContain('最相关的一句')
  })

  it('counts the tasks on a topic, or the tasks of a section its title names', async () => {
    const topic = await rt.ask('地理标志有几条任务')
    expect(topic.reply).toMatch(/与「地理标志」有关的任务共 \d+ 条/)
    expect(topic.tasks.map((t) => t.number)).toContain(24)
    const section = await rt.ask('品牌品质有几项任务')
    expect(section.reply).toContain('第二部分')
  })

  it('says a plan without deadlines is a whole-year plan when asked what is due by year end', async () => {
    const r = await rt.ask('年底之前要完成什么')
    expect(r.reply).toContain('全年计划')
  })

  it('answers 第N条讲的啥 with the task text', async () => {
    const r = await rt.ask('第四十五条讲的是啥')
    expect(r.intent).toBe('show_task')
    expect(r.reply).toContain('12315')
  })
})

describe('relative time', () => {
  it('reads 下个月 from today', async () => {
    const march = await testRuntime({}, () => new Date('2023-03-10T02:00:00Z'))
    try {
      const r = await march.ask('下个月有什么活动')
      expect(r.reply).toContain('4月26日')
    } finally {
      await march.close()
    }
  })
})
