import { FileBox } from 'file-box'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PNG } from './helpers/evidence-files.js'
import { startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'
import { type RecordingRuntime, removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

/**
 * 佐证材料 through the WeChat door: a real Wechaty on wechaty-puppet-mock. A picture cannot carry a
 * mention, so in a group it is the bot's only when its sender just reported there; in a private
 * chat it always is. The core keeps it with that report.
 */

let runtime: RecordingRuntime
let h: WechatHarness | undefined

beforeAll(async () => {
  runtime = await startRuntime()
})
afterEach(async () => {
  await h?.stop()
  h = undefined
})
afterAll(async () => {
  await runtime?.close()
  removeRuntimeDirs()
})

/** `contact` sends a picture to `to`; returns the message id. */
function picture(
  harness: WechatHarness,
  contact: WechatHarness['alice'],
  name: string,
  to: WechatHarness['room'] | WechatHarness['botUser'],
) {
  contact.say(FileBox.fromBase64(PNG.toString('base64'), name)).to(to)
  return harness.messages.at(-1)?.id ?? ''
}

describe('佐证材料 in WeChat', () => {
  it('keeps a picture posted in the group right after its sender’s report there', async () => {
    h = await startWechatHarness(runtime)
    await h.outcomeOf(h.say(h.alice, '我是知识产权促进科的', h.botUser))
    const report = h.say(h.alice, '进度 20 截至6月底发明专利申请量1200件', h.room)
    expect(await h.outcomeOf(report)).toMatchObject({ action: 'replied', intent: 'log_progress' })
    const photo = picture(h, h.alice, '现场.png', h.room)
    expect(await h.outcomeOf(photo)).toMatchObject({ action: 'replied', intent: 'evidence' })
    const [kept] = await runtime.inner.context.store.evidence.list()
    expect(kept).toMatchObject({ task: 20, name: '现场.png', mime: 'image/png', user: `wechat:${h.alice.id}` })
    expect(h.sentByBot().at(-1)?.text).toContain('佐证材料：已保存「现场.png」')
  })

  it('ignores a picture in the group from someone who did not just report', async () => {
    h = await startWechatHarness(runtime)
    const photo = picture(h, h.bob, '聚餐.png', h.room)
    expect(await h.outcomeOf(photo)).toMatchObject({ action: 'ignored', reason: 'not addressed' })
    expect(h.sentByBot()).toEqual([])
  })

  it('answers a picture in a private chat, saying what to do when there is no report to attach it to', async () => {
    h = await startWechatHarness(runtime)
    const photo = picture(h, h.bob, '随手拍.png', h.botUser)
    expect(await h.outcomeOf(photo)).toMatchObject({ action: 'replied', intent: 'evidence' })
    expect(h.sentByBot().at(-1)?.text).toContain('没有找到你30分钟内报送的进度')
    expect((await runtime.inner.context.store.evidence.list()).filter((e) => e.name === '随手拍.png')).toEqual([])
  })
})
