import { afterEach, describe, expect, it } from 'vitest'
import { NOT_STORED } from '../src/adapters/chat/inbox-pipeline.js'
import { ConfigError } from '../src/config.js'
import { deliveryRows } from './helpers/delivery-rows.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { eventually } from './helpers/eventually.js'
import { freePort } from './helpers/free-port.js'
import { seedProgress } from './helpers/seed-progress.js'
import { ask, BOT_ID, type WecomRun, wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'

/**
 * The WeCom door under faults, driving the official SDK against the local fake: a dropped
 * connection, a kick by another connection of the same bot, refused credentials, a kill between
 * accepting a message and answering it, a kill before WeCom's ack, slow and refused sends.
 */

let fake: FakeWecom
let h: DoorHarness<WecomRun>
afterEach(async () => {
  await h?.close()
  await fake?.close()
})

describe('the WeCom connection', () => {
  it('stops start-up with a Chinese message naming the settings when WeCom refuses the credentials', async () => {
    const attempt = wecomHarness({ WECOM_BOT_SECRET: 'wrong-secret' })
    await expect(attempt).rejects.toBeInstanceOf(ConfigError)
    await expect(attempt).rejects.toThrow(/企业微信拒绝了机器人凭证.*WECOM_BOT_ID 和 WECOM_BOT_SECRET/)
  })

  it('starts when WeCom cannot be reached, says so, and keeps trying', async () => {
    const port = await freePort()
    ;({ fake, h } = await wecomHarness({ WECOM_WS_URL: `ws://127.0.0.1:${port}` }))
    expect(h.lines('wecom: not connected yet; the door starts and keeps trying')).toHaveLength(1)
    expect(h.lines('wecom: connection lost (network: connect ECONNREFUSED')[0]).toMatch(/reconnecting in 0\.05 s \(attempt 1\)/)
  })

  it('reconnects after the network drops, logging the cause, and answers again', async () => {
    ;({ fake, h } = await wecomHarness())
    fake.drop(BOT_ID)
    await eventually(() => h.lines('wecom: reconnected').length === 1)
    expect(fake.logins).toHaveLength(2)
    expect(h.lines('wecom: connection lost (network:')).toHaveLength(1)
    const { outcome } = await ask(fake, h, { userid: 'lisi', text: '帮助' })
    expect(outcome).toMatchObject({ action: 'replied', delivered: true })
  })

  it('comes back after being kicked by another connection of the same bot, on a slower backoff', async () => {
    ;({ fake, h } = await wecomHarness())
    fake.kick(BOT_ID)
    await fake.until(() => fake.logins.length === 2 && fake.online(BOT_ID))
    const [line] = h.lines('kicked by another connection of the same bot')
    expect(line).toMatch(/reconnecting in 0\.1 s \(attempt 1\)/)
    fake.kick(BOT_ID)
    await fake.until(() => fake.logins.length === 3 && fake.online(BOT_ID))
    expect(h.lines('kicked by another connection of the same bot')[1]).toMatch(/reconnecting in 0\.2 s \(attempt 2\)/)
    expect((await ask(fake, h, { userid: 'lisi', text: '帮助' })).outcome.action).toBe('replied')
  })

  it('keeps trying when the secret is refused after a drop, naming the credentials, and recovers once it is right', async () => {
    ;({ fake, h } = await wecomHarness())
    fake.setSecret(BOT_ID, 'rotated')
    fake.drop(BOT_ID)
    await fake.until(() => h.lines('bad credentials').length >= 2)
    expect(h.lines('bad credentials')[0]).toContain('WeCom refused WECOM_BOT_ID / WECOM_BOT_SECRET')
    fake.setSecret(BOT_ID, 'wecom-secret-1')
    await fake.until(() => fake.online(BOT_ID), 15_000)
    expect(fake.logins.filter((l) => !l.ok).length).toBeGreaterThanOrEqual(2)
  })
})

describe('the WeCom door across a kill', () => {
  it('tells the sender at once when a message cannot be stored (WeCom never sends it again)', async () => {
    ;({ fake, h } = await wecomHarness())
    await h.runtime.store.close()
    const sent = fake.deliver(BOT_ID, { userid: 'lisi', text: '进度 20 已完成' })
    expect(await h.outcome(sent.msgid)).toMatchObject({ action: 'not stored', reason: 'inbox write failed' })
    await fake.until(() => fake.visible('lisi').length === 1)
    expect(fake.visible('lisi')[0]?.content).toBe(NOT_STORED)
  })

  it('answers after a restart a message accepted before the kill, once', async () => {
    ;({ fake, h } = await wecomHarness())
    await ask(fake, h, { userid: 'zhangsan', text: '我是知识产权促进科的' })
    const gate = h.gate('进度 20')
    const sent = fake.deliver(BOT_ID, { userid: 'zhangsan', chatid: 'wrGroup1', text: '@助手 进度 20 发明专利申请量1200件' })
    await gate.reached
    await h.crash()
    await fake.until(() => fake.visible('wrGroup1').length === 1)
    expect(await h.outcome(sent.msgid, 'replied')).toMatchObject({ reason: 'replayed after a restart; reply queued' })
    const shown = fake.visible('wrGroup1')
    expect(shown[0]).toMatchObject({ via: 'respond' })
    // The bundled plan is 2023's: on today's clock a report on it is a 补报.
    expect(shown[0]?.content).toMatch(/已记录(?:（补报）)?：第20条/)
    expect((await h.runtime.store.liveUpdates()).map((u) => u.task)).toEqual([20])
    gate.release()
  })

  it('stores what arrives while it stops, and answers it at the next start', async () => {
    ;({ fake, h } = await wecomHarness())
    const gate = h.gate('第20条')
    const held = fake.deliver(BOT_ID, { userid: 'lisi', text: '第20条是什么' })
    await gate.reached
    const stopping = h.door.stop()
    const late = fake.deliver(BOT_ID, { userid: 'wangwu', text: '帮助' })
    expect(await h.outcome(late.msgid)).toMatchObject({ action: 'dropped', reason: 'stored while stopping; answered at the next start' })
    gate.release()
    await stopping
    expect(await h.outcome(held.msgid)).toMatchObject({ action: 'replied', delivered: true })
    await h.restart()
    expect(await h.outcome(late.msgid, 'replied')).toMatchObject({ reason: 'replayed after a restart; reply queued' })
    await fake.until(() => fake.visible('wangwu').length === 1)
  })

  it('keeps a reply made while disconnected, and sends it once connected again, even across a stop', async () => {
    ;({ fake, h } = await wecomHarness())
    const gate = h.gate('第20条')
    const sent = fake.deliver(BOT_ID, { userid: 'lisi', text: '第20条是什么' })
    await gate.reached
    fake.setSecret(BOT_ID, 'rotated')
    fake.drop(BOT_ID)
    await eventually(() => h.lines('bad credentials').length >= 1)
    gate.release()
    // Queued, waiting for the connection.
    await eventually(() => deliveryRows(h.env.BOT_DB as string).unsent.length === 1)
    expect(fake.visible('lisi')).toEqual([])
    await h.door.stop() // still refused: the part stays queued
    expect(await h.outcome(sent.msgid, 'replied')).toMatchObject({ delivered: false })
    fake.setSecret(BOT_ID, 'wecom-secret-1')
    await h.restart()
    await fake.until(() => fake.visible('lisi').length === 1)
    expect(fake.visible('lisi')[0]?.via).toBe('respond')
  })

  it('sends a reply whose ack was lost again after the restart, replacing rather than repeating it', async () => {
    ;({ fake, h } = await wecomHarness())
    fake.holdNext('aibot_respond_msg')
    fake.deliver(BOT_ID, { userid: 'lisi', chatid: 'wrGroup2', text: '@助手 第20条是什么' })
    await fake.until(() => fake.visible('wrGroup2').length === 1)
    await h.crash()
    await eventually(() => deliveryRows(h.env.BOT_DB as string).unsent.length === 0)
    const streamIds = fake.received
      .filter((f) => f.cmd === 'aibot_respond_msg')
      .map((f) => (f.body?.stream as { id?: string } | undefined)?.id)
    expect(streamIds).toHaveLength(2)
    expect(streamIds[1]).toBe(streamIds[0])
    expect(fake.visible('wrGroup2')).toHaveLength(1)
  })

  it('pushes the reply to the chat when WeCom no longer takes an answer to the callback', async () => {
    ;({ fake, h } = await wecomHarness())
    fake.refuseNext('aibot_respond_msg', 846609, 'req_id expired')
    await ask(fake, h, { userid: 'lisi', chatid: 'wrGroup3', text: '@助手 第20条是什么' })
    const shown = fake.visible('wrGroup3')
    expect(shown.map((v) => v.via)).toEqual(['push'])
    expect(shown[0]?.content).toBe(`<@lisi> ${h.answered.at(-1)?.reply.reply}`)
    expect(h.lines('the callback can no longer be answered')).toHaveLength(1)
  })
})

describe('the WeCom door: slow and refused sends', () => {
  it('a slow chat does not hold up another chat', async () => {
    ;({ fake, h } = await wecomHarness())
    fake.ackDelayMs = 600
    const a = fake.deliver(BOT_ID, { userid: 'lisi', chatid: 'wrSlowA', text: '@助手 第20条是什么' })
    const b = fake.deliver(BOT_ID, { userid: 'wangwu', chatid: 'wrSlowB', text: '@助手 第21条是什么' })
    expect(await h.outcome(a.msgid)).toMatchObject({ delivered: true })
    expect(await h.outcome(b.msgid)).toMatchObject({ delivered: true })
    const [first, second] = fake.received.filter((f) => f.cmd === 'aibot_respond_msg')
    expect(second?.at).toBeLessThan(first?.answeredAt ?? 0)
  })

  it('spaces the parts of a reply in one chat by BOT_SEND_INTERVAL_MS', async () => {
    ;({ fake, h } = await wecomHarness({ BOT_SEND_INTERVAL_MS: '250' }))
    await seedProgress(h.runtime, 'wecom:zhangsan', 'wecom', 40)
    await ask(fake, h, { userid: 'zhangsan', text: '第20条全部进展' })
    const parts = fake.received.filter((f) => f.cmd === 'aibot_respond_msg' || f.cmd === 'aibot_send_msg')
    expect(parts.length).toBeGreaterThan(1)
    for (let i = 1; i < parts.length; i++) expect((parts[i]?.at ?? 0) - (parts[i - 1]?.answeredAt ?? 0)).toBeGreaterThanOrEqual(240)
  })

  it('logs a refused part, skips the rest of that reply, and never sends it again after a restart', async () => {
    ;({ fake, h } = await wecomHarness())
    await seedProgress(h.runtime, 'wecom:zhangsan', 'wecom', 60)
    fake.refuseNext('aibot_send_msg', 45033, 'api freq out of limit')
    const { outcome } = await ask(fake, h, { userid: 'zhangsan', text: '第20条全部进展' })
    expect(outcome).toMatchObject({ action: 'replied', delivered: false })
    expect(fake.visible('zhangsan').map((v) => v.via)).toEqual(['respond'])
    expect(h.lines('wecom: send failed; the rest of this reply is skipped')).toHaveLength(1)
    await h.restart()
    expect(deliveryRows(h.env.BOT_DB as string).unsent).toEqual([])
    expect(fake.visible('zhangsan')).toHaveLength(1)
  })
})
