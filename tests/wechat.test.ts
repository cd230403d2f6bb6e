import { FileBox, FileBoxType } from 'file-box'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { POLITE_ERROR_REPLY } from '../src/adapters/wechat/index.js'
import type { IncomingMessage } from '../src/core/message.js'
import { BOT_NAME, startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'
import { type RecordingRuntime, removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

const MENTION = '\u2005'
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

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

const lastIncoming = (): IncomingMessage | undefined => runtime.seen.at(-1)

describe('WeChat adapter in a room', () => {
  it('answers a real @-mention in the room, mentioning the asker', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, `@${BOT_NAME}${MENTION}商标工作谁牵头？`, h.room, [h.botUser])
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })

    const [reply, ...more] = h.sentByBot()
    expect(more).toEqual([])
    expect(reply?.roomId).toBe(h.room.id)
    expect(reply?.text.startsWith('@张科长 ')).toBe(true)
    expect(reply?.text).toContain('知识产权')
    expect(reply?.text).toMatch(/第\s*\d+\s*条/)
    // A real mention (the id goes to the puppet), not just the name in the text.
    expect(h.textSends.map((s) => s.mentionIdList)).toEqual([[h.alice.id]])
  })

  it('hands the core the text without the mention, with namespaced ids', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, `@${BOT_NAME}${MENTION}商标工作谁牵头？`, h.room, [h.botUser])
    await h.outcomeOf(id)
    expect(lastIncoming()).toMatchObject({
      text: '商标工作谁牵头？',
      user: `wechat:${h.alice.id}`,
      userName: '张科长',
      channel: h.room.id,
      messageId: `wechat:${id}`,
      platform: 'wechat',
    })
  })

  it("removes only the bot's own mention, keeping other people's", async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, `@${BOT_NAME}${MENTION}@李干事${MENTION}负责哪些任务`, h.room, [h.botUser, h.bob])
    await h.outcomeOf(id)
    expect(lastIncoming()?.text).toBe(`@李干事${MENTION}负责哪些任务`)
  })

  it('stays silent when a room message neither mentions the bot nor starts with a command word', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, '商标工作谁牵头？', h.room)
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'ignored', reason: 'not addressed' })
    expect(h.sentByBot()).toEqual([])
  })

  it('does not take a typed "@name" for a mention', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, `@${BOT_NAME} 商标工作谁牵头？`, h.room, [])
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'ignored', reason: 'not addressed' })
    expect(h.sentByBot()).toEqual([])
  })

  it('answers a message that starts with a command word without a mention', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, '帮助', h.room)
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })
    expect(h.sentByBot()).toHaveLength(1)
    expect(h.sentByBot()[0]?.roomId).toBe(h.room.id)
  })

  it('answers only in rooms on the WECHAT_ROOMS allow-list (by topic or id)', async () => {
    h = await startWechatHarness(await startRuntime({ WECHAT_ROOMS: '督办群, 123456@chatroom' }, runtime))
    const members = [h.botUser.id, h.alice.id]
    const byId = h.mocker.createRoom({ id: '123456@chatroom', topic: '专利组', memberIdList: members })
    const other = h.mocker.createRoom({ topic: '闲聊群', memberIdList: members })

    const outside = h.say(h.alice, `@${BOT_NAME}${MENTION}帮助`, other, [h.botUser])
    expect(await h.outcomeOf(outside)).toMatchObject({ action: 'ignored', reason: 'room not allowed' })
    const byTopic = h.say(h.alice, `@${BOT_NAME}${MENTION}帮助`, h.room, [h.botUser])
    expect(await h.outcomeOf(byTopic)).toMatchObject({ action: 'replied' })
    const listedById = h.say(h.alice, '帮助', byId)
    expect(await h.outcomeOf(listedById)).toMatchObject({ action: 'replied' })
    expect(h.sentByBot().map((m) => m.roomId)).toEqual([h.room.id, byId.id])
  })
})

describe('WeChat adapter in direct messages', () => {
  it('always answers a direct message, without a mention', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.bob, '商标工作谁牵头？', h.botUser)
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })
    const [reply] = h.sentByBot()
    expect(reply?.listenerId).toBe(h.bob.id)
    expect(reply?.roomId).toBeUndefined()
    expect(reply?.text).toContain('知识产权')
    expect(reply?.text.startsWith('@')).toBe(false)
  })

  it('ignores messages that are neither text nor a picture or file (a video), and official accounts', async () => {
    h = await startWechatHarness(runtime)
    h.alice.say(FileBox.fromBase64(Buffer.from('x').toString('base64'), 'clip.mp4')).to(h.botUser)
    const image = h.messages.at(-1)?.id ?? ''
    expect(await h.outcomeOf(image)).toMatchObject({ action: 'ignored', reason: 'not text' })

    const official = h.mocker.createContact({ name: '某公众号', type: types.Contact.Official })
    const fromOfficial = h.say(official, '帮助', h.botUser)
    expect(await h.outcomeOf(fromOfficial)).toMatchObject({ action: 'ignored', reason: 'other bot' })
    expect(h.sentByBot()).toEqual([])
  })
})

describe('WeChat adapter etiquette', () => {
  it("ignores the bot's own messages, so its replies cause no loop", async () => {
    h = await startWechatHarness(runtime)
    const own = h.say(h.botUser, '汇总', h.room)
    expect(await h.outcomeOf(own)).toMatchObject({ action: 'ignored', reason: 'own message' })

    const question = h.say(h.alice, '帮助', h.botUser)
    await h.outcomeOf(question)
    const [reply] = h.sentByBot().filter((m) => m.id !== own)
    // The reply comes back from the puppet as a message; it must be dropped, not answered.
    expect(await h.outcomeOf(reply?.id ?? '')).toMatchObject({ action: 'ignored', reason: 'own message' })
    expect(h.sentByBot().filter((m) => m.id !== own)).toHaveLength(1)
  })

  it('handles the same message id once, even when delivered twice', async () => {
    h = await startWechatHarness(runtime)
    const id = h.say(h.alice, '帮助', h.botUser)
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })
    h.redeliver(id)
    expect(await h.outcomeOf(id, 2)).toMatchObject({ action: 'ignored', reason: 'duplicate' })
    expect(h.sentByBot()).toHaveLength(1)
  })

  it('remembers handled message ids across a restart (kept in the store)', async () => {
    const first = await startRuntime({}, runtime)
    h = await startWechatHarness(first)
    const id = h.inject({ talkerId: h.alice.id, listenerId: h.botUser.id, text: '帮助' })
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })
    await h.stop()
    await first.close()

    const second = await startRuntime({}, first)
    h = await startWechatHarness(second)
    const again = h.inject({ id, talkerId: h.alice.id, listenerId: h.botUser.id, text: '帮助' })
    expect(await h.outcomeOf(again)).toMatchObject({ action: 'ignored', reason: 'duplicate' })
    expect(h.sentByBot()).toEqual([])
    await second.close()
  })

  it('drops questions and chatter in the backlog replayed after login (older than BOT_BACKLOG_SECONDS)', async () => {
    h = await startWechatHarness(runtime)
    const old = Date.now() - (runtime.config.BOT_BACKLOG_SECONDS + 60) * 1000
    const id = h.inject({ talkerId: h.alice.id, listenerId: h.botUser.id, text: '帮助', timestamp: old })
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'ignored', reason: 'backlog' })
    const export_ = h.inject({ talkerId: h.alice.id, listenerId: h.botUser.id, text: '导出台账', timestamp: old })
    expect(await h.outcomeOf(export_)).toMatchObject({ action: 'ignored', reason: 'backlog' })
    const fresh = h.inject({ talkerId: h.alice.id, listenerId: h.botUser.id, text: '帮助' })
    expect(await h.outcomeOf(fresh)).toMatchObject({ action: 'replied' })
    expect(h.sentByBot()).toHaveLength(1)
  })

  it('carries out bindings, progress reports and withdrawals in the backlog, each answered once', async () => {
    const harness = await startWechatHarness(runtime)
    h = harness
    const old = Date.now() - (runtime.config.BOT_BACKLOG_SECONDS + 600) * 1000
    const talk = (text: string, at = old) =>
      harness.inject({ talkerId: harness.bob.id, listenerId: harness.botUser.id, text, timestamp: at })
    const bind = talk('我是知识产权促进科的')
    expect(await h.outcomeOf(bind)).toMatchObject({ action: 'replied', intent: 'bind' })
    const report = talk('进度 20 截至6月底发明专利申请量1200件', old + 1000)
    expect(await h.outcomeOf(report)).toMatchObject({ action: 'replied', intent: 'log_progress' })
    expect(h.sentByBot().at(-1)?.text).toContain('已记录')
    h.redeliver(report)
    expect(await h.outcomeOf(report, 2)).toMatchObject({ action: 'ignored', reason: 'duplicate' })
    const stored = (await runtime.inner.store.updatesForTask(20)).filter((u) => u.user === `wechat:${harness.bob.id}`)
    expect(stored).toHaveLength(1)
    const withdraw = talk('撤回', Date.now() - (runtime.config.BOT_BACKLOG_SECONDS + 30) * 1000)
    expect(await h.outcomeOf(withdraw)).toMatchObject({ action: 'replied', intent: 'withdraw' })
    expect((await runtime.inner.store.updatesForTask(20)).filter((u) => u.user === `wechat:${harness.bob.id}`)).toHaveLength(0)
    expect(h.sentByBot()).toHaveLength(3)
  })
})

describe('WeChat adapter sending', () => {
  it('splits a long reply into parts of at most 2,000 bytes, sent in order', async () => {
    h = await startWechatHarness(runtime)
    // A long report, read back in the room: its text alone is longer than one WeChat message.
    await h.outcomeOf(h.say(h.alice, '我是知识产权促进科的', h.botUser))
    await h.outcomeOf(h.say(h.alice, `进度 20 ${'组织企业开展专利导航和知识产权培训，'.repeat(45)}`, h.botUser))
    const sentBefore = h.sentByBot().length
    const id = h.say(h.alice, `@${BOT_NAME}${MENTION}第20条全部进展`, h.room, [h.botUser])
    await h.outcomeOf(id)
    const expected = (await runtime.inner.bot.handle({ text: '第20条全部进展', user: 'wechat:check', platform: 'wechat' })).reply
    const parts = h
      .sentByBot()
      .slice(sentBefore)
      .map((m) => m.text)

    expect(bytes(expected)).toBeGreaterThan(2000)
    expect(parts.length).toBeGreaterThanOrEqual(Math.ceil(bytes(expected) / 2000))
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(2000)
    expect(parts[0]?.startsWith('@张科长 ')).toBe(true)
    expect(parts.slice(1).some((p) => p.startsWith('@张科长'))).toBe(false)
    const joined = parts.join('').replace(/^@张科长 /, '')
    expect(joined.replace(/\s/g, '')).toBe(expected.replace(/\s/g, ''))
  })

  it('keeps the order of many parts under a small limit and a send interval', async () => {
    h = await startWechatHarness(await startRuntime({ BOT_SEND_INTERVAL_MS: '5' }, runtime), { maxBytes: 300 })
    const id = h.say(h.bob, '知识产权促进科的任务有哪些', h.botUser)
    await h.outcomeOf(id)
    const expected = (await runtime.inner.bot.handle({ text: '知识产权促进科的任务有哪些', user: 'wechat:check', platform: 'wechat' }))
      .reply
    const parts = h.sentByBot().map((m) => m.text)

    expect(bytes(expected)).toBeGreaterThan(300)
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(300)
    expect(parts.join('').replace(/\s/g, '')).toBe(expected.replace(/\s/g, ''))
  })

  it('sends a file produced by the core with FileBox after the text', async () => {
    const withFile = await startRuntime({}, runtime, async (msg, inner) => ({
      ...(await inner(msg)),
      file: { path: new URL('../package.json', import.meta.url).pathname, name: '台账.txt' },
    }))
    h = await startWechatHarness(withFile)
    const id = h.say(h.alice, '导出', h.room)
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })
    const sent = h.sentByBot()
    // The mock types a sent file by media type and knows few of them; it is not text, and it is last.
    expect(sent).toHaveLength(2)
    expect(sent[0]?.type).toBe(types.Message.Text)
    expect(sent[1]?.type).not.toBe(types.Message.Text)
    expect(h.files).toMatchObject([{ conversationId: h.room.id, name: '台账.txt', boxType: FileBoxType.File }])
    expect(h.files[0]?.content).toContain('gongzuo-yaodian-bot')
  })

  it('logs a failure and gives the user a polite reply', async () => {
    const failing = await startRuntime({}, runtime, async () => {
      throw new Error('boom')
    })
    h = await startWechatHarness(failing)
    const id = h.say(h.alice, `@${BOT_NAME}${MENTION}商标工作谁牵头？`, h.room, [h.botUser])
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'failed', reason: 'bot error' })
    expect(h.sentByBot().map((m) => m.text)).toEqual([`@张科长 ${POLITE_ERROR_REPLY}`])
    expect(failing.logged.some((l) => l.includes('boom') && l.includes(id))).toBe(true)
  })

  it('posts a notice to a room found by topic or id, and rejects an unknown room', async () => {
    h = await startWechatHarness(runtime)
    await h.adapter.sendToRoom('督办群', '请各单位月底前报送进度。')
    await h.adapter.sendToRoom(h.room.id, '提醒二')
    expect(h.sentByBot().map((m) => [m.roomId, m.text])).toEqual([
      [h.room.id, '请各单位月底前报送进度。'],
      [h.room.id, '提醒二'],
    ])
    await expect(h.adapter.sendToRoom('不存在的群', '…')).rejects.toThrow('wechat: no room with id or topic "不存在的群"')
  })

  it('stop() finishes the reply in hand and drains the queue before stopping Wechaty', async () => {
    h = await startWechatHarness(await startRuntime({ BOT_SEND_INTERVAL_MS: '10' }, runtime), { maxBytes: 200 })
    const id = h.say(h.bob, '知识产权促进科的任务有哪些', h.botUser)
    await h.whenBotHasSent(1)
    await h.stop()
    const outcome = h.outcomes.find((o) => o.messageId === id)
    expect(outcome).toMatchObject({ action: 'replied' })
    expect(h.sentByBot().length).toBeGreaterThan(2)
  })
})
