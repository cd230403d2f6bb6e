import { afterEach, describe, expect, it } from 'vitest'
import type { DoorHarness } from './helpers/door-harness.js'
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

  it('ignores external contacts, frames for another bot and non-text messages', async () => {
    ;({ fake, h } = await wecomHarness())
    const external = await ask(fake, h, { userid: 'wmAbCdEfGhIjKlMnOpQrStUvWxYz012345', chatid: 'wrGroup1', text: '@助手 汇总' })
    expect(external.outcome.reason).toBe('sender outside the organisation (external contact)')
    const image = fake.deliver(BOT_ID, { userid: 'lisi', msgtype: 'image', body: { image: { url: 'http://127.0.0.1/x' } } })
    expect((await h.outcome(image.msgid)).reason).toBe('not text (image)')
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
  })
})
