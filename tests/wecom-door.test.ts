import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { WECOM_LIMIT } from '../src/adapters/wecom/render.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { seedProgress } from './helpers/seed-progress.js'
import { ask, BOT_ID, type WecomRun, wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'

/**
 * The WeCom door driving the official SDK (@wecom/aibot-node-sdk) against a local fake of WeCom's
 * long-connection protocol: addressing, etiquette, dedupe, splitting and escaping.
 */

let fake: FakeWecom
let h: DoorHarness<WecomRun>
afterEach(async () => {
  await h?.close()
  await fake?.close()
})

const MENTION = (user: string) => `<@${user}> `

describe('the WeCom door: who is answered, and how', () => {
  it('answers an @ in a group in the same chat, @-mentioning the asker, with the core reply', async () => {
    ;({ fake, h } = await wecomHarness())
    const { outcome } = await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '@工作要点助手 第20条是什么' })
    expect(outcome).toMatchObject({ action: 'replied', delivered: true })
    const [shown, ...rest] = fake.visible('wrGroup1')
    expect(rest).toEqual([])
    expect(shown?.via).toBe('respond')
    const core = h.answered.at(-1)
    expect(core?.message).toMatchObject({ text: '第20条是什么', user: 'wecom:zhangsan', channel: 'wrGroup1', platform: 'wecom' })
    expect(shown?.content).toBe(MENTION('zhangsan') + core?.reply.reply)
    expect(core?.reply.reply).toContain('第20条')
  })

  it('answers every direct message, without a mention', async () => {
    ;({ fake, h } = await wecomHarness())
    await ask(fake, h, { userid: 'lisi', text: '帮助' })
    const shown = fake.visible('lisi')
    expect(shown).toHaveLength(1)
    expect(shown[0]?.content).toBe(h.answered.at(-1)?.reply.reply)
    expect(shown[0]?.content.startsWith('<@')).toBe(false)
  })

  it('in a group, answers a bare @ with help and a command word without a mention, and ignores other chatter', async () => {
    ;({ fake, h } = await wecomHarness())
    await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '@工作要点助手' })
    expect(h.answered.at(-1)?.message.text).toBe('帮助')
    const chatter = await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '大家下午好' })
    expect(chatter.outcome).toMatchObject({ action: 'dropped', reason: 'group message not addressed to the bot' })
    const command = await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '汇总' })
    expect(command.outcome.action).toBe('replied')
    expect(fake.visible('wrGroup1')).toHaveLength(2)
  })

  it('ignores external contacts and non-text messages', async () => {
    ;({ fake, h } = await wecomHarness())
    const external = await ask(fake, h, { userid: 'wmAbCdEfGhIjKlMnOpQrStUvWxYz012345', chatid: 'wrGroup1', text: '@助手 汇总' })
    expect(external.outcome.reason).toBe('sender outside the organisation (external contact)')
    // Pictures and files are 佐证材料 (wecom-evidence.test.ts); a video is not read.
    const video = fake.deliver(BOT_ID, { userid: 'lisi', msgtype: 'video', body: { video: { url: 'http://127.0.0.1/x' } } })
    expect((await h.outcome(video.msgid)).reason).toBe('not text (video)')
    expect(fake.visible()).toEqual([])
    expect(h.answered).toEqual([])
  })

  it('answers a message delivered twice once, and stores its progress once', async () => {
    ;({ fake, h } = await wecomHarness())
    await ask(fake, h, { userid: 'zhangsan', text: '我是知识产权促进科的' })
    const first = await ask(fake, h, { userid: 'zhangsan', text: '进度 20 截至6月底发明专利申请量1200件' })
    fake.redeliver(BOT_ID, first.reqId, first.body)
    expect((await h.outcome(first.msgid, 'duplicate')).reason).toBe('already in the inbox')
    expect(fake.visible('zhangsan')).toHaveLength(2)
    expect((await h.runtime.store.liveUpdates()).map((u) => u.task)).toEqual([20])
    // And after a restart: the message id is remembered in the database.
    await h.restart()
    await fake.until(() => fake.online(BOT_ID))
    const outcomes = h.outcomes.length
    fake.redeliver(BOT_ID, first.reqId, first.body)
    await fake.until(() => h.outcomes.length > outcomes)
    expect(h.outcomes.at(-1)).toMatchObject({ id: first.msgid, action: 'duplicate' })
    expect(fake.visible('zhangsan')).toHaveLength(2)
  })
})

describe('the WeCom door: long replies, echoed text, files', () => {
  it('splits a long reply at 4,096 bytes: the answer, then the rest pushed to the chat, in order', async () => {
    ;({ fake, h } = await wecomHarness())
    await seedProgress(h.runtime, 'wecom:zhangsan', 'wecom', 40)
    await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '@助手 第20条全部进展' })
    const shown = fake.visible('wrGroup1')
    expect(shown.length).toBeGreaterThan(1)
    expect(shown.map((v) => v.via)).toEqual(['respond', ...shown.slice(1).map(() => 'push')])
    for (const v of shown) expect(WECOM_LIMIT.measure(v.content)).toBeLessThanOrEqual(WECOM_LIMIT.max)
    const text = shown.map((v) => v.content).join('\n')
    expect(text.startsWith(MENTION('zhangsan'))).toBe(true)
    expect(text.slice(MENTION('zhangsan').length).replace(/\s/g, '')).toBe(h.answered.at(-1)?.reply.reply.replace(/\s/g, ''))
  })

  it('breaks mentions in echoed text, so only the asker is @-mentioned', async () => {
    ;({ fake, h } = await wecomHarness())
    await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '@助手 我是知识产权促进科的' })
    await ask(fake, h, { userid: 'zhangsan', chatid: 'wrGroup1', text: '@助手 进度 20 已通知<@lisi>和<@wangwu>完成1200件' })
    const content = fake.visible('wrGroup1').at(-1)?.content ?? ''
    expect(h.answered.at(-1)?.reply.reply).toContain('<@lisi>')
    expect(content.match(/<@[^\u200b]/g)).toEqual(['<@z'])
    expect(content).toContain('<\u200b@lisi>')
  })

  it('sends 「导出台账」 as an xlsx file (WeCom media upload), naming no server path', async () => {
    ;({ fake, h } = await wecomHarness({ BOT_LEADERS: 'wecom:boss' }))
    await ask(fake, h, { userid: 'boss', text: '导出台账' })
    const [text, file] = fake.visible('boss')
    expect(text?.content).toContain('已生成台账')
    expect(text?.content).not.toContain(h.dir)
    expect(file?.msgtype).toBe('file')
    expect(file?.file?.name).toMatch(/^台账-.*\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file?.file?.bytes as never)
    expect(book.getWorksheet('台账')?.rowCount).toBeGreaterThan(60)
  })

  it('says so, with no path, when the file cannot be sent', async () => {
    ;({ fake, h } = await wecomHarness({ BOT_LEADERS: 'wecom:boss' }))
    fake.refuseNext('aibot_upload_media_init', 45009, 'upload quota exceeded')
    await ask(fake, h, { userid: 'boss', text: '导出台账' })
    const shown = fake.visible('boss')
    expect(shown.map((v) => v.msgtype)).toEqual(['stream', 'markdown'])
    expect(shown[1]?.content).toMatch(/^文件「台账-.*\.xlsx」已生成，但发送到企业微信失败。/)
    expect(shown[1]?.content).not.toContain(h.dir)
  })
})

describe('the WeCom door: late replies', () => {
  it('says a reply is late, and when the message came, when it is sent long after', async () => {
    ;({ fake, h } = await wecomHarness())
    const twentyMinutesAgo = Math.floor(Date.now() / 1000) - 20 * 60
    const sent = fake.deliver(BOT_ID, { userid: 'lisi', text: '帮助', body: { create_time: twentyMinutesAgo } })
    await h.outcome(sent.msgid)
    const [shown] = fake.visible('lisi')
    expect(shown?.content).toMatch(/^（迟到的回复：你的消息收到于 \d\d-\d\d \d\d:\d\d）\n/)
    expect(shown?.content.endsWith(h.answered.at(-1)?.reply.reply ?? '?')).toBe(true)
  })
})

describe('the WeCom door: identity and permissions', () => {
  it('takes wecom:<userid> in BOT_ADMINS: an admin approves a binding, audited', async () => {
    ;({ fake, h } = await wecomHarness({ BOT_BINDING_POLICY: 'approval', BOT_ADMINS: 'wecom:boss' }))
    await ask(fake, h, { userid: 'lisi', text: '我是知识产权促进科的' })
    expect((await h.runtime.store.getBinding('wecom:lisi'))?.status).toBe('pending')
    await ask(fake, h, { userid: 'zhangsan', text: '批准 wecom:lisi' })
    expect((await h.runtime.store.getBinding('wecom:lisi'))?.status).toBe('pending')
    await ask(fake, h, { userid: 'boss', text: '批准 wecom:lisi' })
    expect((await h.runtime.store.getBinding('wecom:lisi'))?.status).toBe('approved')
    const audit = (await h.runtime.store.auditTrail()).filter((a) => a.action === 'approve').reverse()
    expect(audit.map((a) => [a.user, a.allowed])).toEqual([
      ['wecom:zhangsan', false],
      ['wecom:boss', true],
    ])
  })
})
