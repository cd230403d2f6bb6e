import { afterEach, describe, expect, it } from 'vitest'
import type { DoorHarness } from './helpers/door-harness.js'
import { PDF, PNG } from './helpers/evidence-files.js'
import { ask, BOT_ID, type WecomRun, wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'
import { wecomMedia } from './helpers/wecom-fake-media.js'

/**
 * 佐证材料 through the WeCom door: the official SDK on the fake long connection receives image, file
 * and mixed callbacks whose media sit encrypted (per-download aeskey) on a local file host; the door
 * downloads, decrypts and hands them to the core, which keeps them with the sender's report. The
 * kept bytes are read back from the store; the sender is told what was kept, or why not.
 */

let fake: FakeWecom
let h: DoorHarness<WecomRun>
afterEach(async () => {
  await h?.close()
  await fake?.close()
})

const kept = () => h.runtime.store.evidence.list()
const lastShown = (chat: string) => fake.visible(chat).at(-1)?.content ?? ''

/** Starts the door, binds `userid` to 知识产权促进科 and stores its report on task 20 in `chat` (or directly). */
async function reported(userid: string, chatid?: string, env: Record<string, string> = {}) {
  ;({ fake, h } = await wecomHarness(env))
  await ask(fake, h, { userid, text: '我是知识产权促进科的' })
  const text = chatid ? '@工作要点助手 进度 20 截至6月底发明专利申请量1200件' : '进度 20 截至6月底发明专利申请量1200件'
  const report = await ask(fake, h, { userid, text, ...(chatid ? { chatid } : {}) })
  expect(report.outcome).toMatchObject({ action: 'replied', intent: 'log_progress' })
}

/** Sends a file or picture alone; waits for the door's outcome. */
async function sendMedia(m: { userid: string; chatid?: string; msgtype: 'image' | 'file'; media: { url: string; aeskey: string } }) {
  const sent = fake.deliver(BOT_ID, {
    userid: m.userid,
    msgtype: m.msgtype,
    body: { [m.msgtype]: m.media },
    ...(m.chatid ? { chatid: m.chatid } : {}),
  })
  return h.outcome(sent.msgid)
}

describe('佐证材料 in WeCom', () => {
  it('keeps a file sent alone in a direct chat after a report: downloaded, decrypted, named by the download', async () => {
    await reported('zhangsan')
    const media = wecomMedia(fake.media, PDF, { name: '专利申请台账.pdf' })
    expect(await sendMedia({ userid: 'zhangsan', msgtype: 'file', media })).toMatchObject({ action: 'replied', intent: 'evidence' })
    const [row] = await kept()
    expect(row).toMatchObject({ task: 20, name: '专利申请台账.pdf', mime: 'application/pdf', user: 'wecom:zhangsan' })
    expect(Buffer.from((await h.runtime.store.evidence.read(row?.id ?? -1))?.bytes ?? [])).toEqual(PDF)
    expect(lastShown('zhangsan')).toContain('佐证材料：已保存「专利申请台账.pdf」')
    expect(lastShown('zhangsan')).toContain('附在第20条本次报送')
  })

  it('in a group, keeps a picture from someone who just reported there, and leaves others’ pictures undownloaded', async () => {
    await reported('zhangsan', 'wrGroup1')
    const other = wecomMedia(fake.media, PNG)
    expect(await sendMedia({ userid: 'wangwu', chatid: 'wrGroup1', msgtype: 'image', media: other })).toMatchObject({
      action: 'dropped',
      reason: 'group message not addressed to the bot',
    })
    expect(fake.media.downloadsOf(other.url)).toEqual([])
    const photo = wecomMedia(fake.media, PNG)
    expect(await sendMedia({ userid: 'zhangsan', chatid: 'wrGroup1', msgtype: 'image', media: photo })).toMatchObject({
      action: 'replied',
      intent: 'evidence',
    })
    const [row] = await kept()
    expect(row).toMatchObject({ task: 20, mime: 'image/png', user: 'wecom:zhangsan' })
    expect(Buffer.from((await h.runtime.store.evidence.read(row?.id ?? -1))?.bytes ?? [])).toEqual(PNG)
    expect(lastShown('wrGroup1')).toMatch(/^<@zhangsan> 佐证材料：已保存「.+\.png」/)
  })

  it('takes an @ with a report and a picture in one mixed message as the report with its evidence', async () => {
    ;({ fake, h } = await wecomHarness())
    await ask(fake, h, { userid: 'lisi', text: '我是知识产权促进科的' })
    const photo = wecomMedia(fake.media, PNG, { name: '走访.png' })
    const mixed = {
      mixed: {
        msg_item: [
          { msgtype: 'text', text: { content: '@工作要点助手 进度 22 市级重点跟踪企业已确定100家' } },
          { msgtype: 'image', image: photo },
        ],
      },
    }
    const sent = fake.deliver(BOT_ID, { userid: 'lisi', chatid: 'wrGroup2', msgtype: 'mixed', body: mixed })
    expect(await h.outcome(sent.msgid)).toMatchObject({ action: 'replied', intent: 'log_progress' })
    expect(await kept()).toMatchObject([{ task: 22, name: '走访.png', user: 'wecom:lisi' }])
    expect(lastShown('wrGroup2')).toContain('佐证材料：已保存「走访.png」')
  })

  it('refuses a file over BOT_EVIDENCE_MAX_MB politely, stops the download early and stores nothing', async () => {
    await reported('zhangsan', undefined, { BOT_EVIDENCE_MAX_MB: '1' })
    // Larger than loopback's socket buffers, so a download read to its end would show as complete.
    const big = wecomMedia(fake.media, Buffer.alloc(32 * 1024 * 1024, 7), { name: '大文件.pdf', chunked: true })
    expect(await sendMedia({ userid: 'zhangsan', msgtype: 'file', media: big })).toMatchObject({ action: 'replied', intent: 'evidence' })
    expect(lastShown('zhangsan')).toContain('未保存：超过 1 MB 的大小限制。')
    expect(await kept()).toEqual([])
    await fake.until(() => fake.media.downloadsOf(big.url).length === 1)
    expect(fake.media.downloadsOf(big.url)[0]?.complete).toBe(false)
  })

  it('says so when the download link has expired, and stores nothing', async () => {
    await reported('zhangsan')
    const expired = wecomMedia(fake.media, PDF, { status: 403 })
    expect(await sendMedia({ userid: 'zhangsan', msgtype: 'file', media: expired })).toMatchObject({
      action: 'replied',
      intent: 'evidence',
    })
    expect(lastShown('zhangsan')).toContain('佐证材料第 1 个文件未保存：文件没能从平台取回，请重新发送。')
    expect(await kept()).toEqual([])
    expect(h.logged.some((line) => line.includes('wecom: could not fetch a shared file'))).toBe(true)
  })
})
