import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'
import { writeWaterSeeds } from './helpers/water-plan.js'

/**
 * Questions composed of parts, through the real bot: an invented water bureau's plan (six tasks,
 * two parts, targets in 公里, 座 and 次, deadlines) and the bundled plan. No question here is a
 * pattern the bot was taught; each is a combination of parts it knows.
 */

const numbers = (r: { tasks: { number: number }[] }) => r.tasks.map((t) => t.number)

describe('a plan the bot was never shown: the water bureau', () => {
  let water: SummaryRuntime
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gzyd-water-q-'))
    water = await startSummaryRuntime('2025-05-10T10:00:00+08:00', { BOT_SEEDS: writeWaterSeeds(join(dir, 'seeds')) })
  })
  afterAll(async () => {
    await water.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const ask = (text: string) => water.say('staff', text)

  it('lists what a unit co-operates on, and only that, when the question combines it with more', async () => {
    const r = await ask('工程科配合的任务里哪几项带量化指标')
    expect(numbers(r)).toEqual([1, 4])
    expect(r.reply).toContain('30公里')
  })

  it('counts a unit’s tasks under a relation', async () => {
    const r = await ask('供水科牵头了几项')
    expect(numbers(r)).toEqual([1, 2])
    expect(r.reply).toContain('2 项')
  })

  it('ranks units by the tasks they lead, naming every unit that ties', async () => {
    const r = await ask('谁牵头的事情最多')
    expect(r.reply).toMatch(/最多的是(供水科、排水科|排水科、供水科)，各 2 条/)
  })

  it('finds the last task of a part named by its title', async () => {
    const r = await ask('排水治理那一块最后一项是啥')
    expect(numbers(r)).toEqual([6])
  })

  it('gives the first and last task of a part', async () => {
    expect((await ask('第二部分是从第几条到第几条')).reply).toContain('从第4条到第6条')
  })

  it('lists the targets of one measure only', async () => {
    const r = await ask('以公里计的目标有哪些')
    expect(numbers(r)).toEqual([1, 4])
    expect(r.reply).not.toContain('200座')
  })

  it('lists every task that says a word, with the sentence that says it', async () => {
    const r = await ask('泵房在哪几条里出现过')
    expect(numbers(r)).toEqual([2])
    expect(r.reply).toContain('泵房200座')
  })

  it('reads a unit typed with a character of the same sound, and says how it read it', async () => {
    const r = await ask('供税科有几项任务')
    expect(r.reply).toContain('按“供水科”理解')
    expect(numbers(r)).toEqual([1, 2, 3])
  })

  it('says a unit the plan does not have is not in it', async () => {
    const r = await ask('财务科有哪些活')
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('工作要点未提及「财务科」')
  })

  it('answers what falls due by a month from the deadlines the plan writes', async () => {
    const r = await ask('6月底之前要办完的有哪些')
    expect(numbers(r)).toEqual([5])
  })

  it('looks for the words asked, whatever points at them (两个字, 这个词, 条, 写了)', async () => {
    for (const q of ['哪些条提到管网', '管网两个字出现在哪几条', '“管网”这个词在哪些条出现过', '哪些条里写了管网'])
      expect(numbers(await ask(q)), q).toEqual([1])
    const none = await ask('冷链两个字出现在哪几条')
    expect(none.tasks).toEqual([])
    expect(none.reply).toContain('工作要点里没有提到「冷链」的任务')
  })

  it('reads 「我们局」 in a bureau’s own plan as the whole plan, not the sender’s unit', async () => {
    const r = await ask('我们局里哪个科牵头的任务最多')
    expect(r.reply).not.toContain('绑定')
    expect(r.reply).toMatch(/最多的是(供水科、排水科|排水科、供水科)/)
  })

  it('gives a part’s heading with the tasks it holds, and the last task of a part by 收尾', async () => {
    expect((await ask('第2部分的标题叫啥')).reply).toContain('第2部分的标题是「排水治理」，含第4–6条')
    expect(numbers(await ask('第一部分收尾的是哪条'))).toEqual([3])
  })

  it('looks for a year as words when asked which tasks mention it, and finds none the plan lacks', async () => {
    expect(numbers(await ask('哪几条提到2025年'))).toEqual([])
    expect((await ask('有没有哪条写到2025年')).reply).not.toContain('只写了')
  })

  it('reads a task named with the opening words as that task, and the opening paragraph asked with words as it', async () => {
    expect(numbers(await ask('开篇第一条是谁牵头'))).toEqual([1])
  })

  it('answers 「没人报」 for the whole plan, not the sender’s unit', async () => {
    const r = await ask('还有哪几项一直没人报')
    expect(r.reply).not.toContain('绑定')
    expect(r.reply).toContain('项任务未报送')
    expect(numbers(r)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('takes the last task about words no heading uses, in the plan’s order', async () => {
    expect(numbers(await ask('改造那块最后一项是啥'))).toEqual([4])
  })

  it('counts a unit’s tasks asked with 挂', async () => {
    expect((await ask('工程科一共挂了几条')).reply).toContain('2 项')
  })

  it('says where or which ones only when the plan names them; otherwise a near miss citing the task', async () => {
    const where = await ask('供水应急演练放在哪个县搞')
    expect(where.tasks).toEqual([])
    expect(where.reply).toMatch(/^工作要点未提及.*的地点。相关内容见第3条/)
    const which = await ask('那200座泵房具体是哪几个')
    expect(which.tasks).toEqual([])
    expect(which.reply).toMatch(/的具体名单。相关内容见第2条/)
  })
})

describe('the bundled plan, asked in parts', () => {
  let rt: SummaryRuntime
  beforeAll(async () => {
    rt = await startSummaryRuntime('2023-06-20T10:00:00+08:00')
  })
  afterAll(() => rt.close())
  const ask = (text: string, user = 'staff') => rt.say(user, text)

  it('hears a unit’s name said without its 市 and with a slip', async () => {
    const r = await ask('知识产权保户中心有几项要配合')
    expect(r.reply).toContain('按“知识产权保护中心”理解')
    expect(numbers(r)).toEqual([20, 21, 23, 25, 26, 27, 28])
  })

  it('finds a year the plan compares with when asked which tasks mention it', async () => {
    const r = await ask('要点里哪几条写到2022年')
    expect(numbers(r)).toEqual([23])
    expect(r.reply).toContain('较2022年增长')
  })

  it('quotes the opening paragraph for what it says, whatever words ask it', async () => {
    const r = await ask('总述部分提了哪些目标')
    expect(r.tasks).toEqual([])
    expect(r.reply).toMatch(/^工作要点开头写明：「2023年/)
  })

  it('answers where from places the task lists by name', async () => {
    const r = await ask('知识产权分中心都设在哪')
    expect(numbers(r)).toEqual([21])
    expect(r.reply).toContain('经开区、高新区、临澧、津市、汉寿')
  })

  it('reads 课 typed for 科 at the end of a unit’s name', async () => {
    const r = await ask('广告课牵头几项')
    expect(r.reply).toContain('按“广告科”理解')
    expect(numbers(r)).toEqual([9, 42, 43])
  })

  it('answers which ones by name from the task that names them', async () => {
    const r = await ask('除了飞沃科技，还有哪几家企业要加快上市')
    expect(numbers(r)).toEqual([1])
    expect(r.reply).toContain('金天钛业、康普药业')
  })

  it('counts a unit’s part in one section', async () => {
    const r = await ask('第六部分里特安科参与了几条')
    expect(numbers(r)).toEqual([55])
    expect(r.reply).toContain('共 1 条')
  })

  it('names the section with the most tasks', async () => {
    expect((await ask('任务最多的是哪一部分')).reply).toMatch(/最多的是第六部分「[^」]+」，共 13 条/)
  })

  it('counts the parts of the document', async () => {
    expect((await ask('这份要点分成几大块')).reply).toContain('共 7 个部分')
  })

  it('lists money targets as a kind of figure', async () => {
    const r = await ask('亿元为单位的指标有哪些')
    const lines = r.reply.split('\n').slice(1)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line.split('：').slice(1).join('：')).toMatch(/^[^；]*亿元([^；]*；[^；]*亿元)*[^；]*$/)
  })

  it('reads a slip in a topic word as the plan’s word and answers it', async () => {
    const r = await ask('地理标纸示范区谁牵头')
    expect(r.reply).toContain('按“标志”理解')
    expect(numbers(r)[0]).toBe(24)
  })

  it('answers a near miss with the related task and no figure of another metric', async () => {
    const r = await ask('食品安全示范城市验收定在几号')
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('第29条')
    expect(r.reply).toContain('未提及')
  })

  it('gives chat a short reply, never 未提及', async () => {
    for (const text of ['各位领导早上好', '好的👌', '通知：周五下午两点在五楼会议室召开季度调度会，请各科室负责人参加']) {
      const r = await ask(text)
      expect(r.intent).toBe('small_talk')
      expect(r.reply).not.toContain('未提及')
      expect(r.tasks).toEqual([])
    }
  })

  it('says what the bot does, and how to report, in a short answer', async () => {
    expect((await ask('你都能干啥')).reply).toMatch(/工作要点助手[\s\S]*例如/)
    expect((await ask('进度怎么填')).reply).toContain('进度 条号 进展内容')
  })

  it('stores nothing from a report without its command word, and shows the command', async () => {
    const r = await ask('第12条：本月已完成质量奖评审材料初审')
    expect(r.progress).toBeUndefined()
    expect(r.reply).toContain('「进度 12 本月已完成质量奖评审材料初审」')
  })

  it('answers a figure asked in the user’s words from the latest report on that target', async () => {
    await ask('我是知识产权促进科的', 'clerk')
    await ask('进度 20 截至6月中旬发明专利授权量累计达到600件', 'clerk')
    const r = await ask('发明专利授权量做到多少了')
    expect(r.reply).toContain('600件')
    expect(r.reply).toContain('60%')
    expect(r.reply).toContain('1000件')
  })

  it('lists what the sender’s unit has not reported this period', async () => {
    await ask('我是广告科的', 'ad')
    await ask('进度 43 截至6月完成广告监测5200条次', 'ad')
    const r = await ask('我们科还有哪几条没报', 'ad')
    expect(numbers(r)).toEqual([9, 42])
  })

  it('asks someone who is not bound which unit they are before answering for 「我们」', async () => {
    const r = await ask('我们还有哪些没报', 'stranger')
    expect(r.tasks).toEqual([])
    expect(r.reply).toContain('绑定')
  })

  it('asks the last question again about what a follow-up names', async () => {
    expect(numbers(await ask('网监科配合的有几条', 'f'))).toEqual([47])
    const r = await ask('那价监科呢', 'f')
    expect(numbers(r)).toEqual([47])
    expect(r.reply).toContain('价监科配合的任务共 1 条')
  })

  it('asks a unit’s share of the unit just talked about when the follow-up names none', async () => {
    await ask('网监科负责哪些', 'g')
    const r = await ask('牵头的有几项', 'g')
    expect(r.reply).toContain('网监科牵头 2 项')
    expect(numbers(r)).toEqual([40, 41])
  })
})

describe('a plan whose goals stand in its 总体要求', () => {
  let sport: SummaryRuntime
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gzyd-goals-'))
    mkdirSync(join(dir, 'seeds'))
    writeFileSync(
      join(dir, 'seeds', 'sport.txt'),
      [
        '某县体育产业发展实施方案',
        '一、总体要求',
        '（一）指导思想。坚持以人民为中心，推动体育产业高质量发展。',
        '（二）发展目标。到2025年，全县体育产业总规模达到50亿元，体育消费总规模达到20亿元。',
        '二、主要任务',
        '1.举办全县马拉松赛事，参赛人数达到5000人。（责任单位：县体育局、县公安局）',
        '2.建设社区健身设施30处。（责任单位：县住建局）',
        '',
      ].join('\n'),
    )
    sport = await startSummaryRuntime('2025-05-10T10:00:00+08:00', { BOT_SEEDS: join(dir, 'seeds') })
  })
  afterAll(async () => {
    await sport.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a figure the goals set, from the goals, with no task', async () => {
    const r = await sport.say('staff', '到2025年体育消费总规模要达到多少')
    expect(r.reply).toContain('体育消费总规模达到20亿元')
    expect(r.tasks).toEqual([])
  })

  it('quotes the paragraph a heading names', async () => {
    expect((await sport.say('staff', '指导思想是什么')).reply).toContain('坚持以人民为中心')
    expect((await sport.say('staff', '发展目标是什么')).reply).toContain('全县体育产业总规模达到50亿元')
  })
})
