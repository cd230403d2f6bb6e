import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DINGTALK_LIMIT } from '../src/adapters/dingtalk/render.js'
import { deliveryRows } from './helpers/delivery-rows.js'
import type { DingtalkRun } from './helpers/dingtalk-door.js'
import { ask, dingtalkHarness } from './helpers/dingtalk-door.js'
import { type FakeDingtalk, ROBOT_TOPIC } from './helpers/dingtalk-fake.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { eventually } from './helpers/eventually.js'
import { seedProgress } from './helpers/seed-progress.js'

/**
 * The DingTalk door driving the official SDK (dingtalk-stream) against a local fake of the Stream
 * gateway and the robot OpenAPI: addressing, etiquette, acknowledgement after storing, dedupe,
 * splitting, files.
 */

let fake: FakeDingtalk
let h: DoorHarness<DingtalkRun>
afterEach(async () => {
  await h?.close()
  await fake?.close()
})

describe('the DingTalk door: who is answered, and how', () => {
  it('connects with its own gateway URL and subscribes to the robot topic only', async () => {
    ;({ fake, h } = await dingtalkHarness())
    expect(fake.openings).toEqual([{ ok: true, subscriptions: [{ type: 'CALLBACK', topic: ROBOT_TOPIC }] }])
    await fake.ping() // the SDK echoes SYSTEM pings
  })

  it('answers an @ in a group through the session webhook, @-mentioning the asker by staffId', async () => {
    ;({ fake, h } = await dingtalkHarness())
    const { outcome } = await ask(fake, h, { staffId: 'manager01', nick: '张三', conversationId: 'cidGroup1', text: ' 第20条是什么' })
    expect(outcome).toMatchObject({ action: 'replied', delivered: true })
    const shown = fake.visible('cidGroup1')
    expect(shown).toHaveLength(1)
    const core = h.answered.at(-1)
    expect(core?.message).toMatchObject({ text: '第20条是什么', user: 'dingtalk:manager01', userName: '张三', channel: 'cidGroup1' })
    expect(shown[0]).toEqual({ via: 'webhook', chat: 'cidGroup1', content: `@manager01 ${core?.reply.reply}`, atUserIds: ['manager01'] })
  })

  it('answers every direct message, without a mention', async () => {
    ;({ fake, h } = await dingtalkHarness())
    const { conversationId } = await ask(fake, h, { staffId: 'lisi01', text: '帮助' })
    expect(fake.visible(conversationId)).toEqual([
      { via: 'webhook', chat: conversationId, content: h.answered.at(-1)?.reply.reply, atUserIds: [] },
    ])
  })

  it('acknowledges a message only after it is stored, and a second delivery is answered once', async () => {
    ;({ fake, h } = await dingtalkHarness())
    await ask(fake, h, { staffId: 'zhang01', text: '我是知识产权促进科的' })
    const sent = fake.deliver({ staffId: 'zhang01', text: '进度 20 截至6月底发明专利申请量1200件', msgId: 'msgSame' })
    await h.outcome('msgSame', 'replied')
    expect(fake.deliveries.get(sent.messageId)?.acks).toBe(1)
    expect(deliveryRows(h.env.BOT_DB as string).open).toEqual([])
    // DingTalk pushes the same message again (under a new Stream id): acknowledged, not answered.
    const again = fake.deliver({ staffId: 'zhang01', text: '进度 20 截至6月底发明专利申请量1200件', msgId: 'msgSame' })
    expect(await h.outcome('msgSame', 'duplicate')).toMatchObject({ reason: 'already in the inbox' })
    await fake.until(() => fake.deliveries.get(again.messageId)?.acks === 1)
    expect(fake.visible(sent.conversationId)).toHaveLength(2)
    expect((await h.runtime.store.liveUpdates()).map((u) => u.task)).toEqual([20])
  })

  it('in a group, answers a command word without a mention and ignores chatter not addressed to it', async () => {
    ;({ fake, h } = await dingtalkHarness())
    const chatter = await ask(fake, h, { staffId: 'zhang01', conversationId: 'cidGroup1', inAtList: false, text: '收到，谢谢' })
    expect(chatter.outcome.reason).toBe('group message not addressed to the bot')
    await ask(fake, h, { staffId: 'zhang01', conversationId: 'cidGroup1', inAtList: false, text: '汇总' })
    expect(fake.visible('cidGroup1')).toHaveLength(1)
    const bare = await ask(fake, h, { staffId: 'zhang01', conversationId: 'cidGroup1', text: ' ' })
    expect(bare.outcome.action).toBe('replied')
    expect(h.answered.at(-1)?.message.text).toBe('帮助')
  })

  it('ignores senders of another organisation, its own messages and non-text messages', async () => {
    ;({ fake, h } = await dingtalkHarness())
    const outsider = await ask(fake, h, { staffId: 'x1', corpId: 'dingOTHER', conversationId: 'cidGroup1', text: '汇总' })
    expect(outsider.outcome.reason).toBe('sender outside the organisation')
    const own = await ask(fake, h, { staffId: 'x2', text: '汇总', extra: { senderId: '$:LWCP_v1:$bot' } })
    expect(own.outcome.reason).toBe('own message')
    // Pictures and files are 佐证材料 (dingtalk-evidence.test.ts); a video is not read.
    const video = await ask(fake, h, { staffId: 'x3', extra: { msgtype: 'video', content: { downloadCode: 'abc', videoType: 'mp4' } } })
    expect(video.outcome.reason).toBe('not text (video)')
    expect(fake.shown).toEqual([])
    // Dropped messages are acknowledged too: DingTalk must not push them again.
    await eventually(() => [...fake.deliveries.values()].every((d) => d.acks === 1))
  })

  it('answers members of DINGTALK_CORP_ID only, when it is set', async () => {
    ;({ fake, h } = await dingtalkHarness({ DINGTALK_CORP_ID: 'dingOTHER' }))
    expect((await ask(fake, h, { staffId: 'x1', text: '帮助' })).outcome.reason).toBe('sender outside the organisation')
    expect((await ask(fake, h, { staffId: 'x1', corpId: 'dingOTHER', text: '帮助' })).outcome.action).toBe('replied')
  })

  it('writes nothing to stdout (the SDK prints with console.info)', async () => {
    const writes = vi.spyOn(process.stdout, 'write')
    try {
      ;({ fake, h } = await dingtalkHarness())
      fake.drop()
      await eventually(() => h.lines('dingtalk: reconnected').length === 1)
      await h.close()
      expect(writes).not.toHaveBeenCalled()
      expect(h.lines('dingtalk sdk:').some((l) => l.includes('connect success'))).toBe(true)
    } finally {
      writes.mockRestore()
    }
  })
})

describe('the DingTalk door: long replies and files', () => {
  it('splits a long reply at 2,000 characters, in order, the first part mentioning the asker', async () => {
    ;({ fake, h } = await dingtalkHarness())
    await seedProgress(h.runtime, 'dingtalk:zhang01', 'dingtalk', 40)
    await ask(fake, h, { staffId: 'zhang01', conversationId: 'cidGroup1', text: '第20条全部进展' })
    const shown = fake.visible('cidGroup1')
    expect(shown.length).toBeGreaterThan(1)
    for (const s of shown) expect(DINGTALK_LIMIT.measure(s.content)).toBeLessThanOrEqual(DINGTALK_LIMIT.max)
    expect(shown.map((s) => s.atUserIds)).toEqual([['zhang01'], ...shown.slice(1).map(() => [])])
    const text = shown.map((s) => s.content).join('\n')
    expect(text.replace('@zhang01 ', '').replace(/\s/g, '')).toBe(h.answered.at(-1)?.reply.reply.replace(/\s/g, ''))
  })

  it('sends 「导出台账」 as an xlsx file message after uploading it', async () => {
    ;({ fake, h } = await dingtalkHarness({ BOT_LEADERS: 'dingtalk:boss01' }))
    const { conversationId } = await ask(fake, h, { staffId: 'boss01', text: '导出台账' })
    const [text, file] = fake.shown
    expect(text?.chat).toBe(conversationId)
    expect(text?.content).toContain('已生成台账')
    expect(text?.content).not.toContain(h.dir)
    expect(file).toMatchObject({ via: 'api', chat: 'user:boss01' })
    expect(file?.file?.name).toMatch(/^台账-.*\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file?.file?.bytes as never)
    expect(book.getWorksheet('台账')?.rowCount).toBeGreaterThan(60)
  })

  it('says so, with no path, when the file cannot be sent', async () => {
    ;({ fake, h } = await dingtalkHarness({ BOT_LEADERS: 'dingtalk:boss01' }))
    fake.refuseNext('/media/upload', 200, { errcode: 40035, errmsg: 'file too large' })
    await ask(fake, h, { staffId: 'boss01', conversationId: 'cidLeaders', text: '导出台账' })
    const shown = fake.visible('cidLeaders')
    expect(shown).toHaveLength(2)
    expect(shown[1]?.content).toMatch(/^文件「台账-.*\.xlsx」已生成，但发送到钉钉失败。/)
    expect(shown[1]?.content).not.toContain(h.dir)
  })

  it('takes dingtalk:<staffId> in BOT_ADMINS for approvals', async () => {
    ;({ fake, h } = await dingtalkHarness({ BOT_BINDING_POLICY: 'approval', BOT_ADMINS: 'dingtalk:boss01' }))
    await ask(fake, h, { staffId: 'li01', text: '我是知识产权促进科的' })
    await ask(fake, h, { staffId: 'boss01', text: '批准 dingtalk:li01' })
    expect((await h.runtime.store.getBinding('dingtalk:li01'))?.status).toBe('approved')
  })
})
