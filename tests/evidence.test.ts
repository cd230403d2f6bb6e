import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVIDENCE_CAPTION, type IncomingFile } from '../src/core/message.js'
import { readFacts } from '../src/core/summary/facts.js'
import { buildLedger } from '../src/core/summary/ledger.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { EXE, memoryFile, PDF, PNG, TEXT } from './helpers/evidence-files.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * 佐证材料 through the core API every door calls (`bot.handle` with `files`): kept with the report it
 * came with or followed, content-addressed, type-checked from its bytes, size-limited, audited; a
 * file that cannot be placed or kept is refused with the reason and nothing is stored.
 */

const JUNE = '2023-06-20T10:00:00+08:00'
let env: SummaryRuntime
let sequence = 0

beforeAll(async () => {
  env = await startSummaryRuntime(JUNE, { BOT_EVIDENCE_MAX_MB: '1' })
  await env.say('u1', '我是知识产权促进科的', '张三')
  await env.say('u3', '我是广告科的', '王五')
})
afterAll(() => env.close())

function send(user: string, text: string, files: IncomingFile[], messageId = `m${++sequence}`) {
  return env.runtime.bot.handle({ text, user, userName: user === 'u1' ? '张三' : '王五', platform: 'cli', messageId, files })
}

const evidence = () => env.runtime.context.store.evidence.list()
const blobs = () => {
  const db = new Database(join(env.dir, 'bot.db'), { readonly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM evidence_blobs').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('with a report', () => {
  it('keeps a picture sent with the report, by its own type and hash, and says so', async () => {
    const reply = await send('u1', '进度 20 截至6月底发明专利申请量1200件', [memoryFile(PNG, '现场照片.png')])
    expect(reply.progress?.task).toBe(20)
    expect(reply.reply).toContain(`佐证材料：已保存「现场照片.png」（1 KB），附在第20条本次报送（编号 ${reply.progress?.id}）。`)
    const [kept] = await evidence()
    expect(kept).toMatchObject({
      task: 20,
      update: reply.progress?.id,
      name: '现场照片.png',
      mime: 'image/png',
      size: PNG.length,
      unit: '知识产权促进科',
    })
    expect(kept?.sha256).toBe(createHash('sha256').update(PNG).digest('hex'))
    const read = await env.runtime.context.store.evidence.read(kept?.id ?? 0)
    expect(Buffer.from(read?.bytes ?? [])).toEqual(PNG)
    expect((await env.runtime.store.auditTrail(5)).some((a) => a.action === 'evidence' && a.allowed)).toBe(true)
  })

  it('stores the same bytes once, however often they are sent; a redelivered message adds nothing', async () => {
    await send('u1', '进度 20 发明专利授权量300件', [memoryFile(PNG, '同一张照片.png')], 'same-message')
    await send('u1', '进度 20 发明专利授权量300件', [memoryFile(PNG, '同一张照片.png')], 'same-message')
    expect((await evidence()).map((e) => e.name)).toEqual(['现场照片.png', '同一张照片.png'])
    expect(blobs()).toBe(1)
  })

  it('refuses what is not a picture, PDF or office document, naming what it takes; the report stands', async () => {
    const before = (await evidence()).length
    const reply = await send('u1', '进度 22 市级重点跟踪企业已确定80家', [memoryFile(EXE, '统计.exe'), memoryFile(TEXT, '说明.txt')])
    expect(reply.progress?.task).toBe(22)
    expect(reply.reply).toContain(
      '佐证材料「统计.exe」未保存：类型（exe）不在可收范围，只收图片、PDF 和 Office 文档（Word、Excel、PPT、WPS）。',
    )
    expect(reply.reply).toContain('佐证材料「说明.txt」未保存：类型不在可收范围')
    expect((await evidence()).length).toBe(before)
  })

  it('refuses a file over BOT_EVIDENCE_MAX_MB without fetching it when the door declares its size', async () => {
    const declared = memoryFile(PDF, '大文件.pdf', 5 * 1024 * 1024)
    const reply = await send('u1', '进度 21 新增高价值发明专利60件', [declared])
    expect(reply.reply).toContain('佐证材料「大文件.pdf」未保存：超过 1 MB 的大小限制。')
    expect(declared.reads).toBe(0)
    const undeclared = memoryFile(Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]), '扫描件.pdf')
    expect((await send('u1', '进度 21 新增高价值发明专利61件', [undeclared])).reply).toContain('超过 1 MB 的大小限制')
  })

  it('says so when the platform would not give the file', async () => {
    const broken: IncomingFile = { name: '照片.jpg', read: () => Promise.reject(new Error('network down')) }
    expect((await send('u1', '进度 21 新增高价值发明专利62件', [broken])).reply).toContain(
      '佐证材料「照片.jpg」未保存：文件没能从平台取回，请重新发送。',
    )
  })
})

describe('sent alone', () => {
  it('joins the sender’s report of the last 30 minutes', async () => {
    env.at('2023-06-20T10:20:00+08:00')
    const reply = await send('u1', EVIDENCE_CAPTION, [memoryFile(PDF, '验收报告.pdf')])
    expect(reply.intent).toBe('evidence')
    expect(reply.reply).toMatch(/^佐证材料：已保存「验收报告\.pdf」（\d+ KB），附在第21条本次报送（编号 \d+）。$/)
    expect((await evidence()).at(-1)).toMatchObject({ task: 21, mime: 'application/pdf' })
  })

  it('without a recent report is refused with how to send it, and nothing is stored', async () => {
    env.at('2023-06-20T12:00:00+08:00')
    const before = (await evidence()).length
    const reply = await send('u1', EVIDENCE_CAPTION, [memoryFile(PNG, 'x.png')])
    expect(reply.reply).toContain('没有找到你30分钟内报送的进度')
    expect(reply.reply).toContain('文件未保存。')
    expect((await evidence()).length).toBe(before)
    expect((await env.runtime.store.auditTrail(1))[0]).toMatchObject({ action: 'evidence', allowed: false, reason: 'no recent report' })
  })

  it('「佐证 22」 attaches to the unit’s latest report on that task; another unit cannot', async () => {
    const mine = await send('u1', '佐证 22', [memoryFile(PNG, '名单.png')])
    expect(mine.reply).toContain('附在第22条本次报送')
    const theirs = await send('u3', '佐证 22', [memoryFile(PNG, '名单.png')])
    expect(theirs.reply).toBe('你所在的单位不是第22条的责任单位，不能为它提交佐证材料。文件未保存。')
    const none = await send('u3', '佐证 9', [memoryFile(PNG, '名单.png')])
    expect(none.reply).toBe('第9条还没有你单位的进度报送。请先发送「进度 9 内容」，再附上材料。文件未保存。')
    expect((await send('u1', '佐证 22', [])).reply).toContain('没有收到文件。')
  })
})

describe('in the leaders’ views', () => {
  it('the 台账 lists the files with the report they support, on the task row and in the history', async () => {
    const facts = await readFacts(env.runtime.store)
    const overview = buildOverview(env.runtime.plan, facts, { now: env.now(), timezone: 'Asia/Shanghai', period: 'month' })
    const ledger = buildLedger(overview, 'Asia/Shanghai')
    expect(ledger.rows.find((r) => r.序号 === 22)?.佐证材料).toBe('名单.png（1 KB）')
    expect(ledger.history.filter((h) => h.序号 === 20).map((h) => h.佐证材料)).toEqual(['现场照片.png（1 KB）', '同一张照片.png（1 KB）'])
    expect((await env.say(ADMIN, '第20条全部进展')).reply).toContain('佐证材料：现场照片.png（1 KB）')
  })
})
